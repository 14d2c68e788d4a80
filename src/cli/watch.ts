import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { parseAlertsConfig, type AlertsConfig } from '../alerts/config.js';
import { EXPORT_FORMATS, splitCommandLine, type ExportFormatName } from '../decisions/export/index.js';
import { displayValue, formatGoDuration } from '../decisions/decision.js';
import { describeNotice } from '../traffic/sources/live/index.js';
import { EXIT_USAGE, UserError } from './errors.js';
import { cliMessages } from './messages.js';
import { collectList, langOption, parseCountry, parseLang } from './options.js';

interface WatchCliOptions {
  home: string;
  listen: string;
  fromStart?: boolean;
  format?: string;
  logFormat?: string;
  trustedProxy?: string[];
  lang?: string;
  rules?: string[];
  export?: string[];
  reload?: string;
  alerts?: string;
  syslog?: string;
  retention: string;
}

function parseExports(values: string[], reload: string | undefined): { format: ExportFormatName; path: string; reload?: string[] }[] {
  let argv: string[] | undefined;
  if (reload !== undefined) {
    const split = splitCommandLine(reload);
    if (!split || split.length === 0) throw new UserError(`--reload: expected a command such as "nginx -s reload", got "${reload}" / attendu : une commande comme "nginx -s reload"`, EXIT_USAGE);
    argv = split;
  }
  return values.map((value) => {
    const colon = value.indexOf(':');
    const format = value.slice(0, colon) as ExportFormatName;
    if (colon <= 0 || colon === value.length - 1 || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`--export: expected FORMAT:PATH with FORMAT one of ${EXPORT_FORMATS.join(', ')}, got "${value}" / attendu : FORMAT:CHEMIN`, EXIT_USAGE);
    }
    return { format, path: value.slice(colon + 1), reload: argv };
  });
}

