import type { Command } from 'commander';
import { countryName, isLang, translator, type Lang, type Translate } from '../i18n/index.js';
import { IMPORT_KINDS, importIntel, IntelImportError, isImportKind } from '../intel/import.js';
import { isIp, prefixOf } from '../intel/ip.js';
import { loadIntel } from '../intel/load.js';
import { intelMessages, type IntelMessageKey } from '../intel/messages.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from './errors.js';

export interface IntelCliOutput {
  out(text: string): void;
}

const stdout: IntelCliOutput = { out: (text) => void process.stdout.write(text) };

/** --lang, else the global --lang, else the locale environment (fr* gives French). */
function resolveLang(value: unknown): Lang {
  if (typeof value === 'string') {
    if (isLang(value)) return value;
    throw new UserError(translator(intelMessages, 'en')('unknownLang', { value }), EXIT_USAGE);
  }
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function dataDirOf(options: Record<string, unknown>): string {
  const dir = options.dataDir;
  return typeof dir === 'string' && dir ? dir : (process.env.VIGIE_DATA_DIR ?? './vigie-data');
}

function table(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}\n`).join('');
}

async function lookupCommand(ip: string, options: Record<string, unknown>, t: Translate<IntelMessageKey>, lang: Lang, io: IntelCliOutput) {
  if (!isIp(ip)) throw new UserError(t('notAnIp', { value: ip }), EXIT_USAGE);
  const intel = await loadIntel({ dataDir: dataDirOf(options) });
  const userAgent = typeof options.userAgent === 'string' ? options.userAgent : undefined;
  const info = intel.lookup(ip, userAgent);
  const crawler = userAgent ? intel.verifyCrawler(ip, userAgent) : null;
  if (options.json) {
    io.out(`${JSON.stringify({ ...info, prefix: prefixOf(ip), crawler, attributions: intel.attributions() }, null, 2)}\n`);
    return;
  }
  const rows: Array<[string, string]> = [
    [t('ip'), ip],
    [t('prefix'), prefixOf(ip) ?? ''],
    [t('country'), info.country ? `${countryName(info.country, lang)} (${info.country})` : countryName(null, lang)],
    [t('asn'), info.asn !== null ? `AS${info.asn}${info.org ? ` ${info.org}` : ''}` : t('type.unknown')],
    [t('networkType'), t(`type.${info.networkType}`)],
    [t('lists'), info.lists.length > 0 ? info.lists.join(', ') : t('none')],
  ];
  if (crawler) {
    const key = crawler.confirmed ? 'crawlerConfirmed' : crawler.verifiable ? 'crawlerUnconfirmed' : 'crawlerUnverifiable';
    rows.push([t('crawler'), t(key, { name: crawler.name, operator: crawler.operator })]);
  }
  const sources = intel
    .attributions()
    .map((a) => `  ${a.notice}${a.url ? ` <${a.url}>` : ''} (${a.licence})\n`)
    .join('');
  io.out(`${table(rows)}\n${t('dataSources')}:\n${sources}`);
}

function importCommand(file: string, options: Record<string, unknown>, t: Translate<IntelMessageKey>, io: IntelCliOutput) {
  const kind = options.kind;
  if (kind !== undefined && (typeof kind !== 'string' || !isImportKind(kind))) {
    throw new UserError(t('unknownKind', { value: String(kind), kinds: IMPORT_KINDS.join(', ') }), EXIT_USAGE);
  }
  const dataDir = dataDirOf(options);
  try {
    const record = importIntel(dataDir, file, kind, typeof options.name === 'string' ? { name: options.name } : {});
    io.out(`${t('imported', { entries: record.entries, kind: record.kind, source: record.source, dir: dataDir })}\n`);
  } catch (error) {
    if (error instanceof IntelImportError) throw new UserError(error.message, EXIT_FAILED);
    throw error;
  }
}

/** Adds `vigie intel import FILE [--kind KIND]` and `vigie intel lookup IP [--user-agent UA] [--json]`. */
export function registerIntel(program: Command, io: IntelCliOutput = stdout): void {
  const intel = program
    .command('intel')
    .description('IP intelligence: look up an address, import newer databases and lists\nRenseignement IP : consulter une adresse, importer des bases et des listes');

  intel
    .command('lookup')
    .description('Country, AS, network type and lists of an address\nPays, SA, type de r\u00e9seau et listes d\u2019une adresse')
    .argument('<ip>', 'IPv4 or IPv6 address / adresse IPv4 ou IPv6')
    .option('--user-agent <ua>', 'user agent, to verify a crawler claim / agent utilisateur, pour v\u00e9rifier un robot')
    .option('--json', 'print JSON / sortie JSON')
    .option('--lang <lang>', 'en or fr / en ou fr')
    .action(async (ip: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals();
      const lang = resolveLang(options.lang);
      await lookupCommand(ip, options, translator(intelMessages, lang), lang, io);
    });

  intel
    .command('import')
    .description(
      'Import a database or list into the data directory (it takes precedence over the bundled data)\n' +
        'Importer une base ou une liste dans le r\u00e9pertoire de donn\u00e9es (prioritaire sur les donn\u00e9es fournies)',
    )
    .argument('<file>', 'file to import / fichier \u00e0 importer')
    .option('--kind <kind>', `${IMPORT_KINDS.join(' | ')} (default: detected / par d\u00e9faut : d\u00e9tect\u00e9)`)
    .option('--name <name>', 'name of a VPN list / nom d\u2019une liste RPV')
    .option('--lang <lang>', 'en or fr / en ou fr')
    .action((file: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals();
      importCommand(file, options, translator(intelMessages, resolveLang(options.lang)), io);
    });
}
