import type { Command } from 'commander';
import { displayValue, formatGoDuration } from '../decisions/decision.js';
import { startWatch } from '../pipeline/watch.js';
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
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description(
      'Follow web logs as they are written (rotation included), detect attacks, decide, and serve the decisions to CrowdSec bouncers.\n' +
        'Suit les journaux web au fil de l\u2019eau (rotations comprises), détecte les attaques, décide, et sert les décisions aux bouncers CrowdSec.',
    )
    .argument('<paths...>', 'log files or globs such as /var/log/nginx/*.log (quote the glob)')
    .option('--home <country>', 'home country (ISO code)', 'CA')
    .option('--listen <host:port>', 'address of the bouncer API (CrowdSec LAPI compatible)', '127.0.0.1:8080')
    .option('--from-start', 'on the first run, read existing files from their start (default: from their end)')
    .option('--format <name>', 'force a log format (default: detected per file)')
    .option('--log-format <string>', 'an nginx log_format string')
    .option('--trusted-proxy <cidr>', 'proxy whose X-Forwarded-For names the client (repeatable, comma list)', collectList)
    .addOption(langOption())
    .action(async (paths: string[], opts: WatchCliOptions, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      const lang = parseLang(opts.lang);
      const t = cliMessages(lang);
      if (!/^[^\s]+:\d{1,5}$/.test(opts.listen)) throw new UserError(`--listen: expected host:port, got "${opts.listen}"`, EXIT_USAGE);
      const say = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
      const handle = await startWatch({
        paths,
        dataDir,
        home: parseCountry(opts.home, '--home'),
        listen: opts.listen,
        fromStart: opts.fromStart,
        format: opts.format ?? (opts.logFormat ? 'nginx' : undefined),
        formatOptions: { nginxLogFormat: opts.logFormat },
        trustedProxies: opts.trustedProxy ?? [],
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
