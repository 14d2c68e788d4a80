import { endianness } from 'node:os';
import type { ParsedIp } from './ip.js';

/**
 * Sorted, non-overlapping address ranges, each carrying a number (`values`, e.g. an ASN) and a
 * string (`labels` index into `strings`, e.g. an organisation or a country code). IPv4 ranges take
 * one 32-bit word per bound; IPv6 ranges take four, so lookups stay exact for any prefix length.
 */
export interface FamilyTable {
  count: number;
  starts: Uint32Array;
  ends: Uint32Array;
  values: Uint32Array;
  labels: Uint32Array;
}

export interface RangeTable {
  v4: FamilyTable;
  v6: FamilyTable;
  strings: string[];
}

export interface RangeHit {
  value: number;
  label: string;
}

/** Index of the range holding `ip` in an IPv4 table, or -1. */
export function findV4(table: FamilyTable, ip: number): number {
  const starts = table.starts;
  let lo = 0;
  let hi = table.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= ip) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && (table.ends[hi] as number) >= ip ? hi : -1;
}

function compareWords(array: Uint32Array, index: number, w: readonly number[]): number {
  const base = index * 4;
  for (let i = 0; i < 4; i++) {
    const a = array[base + i] as number;
    const b = w[i] as number;
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

/** Index of the range holding the address (four words) in an IPv6 table, or -1. */
export function findV6(table: FamilyTable, words: readonly number[]): number {
  let lo = 0;
  let hi = table.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (compareWords(table.starts, mid, words) <= 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && compareWords(table.ends, hi, words) >= 0 ? hi : -1;
}

export function lookupRange(table: RangeTable, ip: ParsedIp): RangeHit | null {
  const family = ip.version === 4 ? table.v4 : table.v6;
  const index = ip.version === 4 ? findV4(family, ip.v4) : findV6(family, ip.words);
  if (index < 0) return null;
  return { value: family.values[index] as number, label: table.strings[family.labels[index] as number] ?? '' };
}

/** Collects ranges in any order; `build` sorts them and drops the parts that overlap earlier ones. */
export class RangeTableBuilder {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly v4: number[] = []; // start, end, value, label
  private readonly v6: number[] = []; // 4 start words, 4 end words, value, label

  private intern(label: string): number {
    // the string table is stored newline-separated, so a label never holds a line break
    const clean = label.replace(/[\r\n]+/g, ' ');
    let index = this.stringIndex.get(clean);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(clean);
      this.stringIndex.set(clean, index);
    }
    return index;
  }

  get size(): number {
    return this.v4.length / 4 + this.v6.length / 10;
  }

  addV4(start: number, end: number, value: number, label: string): void {
    this.v4.push(start, end, value, this.intern(label));
  }

  addV6(start: readonly number[], end: readonly number[], value: number, label: string): void {
    this.v6.push(...start.slice(0, 4), ...end.slice(0, 4), value, this.intern(label));
  }

  build(): RangeTable {
    return { v4: buildFamily(this.v4, 1), v6: buildFamily(this.v6, 4), strings: this.strings.slice() };
  }
}

function buildFamily(flat: number[], width: 1 | 4): FamilyTable {
  const stride = width * 2 + 2;
  const total = flat.length / stride;
  const compareAt = (a: number, b: number, offset: number): number => {
    for (let i = 0; i < width; i++) {
      const x = flat[a * stride + offset + i] as number;
      const y = flat[b * stride + offset + i] as number;
      if (x !== y) return x - y;
    }
    return 0;
  };
  const order = Array.from({ length: total }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < total && sorted; i++) if (compareAt(i - 1, i, 0) > 0) sorted = false;
  if (!sorted) order.sort((a, b) => compareAt(a, b, 0) || a - b);

  const starts = new Uint32Array(total * width);
  const ends = new Uint32Array(total * width);
  const values = new Uint32Array(total);
  const labels = new Uint32Array(total);
  let count = 0;
  for (const i of order) {
    const base = i * stride;
    if (count > 0) {
      // an entry overlapping the previous one keeps only its part after the previous end
      const prevEnd = Array.from(ends.subarray((count - 1) * width, count * width));
      const end = flat.slice(base + width, base + 2 * width);
      if (compareArrays(end, prevEnd) <= 0) continue;
      const start = flat.slice(base, base + width);
      if (compareArrays(start, prevEnd) <= 0) {
        starts.set(increment(prevEnd), count * width);
        ends.set(end, count * width);
        values[count] = flat[base + 2 * width] as number;
        labels[count] = flat[base + 2 * width + 1] as number;
        count++;
        continue;
      }
    }
    starts.set(flat.slice(base, base + width), count * width);
    ends.set(flat.slice(base + width, base + 2 * width), count * width);
    values[count] = flat[base + 2 * width] as number;
    labels[count] = flat[base + 2 * width + 1] as number;
    count++;
  }
  return {
    count,
    starts: starts.slice(0, count * width),
    ends: ends.slice(0, count * width),
    values: values.slice(0, count),
    labels: labels.slice(0, count),
  };
}

function compareArrays(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x - y;
  }
  return 0;
}

function increment(words: number[]): number[] {
  const out = words.slice();
  for (let i = out.length - 1; i >= 0; i--) {
    const next = ((out[i] as number) + 1) >>> 0;
    out[i] = next;
    if (next !== 0) break;
  }
  return out;
}

const MAGIC = 'VIGIERT1';

interface TableHeader {
  endian: 'LE' | 'BE';
  v4: number;
  v6: number;
  stringBytes: number;
}

/** One file: magic, header length, JSON header, padding to 4 bytes, the arrays, then the strings. */
export function serializeRangeTable(table: RangeTable): Buffer {
  const strings = Buffer.from(table.strings.join('\n'), 'utf8');
  const header: TableHeader = { endian: endianness(), v4: table.v4.count, v6: table.v6.count, stringBytes: strings.length };
  let headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((MAGIC.length + 4 + headerBytes.length) % 4)) % 4;
  headerBytes = Buffer.concat([headerBytes, Buffer.alloc(pad, 0x20)]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const arrays = [table.v4, table.v6].flatMap((f) => [f.starts, f.ends, f.values, f.labels]);
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'),
    length,
    headerBytes,
    ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
    strings,
  ]);
}

