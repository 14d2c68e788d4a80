import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { formatDateTime } from '../i18n/index.js';
import { EXIT_USAGE, UserError } from './errors.js';
import { actor, out, printable, withInfospace } from './infospace-shared.js';
import { collectList, langOption, parseLang } from './options.js';

/** `vigie infospace sources ...` */
export function registerSources(infospace: Command): void {
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

/** `vigie infospace cases ...` */
export function registerCases(infospace: Command): void {
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
