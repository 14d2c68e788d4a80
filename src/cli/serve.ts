import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { parseAlertsConfig, type AlertsConfig } from '../alerts/config.js';
import { displayValue } from '../decisions/decision.js';
import { parseListen } from '../decisions/index.js';
import type { Lang } from '../i18n/index.js';
import { serverTranslator } from '../server/messages.js';
import { describeNotice } from '../traffic/sources/live/index.js';
import { EXIT_USAGE, UserError } from './errors.js';
import { collectList, langOption, parseCountry, parseLang } from './options.js';

interface ServeCliOptions {
  listen: string;
  watch?: string[];
  demo?: boolean;
  demoRate: string;
  home?: string;
  rules?: string[];
  retention?: string;
  trustedProxy?: string[];
  behindHttps?: boolean;
  webDir?: string;
  buildIfNeeded?: boolean;
  format?: string;
  alerts?: string;
  syslog?: string;
  lang?: string;
}

/** The alert channels file (the `alerts:` section, or the file itself); errors name the file and field. */
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

function parseSyslog(value: string | undefined): { host: string; udpPort: number; tcpPort: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !(port > 0 && port < 65536)) throw new UserError(`--syslog: expected host:port, got "${value}" / attendu : hôte:port`, EXIT_USAGE);
  return { host: (match[1] as string).replace(/^\[|\]$/g, ''), udpPort: port, tcpPort: port };
}

/** The package's own directory (dist/cli/serve.js -> ../..). */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds the dashboard with Vite when its index is missing. The build is the web part's (web/
 * vite.config.ts); without it there is nothing to build, and the server serves the API alone.
 */
