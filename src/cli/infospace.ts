import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { formatDateTime, translator, type Translate } from '../i18n/index.js';
import { Infospace, METHODS, type CoordinationSettings, type Method } from '../infospace/index.js';
import { runContinuously } from '../infospace/continuous.js';
import { infospaceMessages, type InfospaceMessageKey } from '../infospace/messages.js';
import { parseMapping } from '../infospace/sources/tabular-import.js';
import { dataDirOf } from './decisions.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UserError } from './errors.js';
import { collectList, langOption, parseLang } from './options.js';

type T = Translate<InfospaceMessageKey>;
const out = (text: string) => void process.stdout.write(`${text}\n`);
const err = (text: string) => void process.stderr.write(`${text}\n`);
/** Text from posts reaches a terminal: control characters (escape sequences) are shown, not obeyed. */
const printable = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const actor = () => process.env.VIGIE_ACTOR ?? process.env.USER ?? 'cli';

async function withInfospace<R>(command: Command, run: (infospace: Infospace, t: T) => Promise<R>): Promise<R> {
  const opts = command.optsWithGlobals<{ lang?: string; stateMedia?: string; watchlists?: string; allowLoopback?: boolean }>();
  const t = translator(infospaceMessages, parseLang(opts.lang));
  const infospace = await Infospace.open(dataDirOf(command), { stateMediaFile: opts.stateMedia, watchlistsFile: opts.watchlists, policy: { allowLoopback: opts.allowLoopback ?? false } });
  try {
    return await run(infospace, t);
  } finally {
    await infospace.close();
  }
}

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

function registerSources(infospace: Command): void {
  const sources = infospace.command('sources').description('configured sources and their health / sources configurées et leur état');
  sources
    .command('add <name>')
    .description('add or replace a source / ajouter ou remplacer une source')
    .addOption(new Option('--kind <kind>', 'rss (RSS or Atom), mastodon, bluesky, telegram (URL of a result.json)').choices(['rss', 'mastodon', 'bluesky', 'telegram']).makeOptionMandatory())
    .requiredOption('--url <url>', 'feed URL; Mastodon instance; Bluesky service (https://public.api.bsky.app) / URL')
    .addOption(new Option('--timeline <timeline>', 'Mastodon: public, hashtag or account').choices(['public', 'hashtag', 'account']))
    .option('--local', 'Mastodon: the instance\'s local timeline only / fil local seulement')
    .option('--tag <tag>', 'Mastodon: the hashtag / le mot-clic')
    .option('--account-id <id>', 'Mastodon: the account id / l\'identifiant du compte')
    .addOption(new Option('--endpoint <endpoint>', 'Bluesky: search, author or feed').choices(['search', 'author', 'feed']))
    .option('--query <q>', 'Bluesky: search words / mots cherchés')
    .option('--actor <handle>', 'Bluesky: the author / l\'auteur')
    .option('--feed <uri>', 'Bluesky: at:// URI of a feed / URI d\'un fil')
    .option('--interval <seconds>', 'seconds between polls (60-86400) / secondes entre deux relevés', '900')
    .option('--max-pages <n>', 'pages read per poll (1-20) / pages lues par relevé', '3')
    .option('--allow-private', 'allow a private-network target / permettre une cible en réseau privé')
    .addOption(langOption())
    .action(async (name: string, o: Record<string, string | boolean | undefined>, command: Command) => {
      await withInfospace(command, async (is, t) => {
        const raw = { name, kind: o.kind, url: o.url, timeline: o.timeline, local: o.local ? true : undefined, tag: o.tag, accountId: o.accountId, endpoint: o.endpoint, query: o.query, actor: o.actor, feed: o.feed, intervalSeconds: Number(o.interval), maxPages: Number(o.maxPages), allowPrivate: !!o.allowPrivate };
        try {
          await is.addSource(raw, actor());
        } catch (error) {
          throw new UserError(`sources add ${name}: ${(error as Error).message}`, EXIT_USAGE);
        }
        out(t('cli.sourceAdded', { name }));
      });
    });
  sources
    .command('list')
    .description('sources with their health / sources et leur état')
    .option('--json', 'print JSON / sortie JSON')
    .addOption(langOption())
    .action(async (o: { json?: boolean; lang?: string }, command: Command) => {
      await withInfospace(command, async (is, t) => {
        const list = await is.store.sources();
        if (o.json) return out(JSON.stringify(list, null, 2));
        if (!list.length) return out(t('cli.noSources'));
        const lang = parseLang(o.lang);
        const when = (ms: number | null) => (ms ? formatDateTime(ms, lang) : '-');
        for (const { config: c, state: s } of list) {
          out(t('cli.source', { name: c.name, kind: c.kind, url: c.url, posts: s.posts, errors: s.errors, failures: s.failures, lastOk: when(s.lastOkAt), next: when(s.nextPollAt), lastError: s.lastError ? `  (${s.lastError})` : '' }));
        }
      });
    });
  sources
    .command('remove <name>')
    .description('remove a source / supprimer une source')
    .addOption(langOption())
    .action(async (name: string, _o: unknown, command: Command) => {
      await withInfospace(command, async (is, t) => {
        if (!(await is.store.removeSource(name, actor()))) throw new UserError(`sources remove: no source "${name}" / aucune source « ${name} »`);
        out(t('cli.sourceRemoved', { name }));
      });
    });
}

