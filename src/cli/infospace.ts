import { Option, type Command } from 'commander';
import { PLATFORMS, type Platform } from '../model/index.js';
import { METHODS, type Method } from '../infospace/coordination/types.js';
import type { CoordinationSettings } from '../infospace/coordination/detect.js';
import { runContinuously } from '../infospace/continuous.js';
import { parseMapping } from '../infospace/sources/tabular-import.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from './errors.js';
import { err, out, printable, withInfospace } from './infospace-shared.js';
import { registerCases, registerSources } from './infospace-records.js';
import { collectList, langOption } from './options.js';

function parseTimeOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new UserError(`${name}: expected a date such as 2025-04-22 or 2025-04-22T14:00:00Z, got "${value}" / date attendue`, EXIT_USAGE);
  return ms;
}

/** `co-link=30,co-text=auto` -> per-method values. */
function perMethod(values: string[], name: string, parse: (v: string) => number | 'auto' | null): Partial<Record<Method, number | 'auto'>> {
  const result: Partial<Record<Method, number | 'auto'>> = {};
  for (const entry of values) {
    const [method, raw] = entry.split('=');
    const value = raw === undefined ? null : parse(raw);
    if (!(METHODS as readonly string[]).includes(method ?? '') || value === null) throw new UserError(`${name}: expected METHOD=VALUE with METHOD in ${METHODS.join(', ')}, got "${entry}" / attendu : MÉTHODE=VALEUR`, EXIT_USAGE);
    result[method as Method] = value;
  }
  return result;
}

function coordinationSettings(opts: { window?: string[]; minRepetitions?: string[]; methods?: string[] }): CoordinationSettings {
  const windows = perMethod(opts.window ?? [], '--window', (v) => (v === 'auto' ? 'auto' : Number(v) > 0 ? Number(v) : null));
  const minRepetitions = perMethod(opts.minRepetitions ?? [], '--min-repetitions', (v) => (Number.isInteger(Number(v)) && Number(v) >= 1 ? Number(v) : null)) as Partial<Record<Method, number>>;
  const methods = opts.methods?.length ? opts.methods : undefined;
  const unknown = methods?.filter((m) => !(METHODS as readonly string[]).includes(m)) ?? [];
  if (unknown.length) throw new UserError(`--methods: unknown ${unknown.join(', ')} (known: ${METHODS.join(', ')})`, EXIT_USAGE);
  return { windows, minRepetitions, methods: methods as Method[] | undefined };
}

