import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { formatIpv4, formatIpv6, bigIntToIpv6Words, parseCidr, parseIp, parseIpRange, type IpRange } from './ip.js';
import { serializeRangeTable } from './range-table.js';
import { convertCsv, convertMmdb, forEachDataLine, mmdbDatabaseType, mmdbKind, splitCsvLine, type LineError } from './sources.js';

export const IMPORT_KINDS = ['country-mmdb', 'asn-mmdb', 'country-csv', 'asn-csv', 'tor', 'vpn', 'hosting-asns'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}

/** A file that cannot be imported, named with its line when one line is at fault. */
export class IntelImportError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly lines: LineError[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IntelImportError';
  }
}

export const importRecordSchema = z.object({
  /** What the import replaces when imported again: "country", "asn", "tor", "hosting-asns" or "vpn:<name>". */
  slot: z.string(),
  kind: z.enum(IMPORT_KINDS),
  /** Stored file, relative to <dataDir>/intel. */
  file: z.string(),
  source: z.string(),
  importedAt: z.string(),
  entries: z.number().int().nonnegative(),
  /** The list name an address carries in IpIntel.lists (tor and vpn imports). */
  list: z.string().optional(),
  /** MMDB metadata database type, e.g. "GeoLite2-Country". */
  databaseType: z.string().optional(),
});
export type ImportRecord = z.infer<typeof importRecordSchema>;

export const manifestSchema = z.object({ format: z.literal(1), imports: z.array(importRecordSchema) });
export type ImportManifest = z.infer<typeof manifestSchema>;

export const TOR_LIST = 'tor-exits';

export function intelDir(dataDir: string): string {
  return join(dataDir, 'intel');
}