function registerCases(infospace: Command): void {
  const cases = infospace.command('cases').description('cases made from clusters / dossiers tirés des réseaux');
  cases.command('list').option('--json', 'print JSON / sortie JSON').addOption(langOption()).description('cases / dossiers')
    .action(async (o: { json?: boolean }, command: Command) => {
      await withInfospace(command, async (is, t) => {
        const list = await is.store.cases();
        if (o.json) return out(JSON.stringify(list, null, 2));
        if (!list.length) return out(t('cli.noCases'));
        for (const c of list) out(printable(`${c.id}  ${c.status}  TLP:${c.tlp.toUpperCase()}  ${c.techniques.join(',') || '-'}  ${c.title}`));
      });
    });
  cases.command('open <cluster>').description('open a case from a cluster of the latest run / ouvrir un dossier')
    .option('--title <text>', 'title / titre')
    .addOption(new Option('--tlp <level>', 'sharing level / niveau de diffusion').choices(['clear', 'green', 'amber', 'red']).default('amber'))
    .option('--technique <ids>', 'DISARM technique ids, e.g. T0084.001 (repeatable)', collectList)
    .addOption(langOption())
    .action(async (clusterId: string, o: { title?: string; tlp: 'clear' | 'green' | 'amber' | 'red'; technique?: string[] }, command: Command) => {
      await withInfospace(command, async (is, t) => {
        const opened = await is.openCase(clusterId, actor(), { title: o.title, tlp: o.tlp, techniques: o.technique });
        if (!opened) throw new UserError(t('cli.noSuchCluster', { id: clusterId }));
        out(t(opened.created ? 'cli.caseOpened' : 'cli.caseExists', { id: opened.infoCase.id, cluster: clusterId }));
      });
    });
  cases.command('update <id>').description('add a note, set DISARM techniques or the status / note, techniques, état')
    .option('--note <text>', 'a note / une note')
    .option('--technique <ids>', 'DISARM technique ids (replace the list)', collectList)
    .addOption(new Option('--status <status>', 'open or closed').choices(['open', 'closed']))
    .addOption(langOption())
    .action(async (id: string, o: { note?: string; technique?: string[]; status?: 'open' | 'closed' }, command: Command) => {
      await withInfospace(command, async (is, t) => {
        let updated;
        try {
          updated = await is.updateCase(id, actor(), { note: o.note, techniques: o.technique, status: o.status });
        } catch (error) {
          throw new UserError((error as Error).message, EXIT_USAGE);
        }
        if (!updated) throw new UserError(t('cli.noSuchCase', { id }));
        out(t('cli.caseSaved', { id }));
      });
    });
  cases.command('export <id>').description('export a case as a STIX 2.1 bundle or a bilingual HTML or PDF brief / exporter un dossier')
    .addOption(new Option('--format <format>', 'stix, html or pdf (pdf needs --out and a Chromium)').choices(['stix', 'html', 'pdf']).default('stix'))
    .option('--out <file>', 'write to a file (default: standard output) / écrire dans un fichier')
    .option('--organisation <name>', 'who publishes (STIX identity) / qui publie', process.env.VIGIE_ORGANISATION ?? 'Vigie')
    .addOption(langOption())
    .action(async (id: string, o: { format: 'stix' | 'html' | 'pdf'; out?: string; organisation: string }, command: Command) => {
      if (o.format === 'pdf' && !o.out) throw new UserError('--format pdf needs --out FILE / --format pdf demande --out FICHIER', EXIT_USAGE);
      await withInfospace(command, async (is, t) => {
        let text: string | Buffer;
        if (o.format === 'pdf') {
          const pdf = await is.exportPdf(id);
          if (pdf === null) throw new UserError(t('cli.noSuchCase', { id }));
          text = pdf;
        } else if (o.format === 'html') {
          const html = await is.exportBrief(id);
          if (html === null) throw new UserError(t('cli.noSuchCase', { id }));
          text = html;
        } else {
          const stix = await is.exportStix(id, o.organisation);
          if (!stix) throw new UserError(t('cli.noSuchCase', { id }));
          if (stix.errors.length) throw new UserError(t('cli.stixInvalid', { errors: stix.errors.slice(0, 5).join('; ') }));
          text = `${JSON.stringify(stix.bundle, null, 2)}\n`;
        }
        if (!o.out) return void process.stdout.write(text);
        await writeFile(o.out, text);
        out(t('cli.caseWritten', { file: o.out }));
      });
    });
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