/** Reads a table written by `serializeRangeTable`; the arrays are views on `data`, not copies. */
export function deserializeRangeTable(input: Buffer, source: string): RangeTable {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a Vigie range table (${why})`);
  };
  if (input.length < 12 || input.toString('latin1', 0, MAGIC.length) !== MAGIC) fail('bad magic');
  // typed-array views need 4-byte alignment; a pooled Buffer may not have it
  const data = input.byteOffset % 4 === 0 ? input : Buffer.from(input);
  const headerLength = data.readUInt32LE(MAGIC.length);
  let header: TableHeader;
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as TableHeader;
  } catch {
    return fail('bad header');
  }
  if (header.endian !== endianness()) fail(`written on a ${header.endian} machine`);
  let offset = MAGIC.length + 4 + headerLength;
  const take = (words: number): Uint32Array => {
    if (offset + words * 4 > data.length) fail('truncated');
    const view = new Uint32Array(data.buffer, data.byteOffset + offset, words);
    offset += words * 4;
    return view;
  };
  const family = (count: number, width: number): FamilyTable => ({
    count,
    starts: take(count * width),
    ends: take(count * width),
    values: take(count),
    labels: take(count),
  });
  const v4 = family(header.v4, 1);
  const v6 = family(header.v6, 4);
  if (offset + header.stringBytes > data.length) fail('truncated strings');
  const text = data.toString('utf8', offset, offset + header.stringBytes);
  const strings = text.length === 0 ? [] : text.split('\n');
  return { v4, v6, strings };
}

export function emptyRangeTable(): RangeTable {
  return new RangeTableBuilder().build();
}
