import { Reader } from 'mmdb-lib';
import { bigIntToIpv6Words, formatIpv4, formatIpv6, parseIp, type ParsedIp } from './ip.js';
import { RangeTableBuilder, type RangeTable } from './range-table.js';

/** A line that could not be read, named by its 1-based number. */
export interface LineError {
  line: number;
  reason: string;
}

export interface ConvertedTable {
  table: RangeTable;
  entries: number;
  errors: LineError[];
}

export type TableKind = 'asn' | 'country';

/** Splits one CSV line (RFC 4180 quoting); null when a quote is left open. */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/** Calls `visit` with each non-blank line that is not a `#` comment, with its 1-based number. */
export function forEachDataLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  let start = 0;
  let lineNumber = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (lineNumber === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    const trimmed = line.trim();
    if (trimmed.length > 0 && !trimmed.startsWith('#')) visit(trimmed, lineNumber);
    start = end + 1;
  }
}

function addRange(builder: RangeTableBuilder, start: ParsedIp, end: ParsedIp, value: number, label: string): string | null {
  if (start.version === 4 && end.version === 4) {
    if (start.v4 > end.v4) return 'range start is after its end';
    builder.addV4(start.v4, end.v4, value, label);
    return null;
  }
  if (start.version === 6 && end.version === 6) {
    for (let i = 0; i < 4; i++) {
      if ((start.words[i] as number) < (end.words[i] as number)) break;
      if ((start.words[i] as number) > (end.words[i] as number)) return 'range start is after its end';
    }
    builder.addV6(start.words, end.words, value, label);
    return null;
  }
  return 'range start and end are not of the same IP version';
}

const ASN_PATTERN = /^(?:AS)?(\d{1,10})$/i;
const COUNTRY_PATTERN = /^[A-Za-z]{2}$/;

/**
 * Reads "start,end,asn,org" (asn-csv) or "start,end,cc" (country-csv) rows, addresses in text form.
 * A first line that is not data (a header) is skipped; every other bad line is reported.
 */
export function convertCsv(text: string, kind: TableKind): ConvertedTable {
  const builder = new RangeTableBuilder();
  const { entries, errors } = readCsvInto(builder, text, kind);
  return { table: builder.build(), entries, errors };
}

export function readCsvInto(builder: RangeTableBuilder, text: string, kind: TableKind): { entries: number; errors: LineError[] } {
  const errors: LineError[] = [];
  let entries = 0;
  let first = true;
  forEachDataLine(text, (line, lineNumber) => {
    const isFirst = first;
    first = false;
    const fields = splitCsvLine(line);
    if (!fields) return void errors.push({ line: lineNumber, reason: 'unbalanced quotes' });
    const start = parseIp((fields[0] ?? '').trim());
    if (!start && isFirst && /[g-z]/i.test(fields[0] ?? '')) return; // header row
    const end = parseIp((fields[1] ?? '').trim());
    if (!start || !end) return void errors.push({ line: lineNumber, reason: 'start and end must be IP addresses' });
    let value = 0;
    let label: string;
    if (kind === 'asn') {
      if (fields.length < 3) return void errors.push({ line: lineNumber, reason: 'expected start,end,asn[,organisation]' });
      const asn = ASN_PATTERN.exec((fields[2] ?? '').trim());
      if (!asn || Number(asn[1]) > 0xffffffff) return void errors.push({ line: lineNumber, reason: `not an AS number: ${fields[2]}` });
      value = Number(asn[1]);
      label = fields.slice(3).join(',').trim();
    } else {
      const code = (fields[2] ?? '').trim();
      if (fields.length !== 3 || !COUNTRY_PATTERN.test(code)) {
        return void errors.push({ line: lineNumber, reason: 'expected start,end,country (two-letter code)' });
      }
      label = code.toUpperCase();
    }
    const problem = addRange(builder, start, end, value, label);
    if (problem) return void errors.push({ line: lineNumber, reason: problem });
    entries++;
  });
  return { entries, errors };
}

/** What an MMDB file holds, from its metadata; null when it is neither an ASN nor a country database. */
export function mmdbKind(data: Buffer): TableKind | null {
  const reader = new Reader(data);
  const type = reader.metadata.databaseType.toLowerCase();
  if (type.includes('asn')) return 'asn';
  if (type.includes('country') || type.includes('city')) return 'country';
  return null;
}

export function mmdbDatabaseType(data: Buffer): string {
  return new Reader(data).metadata.databaseType;
}

type Entry = { value: number; label: string } | null;

function recordEntry(record: unknown, kind: TableKind): Entry {
  if (!record || typeof record !== 'object') return null;
  const r = record as Record<string, unknown>;
  if (kind === 'asn') {
    const asn = r.autonomous_system_number;
    if (typeof asn !== 'number' || !Number.isInteger(asn) || asn < 0) return null;
    const org = r.autonomous_system_organization;
    return { value: asn, label: typeof org === 'string' ? org : '' };
  }
  const iso = (key: string): string | null => {
    const part = r[key] as { iso_code?: unknown } | undefined;
    return typeof part?.iso_code === 'string' ? part.iso_code : null;
  };
  // the network's registration country first: the model reports where a network is registered
  const code = (typeof r.country_code === 'string' ? r.country_code : null) ?? iso('registered_country') ?? iso('country');
  return code && COUNTRY_PATTERN.test(code) ? { value: 0, label: code.toUpperCase() } : null;
}