export function registerInfospace(program: Command): void {
  const infospace = program
    .command('infospace')
    .description('information space: sources, coordinated accounts, narratives, cases / espace informationnel : sources, comptes coordonnés, récits, dossiers')
    .option('--state-media <file>', 'your list of state-affiliated media (JSON) / votre liste de médias affiliés à un État')
    .option('--watchlists <file>', 'your watchlists (JSON) / vos listes de veille');

  infospace.command('import <file>').description('import posts from a CSV, JSON lines or Telegram export / importer des publications')
    .option('--mapping <spec>', 'columns: id=COL,account=COL,time=COL,text=COL[,links=,hashtags=,mentions=,replyTo=,repostOf=,quoteOf=,lang=,url=,platform=] or JSON')
    .addOption(new Option('--format <format>', 'csv, jsonl or telegram (default: from the file name)').choices(['csv', 'jsonl', 'telegram']))
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (file: string, o: { mapping?: string; format?: 'csv' | 'jsonl' | 'telegram'; json?: boolean }, command: Command) => {
      const format = o.format ?? (/\.jsonl?$|\.ndjson$/i.test(file) ? (/result\.json$/i.test(file) ? 'telegram' : 'jsonl') : 'csv');
      let mapping = null;
      if (format !== 'telegram') {
        if (!o.mapping) throw new UserError('import: --mapping is required for CSV and JSON lines / --mapping est requis', EXIT_USAGE);
        try {
          mapping = parseMapping(o.mapping);
        } catch (error) {
          throw new UserError(`--${(error as Error).message}`, EXIT_USAGE);
        }
      }
      await withInfospace(command, async (is, t) => {
        const report = await is.importFile(file, format, mapping);
        if (o.json) return out(JSON.stringify(report, null, 2));
        const errors = report.errors.length + report.moreErrors;
        out(t('cli.imported', { inserted: report.inserted, file, duplicates: report.duplicates, errors }));
        if (errors) {
          err(t('cli.itemErrors', { count: errors }));
          for (const e of report.errors.slice(0, 20)) err(printable(`  ${e.item}: ${e.message}`));
        }
        process.exitCode = report.inserted === 0 && errors > 0 ? EXIT_FAILED : EXIT_OK;
      });
    });

  infospace.command('coordination').description('find coordinated accounts in the stored posts / trouver les comptes coordonnés')
    .option('--since <date>', 'posts from / publications depuis')
    .option('--until <date>', 'posts before / publications avant')
    .option('--methods <list>', `methods to run (${METHODS.join(', ')})`, collectList)
    .option('--window <method=seconds|auto>', 'time window of a method (repeatable), e.g. co-link=30 or co-link=auto', collectList)
    .option('--min-repetitions <method=n>', 'repetitions a pair needs (repeatable), e.g. co-text=4', collectList)
    .option('--json', 'print JSON: clusters with accounts, method, score, window, evidence / sortie JSON')
    .addOption(langOption())
    .action(async (o: { since?: string; until?: string; methods?: string[]; window?: string[]; minRepetitions?: string[]; json?: boolean; lang?: string }, command: Command) => {
      const settings = coordinationSettings(o);
      const period = { since: parseTimeOption(o.since, '--since'), until: parseTimeOption(o.until, '--until') };
      await withInfospace(command, async (is, t) => {
        const { result, alerts } = await is.detect(settings, period);
        if (o.json) return out(JSON.stringify({ ...result, alerts }, null, 2));
        if (!result.clusters.length) out(t('cli.noClusters', { posts: result.posts }));
        for (const c of result.clusters) {
          out(t('cli.cluster', { id: c.id, score: String(c.score), method: c.method, accounts: c.accounts.length, first: c.first, last: c.last }));
          out(printable(`    ${c.accounts.slice(0, 12).join(' ')}${c.accounts.length > 12 ? ' …' : ''}`));
          out(printable(t('cli.clusterItems', { items: c.items.slice(0, 3).map((i) => `${i.method}: ${i.item.slice(0, 80)}`).join(' | ') })));
        }
        for (const a of alerts) out(`${t('cli.alertStateMedia')} ${t('alert.stateMedia', { cluster: a.cluster, accounts: a.accounts, outlets: a.outlets.map((x) => `${x.outlet} (${x.typology})`).join(', ') })}`);
      });
    });

  infospace.command('posts').description('stored posts, newest first, with filters / publications enregistrées, avec filtres')
    .option('--account <handle>', 'one account / un compte')
    .option('--text <words>', 'text contains / le texte contient')
    .option('--lang <code>', 'language, e.g. fr or zh / langue')
    .addOption(new Option('--platform <name>', 'platform').choices([...PLATFORMS]))
    .option('--source <name>', 'source name or imported file / source')
    .option('--since <date>', 'from / depuis')
    .option('--until <date>', 'before / avant')
    .option('--limit <n>', 'at most (1-10000) / au plus', '50')
    .option('--json', 'print JSON / sortie JSON')
    .action(async (o: { account?: string; text?: string; lang?: string; platform?: Platform; source?: string; since?: string; until?: string; limit: string; json?: boolean }, command: Command) => {
      const limit = Number(o.limit);
      if (!(Number.isInteger(limit) && limit >= 1 && limit <= 10_000)) throw new UserError('--limit: expected 1 to 10000 / attendu : 1 à 10000', EXIT_USAGE);
      const query = { account: o.account, text: o.text, lang: o.lang, platform: o.platform, source: o.source, since: parseTimeOption(o.since, '--since'), until: parseTimeOption(o.until, '--until'), limit };
      // --lang here filters posts; the messages follow the environment's language
      await withInfospace(command, async (is) => {
        const posts = await is.store.posts(query);
        if (o.json) return out(JSON.stringify(posts, null, 2));
        for (const p of posts) out(printable(`${new Date(p.time).toISOString()}  ${p.platform}  ${p.account}  [${p.lang ?? '?'}]  ${p.text.replace(/\s+/g, ' ').slice(0, 160)}`));
      });
    });

  infospace.command('poll').description('fetch the configured sources once / relever les sources une fois')
    .option('--force', 'also the sources not yet due / aussi celles qui ne sont pas dues')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (o: { force?: boolean; json?: boolean }, command: Command) => {
      await withInfospace(command, async (is, t) => {
        const now = Date.now();
        const outcomes = await is.poll({ force: o.force, now });
        if (o.json) return out(JSON.stringify(outcomes.map(({ posts: _posts, ...rest }) => rest), null, 2));
        for (const r of outcomes) {
          if (r.error) err(t('cli.pollFailed', { name: r.source, error: r.error, seconds: Math.round((r.state.nextPollAt - now) / 1000) }));
          else out(r.notModified ? t('cli.notModified', { name: r.source }) : t('cli.polled', { name: r.source, posts: r.inserted, errors: r.errors.length }));
          for (const e of r.errors.slice(0, 10)) err(printable(`  ${e.item}: ${e.message}`));
        }
        if (outcomes.some((r) => r.error)) process.exitCode = EXIT_FAILED;
      });
    });

  infospace.command('trends').description('watchlist terms above their usual rate / termes en hausse')
    .option('--window-hours <n>', 'the recent window / la fenêtre récente', '6')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (o: { windowHours: string; json?: boolean }, command: Command) => {
      const windowHours = Number(o.windowHours);
      if (!(windowHours > 0 && windowHours <= 168)) throw new UserError('--window-hours: expected 1 to 168 / attendu : 1 à 168', EXIT_USAGE);
      await withInfospace(command, async (is, t) => {
        const alerts = await is.trends({ windowHours });
        if (o.json) return out(JSON.stringify(alerts, null, 2));
        for (const a of alerts) out(`${t('cli.alertTrend')} ${t('alert.trend', { watchlist: a.watchlist, term: a.term, count: a.count, hours: a.windowHours, ratio: String(a.ratio) })}`);
      });
    });

  infospace.command('watch').description('poll and detect continuously until interrupted / relever et détecter en continu')
    .option('--interval <seconds>', 'seconds between rounds / secondes entre deux tours', '300')
    .option('--horizon <hours>', 'hours of posts searched each round / heures de publications examinées', '72')
    .option('--json', 'one JSON line per round / une ligne JSON par tour')
    .addOption(langOption())
    .action(async (o: { interval: string; horizon: string; json?: boolean }, command: Command) => {
      const interval = Number(o.interval);
      const horizon = Number(o.horizon);
      if (!(interval >= 10 && interval <= 86_400)) throw new UserError('--interval: expected 10 to 86400 seconds / attendu : 10 à 86400', EXIT_USAGE);
      if (!(horizon > 0 && horizon <= 24 * 31)) throw new UserError('--horizon: expected 1 to 744 hours / attendu : 1 à 744', EXIT_USAGE);
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await withInfospace(command, async (is, t) => {
          await runContinuously(is, {
            intervalMs: interval * 1000, horizonHours: horizon, signal: controller.signal,
            onRound: (round) => {
              if (o.json) return out(JSON.stringify(round));
              for (const r of round.polled) if (r.error) err(t('cli.pollFailed', { name: r.source, error: r.error, seconds: Math.round((r.state.nextPollAt - round.at) / 1000) }));
              out(`${new Date(round.at).toISOString()}  ${round.polled.reduce((n, r) => n + r.inserted, 0)} posts, ${round.clusters} clusters (${round.newClusters.length} new)`);
              for (const a of round.stateMedia) out(`${t('cli.alertStateMedia')} ${t('alert.stateMedia', { cluster: a.cluster, accounts: a.accounts, outlets: a.outlets.map((x) => `${x.outlet} (${x.typology})`).join(', ') })}`);
              for (const a of round.trends) out(`${t('cli.alertTrend')} ${t('alert.trend', { watchlist: a.watchlist, term: a.term, count: a.count, hours: a.windowHours, ratio: String(a.ratio) })}`);
            },
          });
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });

  registerSources(infospace);
  registerCases(infospace);
  // tests, and an operator who knowingly polls a local server, opt in to loopback targets
  infospace.addOption(new Option('--allow-loopback', 'let sources target this machine (tests) / permettre des cibles locales').hideHelp());
}
