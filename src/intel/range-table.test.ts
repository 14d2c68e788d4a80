import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp, parseIpv6 } from './ip.js';
import { deserializeRangeTable, findV4, lookupRange, RangeTableBuilder, serializeRangeTable } from './range-table.js';

describe('RangeTableBuilder and findV4', () => {
  it('finds what a naive scan finds, whatever the insertion order', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 300 })).map(([s, len]) => [s, s + len] as const);
    fc.assert(
      fc.property(fc.array(range, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 0x10200 }), { maxLength: 40 }), (ranges, probes) => {
        const builder = new RangeTableBuilder();
        ranges.forEach(([s, e], i) => builder.addV4(s, e, i, `r${i}`));
        const table = builder.build();
        for (let i = 1; i < table.v4.count; i++) expect(table.v4.starts[i] as number).toBeGreaterThan(table.v4.ends[i - 1] as number);
        for (const p of probes) {
          const index = findV4(table.v4, p);
          const covered = ranges.some(([s, e]) => p >= s && p <= e);
          expect(index >= 0).toBe(covered);
          if (index >= 0) {
            // the answer is one of the ranges that hold the address
            const [s, e] = ranges[table.v4.values[index] as number] as readonly [number, number];
            expect(p >= s && p <= e).toBe(true);
          }
        }
      }),
    );
  });

  it('keeps the first of two overlapping ranges where they overlap', () => {
    const builder = new RangeTableBuilder();
    builder.addV4(100, 200, 1, 'first');
    builder.addV4(150, 300, 2, 'second');
    const table = builder.build();
    const at = (n: number) => lookupRange(table, { version: 4, v4: n })?.label ?? null;
    expect([at(99), at(150), at(200), at(201), at(300), at(301)]).toEqual([null, 'first', 'first', 'second', 'second', null]);
  });
});

describe('IPv6 ranges', () => {
  it('finds addresses at the bounds and not outside', () => {
    const builder = new RangeTableBuilder();
    const words = (ip: string) => parseIpv6(ip) as number[];
    builder.addV6(words('2001:db8::'), words('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'), 64500, 'Doc');
    builder.addV6(words('2a00::'), words('2a00::ff'), 64501, 'Tiny');
    const table = builder.build();
    const at = (ip: string) => lookupRange(table, parseIp(ip) as NonNullable<ReturnType<typeof parseIp>>)?.value ?? null;
    expect(at('2001:db8::')).toBe(64500);
    expect(at('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')).toBe(64500);
    expect(at('2001:db9::')).toBeNull();
    expect(at('2a00::ff')).toBe(64501);
    expect(at('2a00::100')).toBeNull();
    expect(at('1.2.3.4')).toBeNull();
  });
});

describe('serialisation', () => {
  it('reads back what it wrote', () => {
    const builder = new RangeTableBuilder();
    builder.addV4(10, 20, 7, 'Org, with comma');
    builder.addV4(30, 40, 8, 'Line\nbreak');
    builder.addV6([1, 2, 3, 4], [1, 2, 3, 9], 9, 'Six');
    const table = builder.build();
    const copy = deserializeRangeTable(serializeRangeTable(table), 'mem');
    expect(copy.v4.count).toBe(2);
    expect(copy.v6.count).toBe(1);
    expect(lookupRange(copy, { version: 4, v4: 15 })).toEqual({ value: 7, label: 'Org, with comma' });
    expect(lookupRange(copy, { version: 4, v4: 35 })).toEqual({ value: 8, label: 'Line break' });
    expect(lookupRange(copy, { version: 6, words: [1, 2, 3, 5] })).toEqual({ value: 9, label: 'Six' });
  });

  it('reads from an unaligned buffer', () => {
    const builder = new RangeTableBuilder();
    builder.addV4(10, 20, 7, 'x');
    const bytes = serializeRangeTable(builder.build());
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    expect(lookupRange(deserializeRangeTable(shifted.subarray(1), 'mem'), { version: 4, v4: 12 })?.value).toBe(7);
  });

  it('names the source of a file that is not a table', () => {
    expect(() => deserializeRangeTable(Buffer.from('hello world, not a table'), 'x.bin')).toThrow(/x\.bin/);
  });
});