function readAlerts(file: string): AlertsConfig {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const section = document && typeof document === 'object' && 'alerts' in document ? (document as { alerts: unknown }).alerts : document;
  const parsed = parseAlertsConfig(section);
  if (!parsed.ok) throw new UserError(`${file}: ${parsed.errors.join('; ')}`);
  return parsed.config;
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description(
      'Follow web logs as they are written (rotation included), detect attacks, decide, and serve the decisions to CrowdSec bouncers.\n' +
        'Suit les journaux web au fil de l\u2019eau (rotations comprises), détecte les attaques, décide, et sert les décisions aux bouncers CrowdSec.',
    )
    .argument('[paths...]', 'log files or globs such as /var/log/nginx/*.log (quote the glob)')
    .option('--home <country>', 'home country (ISO code)', 'CA')
    .option('--listen <host:port>', 'address of the bouncer API (CrowdSec LAPI compatible)', '127.0.0.1:8080')
    .option('--from-start', 'on the first run, read existing files from their start (default: from their end)')
    .option('--format <name>', 'force a log format (default: detected per file)')
    .option('--log-format <string>', 'an nginx log_format string')
    .option('--trusted-proxy <cidr>', 'proxy whose X-Forwarded-For names the client (repeatable, comma list)', collectList)
    .option('--rules <dir>', 'a directory or file of your own YAML rules (repeatable)', collectList)
    .option('--export <format:path>', 'keep a file in step with the bans: nginx, nginx-deny, nftables, ipset or text (repeatable)', collectList)
    .option('--reload <command>', 'run after each export file changes, e.g. "nginx -s reload"')
    .option('--alerts <file>', 'YAML file with the alert channels (webhook, slack, email)')
    .option('--retention <days>', 'days of rollups, findings and events kept in the store', '30')
    .option('--syslog <host:port>', 'receive access logs as syslog on this UDP and TCP address, e.g. 127.0.0.1:5514')
    .addHelpText(
      'after',
      '\nJSON lines can also be posted to POST /api/ingest on the API address, with a bearer token taken from\n' +
        'the VIGIE_INGEST_TOKEN environment variable (never from the command line, where other users see it).\n' +
        'With VIGIE_ADMIN_TOKEN set, /api/decisions (GET, POST, DELETE /:id) adds and removes decisions while watch runs.\n' +
        'Des lignes JSON peuvent aussi être envoyées à POST /api/ingest, avec le jeton de VIGIE_INGEST_TOKEN ;\n' +
        'avec VIGIE_ADMIN_TOKEN, /api/decisions ajoute et retire des décisions pendant la surveillance.',
    )
    .addOption(langOption())
    .action(async (paths: string[], opts: WatchCliOptions, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      const lang = parseLang(opts.lang);
      const t = cliMessages(lang);
      if (!/^[^\s]+:\d{1,5}$/.test(opts.listen)) throw new UserError(`--listen: expected host:port, got "${opts.listen}" / attendu : hôte:port`, EXIT_USAGE);
      const say = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
      const exports = parseExports(opts.export ?? [], opts.reload);
      let syslog: { host: string; udpPort: number; tcpPort: number } | undefined;
      if (opts.syslog !== undefined) {
        const match = /^(.+):(\d{1,5})$/.exec(opts.syslog);
        const port = match ? Number(match[2]) : NaN;
        if (!match || !(port > 0 && port < 65536)) throw new UserError(`--syslog: expected host:port, got "${opts.syslog}" / attendu : hôte:port`, EXIT_USAGE);
        syslog = { host: (match[1] as string).replace(/^\[|\]$/g, ''), udpPort: port, tcpPort: port };
      }
      const retentionDays = Number(opts.retention);
      if (!(retentionDays > 0 && retentionDays <= 3650)) {
        throw new UserError(`--retention: expected a number of days from 1 to 3650, got "${opts.retention}" / attendu : un nombre de jours de 1 à 3650`, EXIT_USAGE);
      }
      const ingestTokens = process.env.VIGIE_INGEST_TOKEN ? [process.env.VIGIE_INGEST_TOKEN] : [];
      if (paths.length === 0 && !syslog && ingestTokens.length === 0) {
        throw new UserError('nothing to watch: give log paths, --syslog, or set VIGIE_INGEST_TOKEN for POST /api/ingest / rien à surveiller : donnez des journaux, --syslog, ou VIGIE_INGEST_TOKEN pour POST /api/ingest', EXIT_USAGE);
      }
      const alerts = opts.alerts ? readAlerts(opts.alerts) : undefined;
      // the pipeline loads only when the command runs: every other command starts lighter
      const { startWatch } = await import('../pipeline/watch.js');
      const handle = await startWatch({
        paths,
        dataDir,
        home: parseCountry(opts.home, '--home'),
        listen: opts.listen,
        fromStart: opts.fromStart,
        format: opts.format ?? (opts.logFormat ? 'nginx' : undefined),
        formatOptions: { nginxLogFormat: opts.logFormat },
        trustedProxies: opts.trustedProxy ?? [],
        rules: opts.rules,
        syslog,
        ingestTokens,
        adminTokens: process.env.VIGIE_ADMIN_TOKEN ? [process.env.VIGIE_ADMIN_TOKEN] : [],
        retentionDays,
        exports,
        alerts,
        onExport: (run) => {
          if (run.error) say(`${run.path}: ${run.error}`);
        },
        onNotice: (notice) => say(describeNotice(notice, lang)),
        onFormat: (source, format) =>
          say(format instanceof Error ? t('watch-format-error', { source, reason: format.message }) : t('watch-format', { source, format })),
        onRejected: (r) => say(t('watch-rejected', { source: r.source, line: r.line, reason: r.reason })),
        onFinding: (finding, decision, reason) => {
          const base = { category: finding.category, count: finding.count, rule: finding.rule };
          if (decision) {
            say(t('watch-decision', { ...base, type: decision.type, scope: displayValue(decision.scope, decision.value), duration: formatGoDuration(decision.until - decision.createdAt) }));
          } else {
            say(t('watch-finding', { ...base, scope: finding.scope.value, reason: String(reason) }));
          }
        },
      }).catch((error: unknown) => {
        throw new UserError(error instanceof Error ? error.message : String(error));
      });
      say(t('watch-start', { paths: paths.join(' '), url: handle.url }));
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await handle.stop();
      say(t('watch-stopped', { events: handle.analyzer.events, rejected: handle.analyzer.rejected }));
    });
}