export async function buildDashboardIfNeeded(webDir: string, lang: Lang, say: (text: string) => void): Promise<void> {
  const t = serverTranslator(lang);
  if (existsSync(join(webDir, 'index.html'))) return;
  const config = join(PACKAGE_ROOT, 'web', 'vite.config.ts');
  const vite = join(PACKAGE_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(config) || !existsSync(vite)) {
    say(t('build-missing'));
    return;
  }
  say(t('build-start'));
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', config], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (status) => resolve(status ?? 1));
  });
  if (code !== 0) say(t('build-failed', { reason: `vite exit ${code}` }));
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Serve the dashboard, its API and the live pipeline in one process (watched logs, decisions, bouncer API, store).\n' +
        'Sert le tableau de bord, son API et la chaîne d\u2019analyse en direct dans un seul processus.',
    )
    .option('--listen <host:port>', 'address of the dashboard, API and bouncer API', '127.0.0.1:8080')
    .option('--watch <path>', 'a log file or glob to follow, e.g. "/var/log/nginx/*.log" (repeatable)', collectList)
    .option('--demo', 'start the demo: simulated election-night traffic through the pipeline')
    .option('--demo-rate <lines>', 'demo lines per second', '500')
    .option('--home <country>', 'home country (ISO code; default: the one saved in the settings, else CA)')
    .option('--rules <dir>', 'a directory or file of your own YAML rules (repeatable)', collectList)
    .option('--retention <days>', 'days of events, rollups and findings kept (default: saved setting, else 30)')
    .option('--trusted-proxy <cidr>', 'proxy whose X-Forwarded-For names the client (repeatable, comma list)', collectList)
    .option('--format <name>', 'force a log format for watched files (default: detected per file)')
    .option('--syslog <host:port>', 'receive access logs as syslog on this UDP and TCP address, e.g. 127.0.0.1:5514')
    .option('--alerts <file>', 'YAML file with the alert channels (webhook, slack, email)')
    .option('--behind-https', 'an https reverse proxy fronts Vigie: believe X-Forwarded-Proto and send Secure cookies')
    .option('--web-dir <dir>', 'the built dashboard (default: web/dist of the package)')
    .option('--build-if-needed', 'build the dashboard with Vite first when its index.html is missing')
    .addHelpText(
      'after',
      '\nOpen the address in a browser: the first visit creates the administrator (there is no default password).\n' +
        'The API is described at /api/docs (OpenAPI 3) and /api/docs/ui. CrowdSec bouncers pull /v1/decisions from the same address.\n' +
        'With VIGIE_INGEST_TOKEN set, JSON lines posted to /api/ingest with that bearer token are analysed too.\n' +
        'Ouvrez l\u2019adresse dans un navigateur : la première visite crée l\u2019administrateur (aucun mot de passe par défaut).\n' +
        'L\u2019API est décrite sur /api/docs (OpenAPI 3) et /api/docs/ui.',
    )
    .addOption(langOption())
    .action(async (opts: ServeCliOptions, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      const lang = parseLang(opts.lang);
      const t = serverTranslator(lang);
      const say = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
      if (!parseListen(opts.listen)) throw new UserError(`--listen: expected host:port, got "${opts.listen}" / attendu : hôte:port`, EXIT_USAGE);
      const demoRate = Number(opts.demoRate);
      if (!Number.isInteger(demoRate) || demoRate < 10 || demoRate > 5000) {
        throw new UserError(`--demo-rate: expected lines per second from 10 to 5000, got "${opts.demoRate}" / attendu : de 10 à 5000 lignes par seconde`, EXIT_USAGE);
      }
      let retentionDays: number | undefined;
      if (opts.retention !== undefined) {
        retentionDays = Number(opts.retention);
        if (!(retentionDays > 0 && retentionDays <= 3650)) throw new UserError(`--retention: expected 1 to 3650 days, got "${opts.retention}" / attendu : de 1 à 3650 jours`, EXIT_USAGE);
      }
      const syslog = parseSyslog(opts.syslog);
      const alerts = opts.alerts ? readAlerts(opts.alerts) : undefined;
      const ingestTokens = process.env.VIGIE_INGEST_TOKEN ? [process.env.VIGIE_INGEST_TOKEN] : [];
      const webDir = opts.webDir ?? join(PACKAGE_ROOT, 'web', 'dist');
      if (opts.buildIfNeeded) await buildDashboardIfNeeded(webDir, lang, say);
      // the server and its pipeline load only when the command runs: every other command starts lighter
      const { startServe } = await import('../pipeline/serve.js');
      const handle = await startServe({
        paths: opts.watch ?? [],
        dataDir,
        home: opts.home ? parseCountry(opts.home, '--home') : 'CA',
        preferSavedHome: opts.home === undefined,
        listen: opts.listen,
        format: opts.format,
        formatOptions: {},
        trustedProxies: opts.trustedProxy ?? [],
        rules: opts.rules,
        retentionDays,
        syslog,
        ingestTokens,
        alerts,
        alertChannels: alerts?.channels.map((c) => ({ name: c.name, kind: c.type })),
        demo: opts.demo,
        demoRate,
        webDir: existsSync(join(webDir, 'index.html')) ? webDir : null,
        trustProxy: opts.behindHttps,
        onNotice: (notice) => say(describeNotice(notice, lang)),
        onFinding: (finding, decision) => {
          if (decision) say(`${finding.category} ${displayValue(decision.scope, decision.value)}: ${decision.type}`);
        },
        logError: (error, where) => say(`error ${where}: ${error instanceof Error ? error.message : String(error)}`),
      }).catch((error: unknown) => {
        throw new UserError(error instanceof Error ? error.message : String(error));
      });
      say(t('serve-start', { url: handle.url }));
      if (!handle.hasUsers) say(t('serve-setup', { url: handle.url }));
      if (opts.demo) say(t('serve-demo', { rate: demoRate }));
      else if (handle.offerDemo) say(t('serve-demo-offer'));
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await handle.stop();
      say(t('serve-stopped', { events: handle.watch.analyzer.events, rejected: handle.watch.analyzer.rejected }));
    });
}
