import { Command, Option } from 'commander';
import { DecisionService, DuckDbDecisionStore, parseDuration } from '../decisions/index.js';
import { EXPORT_FORMATS, exportFile, exportFormat, exportMessages, splitCommandLine, type ExportFormatName, type ExportRun } from '../decisions/export/index.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from './errors.js';
import { langOption, parseLang } from './options.js';

type Out = (text: string) => void;
const stdout: Out = (text) => void process.stdout.write(text);

interface ExportOptions {
  format: ExportFormatName;
  out: string;
  reload?: string;
  reloadTimeout: string;
  lang?: string;
}

/** Adds `export` under the `decisions` command: writes the bans in force to a file once. */
export function registerDecisionsExport(decisions: Command, out: Out = stdout): void {
  decisions
    .command('export')
    .description(
      'Write the bans in force to a file (nginx geo or deny, nftables, ipset, plain text), atomically; optionally run a reload command.\n' +
        'Écrit les blocages en vigueur dans un fichier (geo ou deny nginx, nftables, ipset, texte brut), de façon atomique ; lance au besoin une commande de rechargement.',
    )
    .addOption(new Option('--format <format>', 'file format / format du fichier').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write / fichier à écrire')
    .option('--reload <command>', 'command to run after writing, no shell, e.g. "systemctl reload nginx" / commande lancée après l\u2019écriture, sans shell')
    .option('--reload-timeout <duration>', 'stop the reload command after / arrêter la commande après', '30s')
    .addOption(langOption())
    .action(async (opts: ExportOptions, command: Command) => {
      const lang = parseLang(opts.lang);
      const t = exportMessages(lang);
      const argv = opts.reload === undefined ? null : splitCommandLine(opts.reload);
      if (opts.reload !== undefined && (!argv || argv.length === 0)) throw new UserError(t('bad-reload', { value: opts.reload }), EXIT_USAGE);
      const timeoutMs = parseDuration(opts.reloadTimeout);
      if (timeoutMs === null) throw new UserError(t('bad-timeout', { value: opts.reloadTimeout }), EXIT_USAGE);

      const store = await DuckDbDecisionStore.open(dataDirOf(command));
      let run: ExportRun;
      try {
        const service = new DecisionService(store);
        run = await exportFile(await service.list(), service.now(), { format: exportFormat(opts.format), path: opts.out, reload: argv ? { argv, timeoutMs } : undefined });
      } finally {
        await store.close();
      }
      if (run.error !== null) throw new UserError(t('failed', { path: run.path, reason: run.error }), EXIT_FAILED);
      out(`${t('written', { entries: run.entries, path: run.path, format: run.format })}\n`);
      const { asn, country, invalid } = run.skipped;
      if (asn + country + invalid > 0) out(`${t('skipped', { asn, country, invalid })}\n`);
      if (run.reload) {
        const commandText = run.reload.argv.join(' ');
        const stderr = run.reload.stderr.trimEnd();
        if (run.reload.ok) out(`${t('reload-ok', { command: commandText })}\n`);
        else {
          process.exitCode = EXIT_FAILED;
          if (run.reload.error !== null) out(`${t('reload-error', { command: commandText, reason: run.reload.error })}\n`);
          else if (run.reload.timedOut) out(`${t('reload-timeout', { command: commandText, seconds: Math.round(timeoutMs / 1000), stderr })}\n`);
          else out(`${t('reload-failed', { command: commandText, code: String(run.reload.exitCode ?? run.reload.signal), stderr })}\n`);
        }
      }
    });
}

function dataDirOf(command: Command): string {
  return command.optsWithGlobals<{ dataDir?: string }>().dataDir ?? process.env.VIGIE_DATA_DIR ?? './vigie-data';
}