export function readManifest(dataDir: string): ImportManifest {
  const path = join(intelDir(dataDir), 'manifest.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, imports: [] };
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const result = manifestSchema.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`${path}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

const MMDB_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com', 'latin1')]);
const TOR_KEYWORDS = /^(ExitNode|ExitAddress|Published|LastStatus)\b/;
const ASN_LINE = /^(?:AS)?(\d{1,10})(?:\s*[,;\t ]\s*(.*))?$/i;

function isMmdb(data: Buffer): boolean {
  return data.lastIndexOf(MMDB_MARKER) >= 0;
}

/** Guesses what a file holds from its content (and its name, to tell a Tor list from a VPN list). */
export function detectKind(file: string, data: Buffer): ImportKind {
  if (isMmdb(data)) {
    const kind = mmdbKind(data);
    if (!kind) throw new IntelImportError(`${file}: an MMDB database of type "${mmdbDatabaseType(data)}", neither ASN nor country`, file);
    return kind === 'asn' ? 'asn-mmdb' : 'country-mmdb';
  }
  const sample: string[] = [];
  forEachDataLine(data.subarray(0, 65536).toString('utf8'), (line) => {
    if (sample.length < 50) sample.push(line);
  });
  if (sample.length === 0) throw new IntelImportError(`${file}: no data lines`, file);
  if (sample.some((line) => TOR_KEYWORDS.test(line))) return 'tor';
  const firstToken = (line: string) => line.split(/[\s#]/)[0] ?? '';
  if (sample.every((line) => parseListEntry(firstToken(line)) !== null)) {
    return /tor|exit/i.test(basename(file)) ? 'tor' : 'vpn';
  }
  if (sample.every((line) => ASN_LINE.test(line))) return 'hosting-asns';
  const rows = sample.map((line) => splitCsvLine(line) ?? []).filter((fields) => parseIp((fields[0] ?? '').trim()) !== null);
  if (rows.length > 0) {
    if (rows.every((fields) => fields.length >= 3 && /^(AS)?\d+$/i.test((fields[2] ?? '').trim()))) return 'asn-csv';
    if (rows.every((fields) => fields.length === 3 && /^[A-Za-z]{2}$/.test((fields[2] ?? '').trim()))) return 'country-csv';
  }
  throw new IntelImportError(`${file}: cannot tell what this file holds; name its kind (${IMPORT_KINDS.join(', ')})`, file);
}

function rangeToCidrText(range: IpRange): string {
  if (range.version === 4) return range.start === range.end ? formatIpv4(range.start) : `${formatIpv4(range.start)}-${formatIpv4(range.end)}`;
  const start = formatIpv6(bigIntToIpv6Words(range.start));
  return range.start === range.end ? start : `${start}-${formatIpv6(bigIntToIpv6Words(range.end))}`;
}

/** An address, a CIDR, or "start-end": the forms lists are stored in and read back from. */
export function parseListEntry(text: string): IpRange | null {
  const dash = text.indexOf('-');
  if (dash > 0) return parseIpRange(text.slice(0, dash).trim(), text.slice(dash + 1).trim());
  return parseCidr(text);
}

function readAddressList(text: string, kind: 'tor' | 'vpn'): { ranges: IpRange[]; errors: LineError[] } {
  const ranges: IpRange[] = [];
  const errors: LineError[] = [];
  forEachDataLine(text, (line, lineNumber) => {
    let entry: string;
    if (kind === 'tor' && TOR_KEYWORDS.test(line)) {
      // Tor's exit-addresses format: only "ExitAddress <ip> <date> <time>" lines name an address
      if (!line.startsWith('ExitAddress')) return;
      entry = line.split(/\s+/)[1] ?? '';
    } else {
      entry = (line.split('#')[0] ?? '').trim();
      if (!/\s-\s/.test(entry)) entry = entry.split(/[\s,;]/)[0] ?? '';
    }
    const range = parseListEntry(entry);
    if (range) ranges.push(range);
    else errors.push({ line: lineNumber, reason: `not an IP address or CIDR: ${entry.slice(0, 80)}` });
  });
  return { ranges, errors };
}

function readHostingAsns(text: string): { asns: Array<{ asn: number; name: string; kind: 'hosting' }>; errors: LineError[] } {
  const asns: Array<{ asn: number; name: string; kind: 'hosting' }> = [];
  const errors: LineError[] = [];
  const seen = new Set<number>();
  forEachDataLine(text, (line, lineNumber) => {
    const match = ASN_LINE.exec(line);
    const asn = match ? Number(match[1]) : NaN;
    if (!match || asn < 1 || asn > 0xffffffff) return void errors.push({ line: lineNumber, reason: `not an AS number: ${line.slice(0, 80)}` });
    if (seen.has(asn)) return;
    seen.add(asn);
    const name = (match[2] ?? '').replace(/^"|"$/g, '').trim();
    asns.push({ asn, name: name || `AS${asn}`, kind: 'hosting' });
  });
  return { asns, errors };
}

function fail(file: string, errors: LineError[]): never {
  const shown = errors.slice(0, 5).map((e) => `${file}:${e.line}: ${e.reason}`);
  const more = errors.length > shown.length ? `\n... and ${errors.length - shown.length} more bad lines` : '';
  throw new IntelImportError(`${shown.join('\n')}${more}`, file, errors);
}

function slugOf(file: string): string {
  const slug = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 60) || 'list';
}

export interface ImportOptions {
  /** Name of a VPN list (default: from the file name); importing the same name again replaces it. */
  name?: string;
  /** For tests: the clock. */
  now?: Date;
}

/**
 * Validates `file`, converts it into <dataDir>/intel and records it in the manifest. A file with
 * any bad line is refused whole, with the lines named: a half-imported list would mislead silently.
 */
export function importIntel(dataDir: string, file: string, kind?: ImportKind, options: ImportOptions = {}): ImportRecord {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    throw new IntelImportError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file, [], { cause: error });
  }
  const resolvedKind = kind ?? detectKind(file, data);
  const dir = intelDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const source = basename(file);
  let slot: string;
  let stored: string;
  let content: Buffer | string;
  let entries: number;
  let list: string | undefined;
  let databaseType: string | undefined;

  switch (resolvedKind) {
    case 'country-mmdb':
    case 'asn-mmdb': {
      const tableKind = resolvedKind === 'asn-mmdb' ? 'asn' : 'country';
      if (!isMmdb(data)) throw new IntelImportError(`${file}: not an MMDB database`, file);
      let converted;
      try {
        databaseType = mmdbDatabaseType(data);
        converted = convertMmdb(data, tableKind);
      } catch (error) {
        throw new IntelImportError(`${file}: unreadable MMDB database: ${(error as Error).message}`, file, [], { cause: error });
      }
      if (converted.entries === 0) throw new IntelImportError(`${file}: no ${tableKind} records found (database type "${databaseType}")`, file);
      slot = tableKind;
      stored = `${tableKind}.bin`;
      content = serializeRangeTable(converted.table);
      entries = converted.entries;
      break;
    }
    case 'country-csv':
    case 'asn-csv': {
      const tableKind = resolvedKind === 'asn-csv' ? 'asn' : 'country';
      const converted = convertCsv(data.toString('utf8'), tableKind);
      if (converted.errors.length > 0) fail(file, converted.errors);
      if (converted.entries === 0) throw new IntelImportError(`${file}: no entries`, file);
      slot = tableKind;
      stored = `${tableKind}.bin`;
      content = serializeRangeTable(converted.table);
      entries = converted.entries;
      break;
    }
    case 'tor':
    case 'vpn': {
      const { ranges, errors } = readAddressList(data.toString('utf8'), resolvedKind);
      if (errors.length > 0) fail(file, errors);
      if (ranges.length === 0) throw new IntelImportError(`${file}: no addresses`, file);
      if (resolvedKind === 'tor') {
        slot = 'tor';
        list = TOR_LIST;
        stored = 'tor.txt';
      } else {
        const name = slugOf(options.name ?? file);
        slot = `vpn:${name}`;
        list = `vpn:${name}`;
        stored = `vpn-${name}.txt`;
      }
      content = `${ranges.map(rangeToCidrText).join('\n')}\n`;
      entries = ranges.length;
      break;
    }
    case 'hosting-asns': {
      const { asns, errors } = readHostingAsns(data.toString('utf8'));
      if (errors.length > 0) fail(file, errors);
      if (asns.length === 0) throw new IntelImportError(`${file}: no AS numbers`, file);
      slot = 'hosting-asns';
      stored = 'hosting-asns.json';
      content = `${JSON.stringify(asns)}\n`;
      entries = asns.length;
      break;
    }
  }

  const manifest = readManifest(dataDir);
  const record: ImportRecord = {
    slot,
    kind: resolvedKind,
    file: stored,
    source,
    importedAt: (options.now ?? new Date()).toISOString(),
    entries,
    ...(list ? { list } : {}),
    ...(databaseType ? { databaseType } : {}),
  };
  const stamp = `${process.pid}-${Date.now()}`;
  const put = (name: string, body: Buffer | string) => {
    const temp = join(dir, `.${name}.${stamp}.tmp`);
    writeFileSync(temp, body);
    renameSync(temp, join(dir, name));
  };
  put(stored, content);
  const replaced = manifest.imports.filter((r) => r.slot === slot && r.file !== stored);
  for (const old of replaced) rmSync(join(dir, old.file), { force: true });
  manifest.imports = [...manifest.imports.filter((r) => r.slot !== slot), record];
  put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return record;
}