/**
 * Flattens an MMDB search tree into ranges. Each leaf's record is decoded once through mmdb-lib's
 * public reader (by looking up the leaf's first address), so any MMDB variant it reads works here.
 */
export function convertMmdb(data: Buffer, kind: TableKind): ConvertedTable {
  const builder = new RangeTableBuilder();
  const entries = readMmdbInto(builder, data, kind);
  return { table: builder.build(), entries, errors: [] };
}

/** Adds the MMDB's ranges to `builder`; returns how many ranges were added. */
export function readMmdbInto(builder: RangeTableBuilder, data: Buffer, kind: TableKind): number {
  const reader = new Reader(data);
  const { nodeCount, recordSize, ipVersion } = reader.metadata;
  const nodeBytes = recordSize / 4;
  const readRecord = (node: number, right: boolean): number => {
    const offset = node * nodeBytes;
    if (recordSize === 24) {
      const o = right ? offset + 3 : offset;
      return (data[o] as number) * 65536 + (data[o + 1] as number) * 256 + (data[o + 2] as number);
    }
    if (recordSize === 28) {
      const middle = data[offset + 3] as number;
      const o = right ? offset + 4 : offset;
      const high = right ? middle & 0x0f : middle >> 4;
      return high * 2 ** 24 + (data[o] as number) * 65536 + (data[o + 1] as number) * 256 + (data[o + 2] as number);
    }
    if (recordSize === 32) return data.readUInt32BE(right ? offset + 4 : offset);
    throw new Error(`unsupported MMDB record size ${recordSize}`);
  };

  const cache = new Map<number, Entry>();
  const entryOf = (pointer: number, firstAddress: string): Entry => {
    let entry = cache.get(pointer);
    if (entry === undefined) {
      entry = recordEntry(reader.get(firstAddress), kind);
      cache.set(pointer, entry);
    }
    return entry;
  };
  let entries = 0;

  // IPv4: a v4 tree from its root, or the ::/96 subtree of a v6 tree
  let v4Root = 0;
  if (ipVersion === 6) {
    for (let i = 0; i < 96 && v4Root < nodeCount; i++) v4Root = readRecord(v4Root, false);
  }
  let pending: { start: number; end: number; pointer: number } | null = null;
  const flushV4 = () => {
    if (!pending) return;
    const entry = entryOf(pending.pointer, formatIpv4(pending.start));
    if (entry) {
      builder.addV4(pending.start, pending.end, entry.value, entry.label);
      entries++;
    }
    pending = null;
  };
  const emitV4 = (start: number, end: number, pointer: number) => {
    if (pending && pending.pointer === pointer && pending.end + 1 === start) pending.end = end;
    else {
      flushV4();
      pending = { start, end, pointer };
    }
  };
  if (v4Root > nodeCount) emitV4(0, 0xffffffff, v4Root);
  else if (v4Root < nodeCount) {
    const stack: number[] = [v4Root, 0, 0]; // node, depth, prefix
    while (stack.length > 0) {
      const prefix = stack.pop() as number;
      const depth = stack.pop() as number;
      const node = stack.pop() as number;
      // right first onto the stack so that the left half comes out first: ranges stay sorted
      for (const right of [true, false]) {
        const record = readRecord(node, right);
        const start = right ? prefix + 2 ** (31 - depth) : prefix;
        if (record < nodeCount) stack.push(record, depth + 1, start);
        else if (record > nodeCount) emitV4(start, start + 2 ** (31 - depth) - 1, record);
      }
    }
  }
  flushV4();

  if (ipVersion === 6) {
    let pending6: { start: bigint; end: bigint; pointer: number } | null = null;
    const flushV6 = () => {
      if (!pending6) return;
      const startWords = bigIntToIpv6Words(pending6.start);
      const entry = entryOf(pending6.pointer, formatIpv6(startWords));
      if (entry) {
        builder.addV6(startWords, bigIntToIpv6Words(pending6.end), entry.value, entry.label);
        entries++;
      }
      pending6 = null;
    };
    const stack: Array<[number, number, bigint]> = [[0, 0, 0n]];
    while (stack.length > 0) {
      const [node, depth, prefix] = stack.pop() as [number, number, bigint];
      for (const right of [true, false]) {
        const record = readRecord(node, right);
        const size = 1n << BigInt(127 - depth);
        const start = right ? prefix + size : prefix;
        // the IPv4 subtree and its aliases (::ffff:0:0/96, 2002::/16) were read as IPv4 above
        if (v4Root !== 0 && v4Root < nodeCount && record === v4Root) continue;
        if (record < nodeCount) stack.push([record, depth + 1, start]);
        else if (record > nodeCount) {
          const end = start + size - 1n;
          if (pending6 && pending6.pointer === record && pending6.end + 1n === start) pending6.end = end;
          else {
            flushV6();
            pending6 = { start, end, pointer: record };
          }
        }
      }
    }
    flushV6();
  }
  return entries;
}
