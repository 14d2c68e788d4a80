import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../intel/ip.js';
import { EXPORT_FORMATS, exportFormat } from './formats.js';
import { ipsetFormat } from './ipset.js';
import { nftablesFormat, nftDuration } from './nftables.js';
import { nginxGeoFormat } from './nginx.js';
import { decision, HOUR, NOW, sampleDecisions } from './sample.fixture.js';
import { disjointSegments, selectTargets, type BanTarget } from './targets.js';

const SKIPPED_HEADER = [
  '# Entries: 5.',
  '# Not written: 1 AS ban(s), 1 country ban(s) (a file lists addresses; use the bouncer API for these).',
  '# Not written: 1 ban(s) whose value is not an address or network.',
];

describe('selectTargets', () => {
  it('keeps bans in force on addresses and networks, the latest end per target, and counts what it leaves out', () => {
    const set = selectTargets(sampleDecisions(), NOW);
    expect(set.skipped).toEqual({ asn: 1, country: 1, invalid: 1 });
    expect(set.targets.map((t) => [t.family, t.prefix, t.until - NOW])).toEqual([
      [4, 24, HOUR], [4, 32, 3 * HOUR], [4, 32, 4 * HOUR - 1500], [6, 128, 2 * HOUR], [6, 48, 30 * 60_000],
    ]);
  });

  it.each([
    ['ip', '1.2.3.4; }'], ['ip', '1.2.3.4 1;\n}'], ['ip', '203.0.113.7/32'], ['range', '203.0.113.7'], ['range', '10.0.0.1/8'],
    ['range', '10.0.0.0/8;deny all'], ['ip', ' 203.0.113.7'], ['ip', '2001:db8::1%eth0'], ['ip', '::1]; drop'], ['ip', ''], ['ip', '::ffff:1.2.3.4'], ['ip', '010.1.1.1'], ['ip', '2001:DB8::1'],
  ] as const)('refuses %s value %j', (scope, value) => {
    const set = selectTargets([decision(scope, value, HOUR)], NOW);
    expect(set.targets).toEqual([]);
    expect(set.skipped.invalid).toBe(1);
  });

  it('never writes anything but addresses, networks and its own syntax, whatever the values (property)', () => {
    const value = fc.oneof(fc.string(), fc.constantFrom('1.2.3.4; }', '10.0.0.0/8\n}', '::ffff:1.2.3.4', '2001:db8::/32'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('ip', 'range') as fc.Arbitrary<'ip' | 'range'>, value), { maxLength: 8 }), (rows) => {
        const set = selectTargets(rows.map(([scope, v]) => decision(scope, v, HOUR)), NOW);
        for (const line of exportFormat('text').render(set).split('\n').filter(Boolean)) expect(parseCidr(line)).not.toBeNull();
        for (const name of EXPORT_FORMATS) {
          for (const line of exportFormat(name).render(set).split('\n')) {
            expect(line).not.toMatch(/[^\w .:/,;{}#$()@'-]/);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('formats', () => {
  const set = selectTargets(sampleDecisions(), NOW);

  it('text: one address or network per line, nothing else', () => {
    expect(exportFormat('text').render(set)).toBe('198.51.100.0/24\n198.51.100.9\n203.0.113.7\n2001:db8::1\n2001:db8:1::/48\n');
  });

  it('nginx: a geo block setting $vigie_ban', () => {
    expect(exportFormat('nginx').render(set)).toBe(
      [
        '# Written by Vigie: nginx geo block, include it in the http context; then: if ($vigie_ban) { return 403; }. Do not edit: the next export replaces this file.',
        ...SKIPPED_HEADER,
        'geo $vigie_ban {',
        '    default 0;',
        '    198.51.100.0/24 1;',
        '    198.51.100.9 1;',
        '    203.0.113.7 1;',
        '    2001:db8::1 1;',
        '    2001:db8:1::/48 1;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('nginx-deny: deny lines', () => {
    expect(exportFormat('nginx-deny').render(set)).toBe(
      [
        '# Written by Vigie: nginx deny list, include it in an http, server or location context. Do not edit: the next export replaces this file.',
        ...SKIPPED_HEADER,
        'deny 198.51.100.0/24;',
        'deny 198.51.100.9;',
        'deny 203.0.113.7;',
        'deny 2001:db8::1;',
        'deny 2001:db8:1::/48;',
        '',
      ].join('\n'),
    );
  });

  it('nftables: interval sets refilled in one transaction, nested networks cut into disjoint runs, each with its timeout', () => {
    expect(exportFormat('nftables').render(set)).toBe(
      [
        '# Written by Vigie: nftables sets, load with nft -f; then: ip saddr @ban4 drop; ip6 saddr @ban6 drop. Do not edit: the next export replaces this file.',
        ...SKIPPED_HEADER,
        'table inet vigie {',
        '    set ban4 { type ipv4_addr; flags interval, timeout; }',
        '    set ban6 { type ipv6_addr; flags interval, timeout; }',
        '}',
        'flush set inet vigie ban4',
        'flush set inet vigie ban6',
        'add element inet vigie ban4 {',
        '    198.51.100.0-198.51.100.8 timeout 1h,',
        '    198.51.100.9 timeout 3h,',
        '    198.51.100.10-198.51.100.255 timeout 1h,',
        '    203.0.113.7 timeout 3h59m59s',
        '}',
        'add element inet vigie ban6 {',
        '    2001:db8::1 timeout 2h,',
        '    2001:db8:1::/48 timeout 30m',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('nftables: no element statement for an empty family (nft refuses empty braces)', () => {
    const text = nftablesFormat({ table: 'edge', set4: 'v4', set6: 'v6' }).render(selectTargets([decision('ip', '192.0.2.1', 90_500)], NOW));
    expect(text).toContain('add element inet edge v4 {\n    192.0.2.1 timeout 1m31s\n}');
    expect(text).not.toContain('edge v6 {');
    expect(text).toContain('flush set inet edge v6');
  });

  it('ipset: restore file filling new sets and swapping them in', () => {
    expect(exportFormat('ipset').render(set)).toBe(
      [
        '# Written by Vigie: ipset restore file, load with ipset restore -file; then match vigie-ban4 and vigie-ban6 (hash:net, src). Do not edit: the next export replaces this file.',
        ...SKIPPED_HEADER,
        'create vigie-ban4 hash:net family inet hashsize 1024 maxelem 65536 timeout 0 -exist',
        'create vigie-ban4-new hash:net family inet hashsize 1024 maxelem 65536 timeout 0 -exist',
        'flush vigie-ban4-new',
        'add vigie-ban4-new 198.51.100.0/24 timeout 3600 -exist',
        'add vigie-ban4-new 198.51.100.9 timeout 10800 -exist',
        'add vigie-ban4-new 203.0.113.7 timeout 14399 -exist',
        'swap vigie-ban4-new vigie-ban4',
        'destroy vigie-ban4-new',
        'create vigie-ban6 hash:net family inet6 hashsize 1024 maxelem 65536 timeout 0 -exist',
        'create vigie-ban6-new hash:net family inet6 hashsize 1024 maxelem 65536 timeout 0 -exist',
        'flush vigie-ban6-new',
        'add vigie-ban6-new 2001:db8::1 timeout 7200 -exist',
        'add vigie-ban6-new 2001:db8:1::/48 timeout 1800 -exist',
        'swap vigie-ban6-new vigie-ban6',
        'destroy vigie-ban6-new',
        '',
      ].join('\n'),
    );
  });

  it('ipset: the whole space as two halves, timeouts cut to the kernel limit, entries beyond maxelem counted', () => {
    const text = ipsetFormat({ maxelem: 2 }).render(
      selectTargets([decision('range', '0.0.0.0/0', 30 * 24 * HOUR), decision('ip', '192.0.2.1', HOUR)], NOW),
    );
    expect(text).toContain('add vigie-ban4-new 0.0.0.0/1 timeout 2147483 -exist\nadd vigie-ban4-new 128.0.0.0/1 timeout 2147483 -exist\nswap');
    expect(text).toContain('# Not written: 1 entr(ies) beyond maxelem 2 in vigie-ban4.');
    expect(text).not.toContain('192.0.2.1');
  });

  it('refuses names that could carry config text', () => {
    expect(() => nginxGeoFormat({ variable: 'x; }' })).toThrow(/nginx variable/);
    expect(() => nftablesFormat({ table: 'vigie }' })).toThrow(/nftables name/);
    expect(() => ipsetFormat({ set4: 'a b' })).toThrow(/ipset name/);
  });

  it('nftDuration writes nft time units', () => {
    expect([1, 59, 60, 3600, 14399, 86_400, 90_061].map(nftDuration)).toEqual(['1s', '59s', '1m', '1h', '3h59m59s', '1d', '1d1h1m1s']);
  });
});

describe('disjointSegments', () => {
  const target = (start: number, prefix: number, until: number): BanTarget => {
    const size = 2 ** (32 - prefix);
    const base = Math.floor(start / size) * size;
    return { family: 4, start: BigInt(base), end: BigInt(base + size - 1), prefix, until };
  };

  it('gives every address the latest end of the targets covering it, with no overlap (property)', () => {
    // a small corner of the space so that nesting is frequent
    const arbitrary = fc.array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }), fc.integer({ min: 1, max: 4 })), { maxLength: 12 });
    fc.assert(
      fc.property(arbitrary, (rows) => {
        const set = selectTargets([], NOW);
        const byKey = new Map<string, BanTarget>();
        for (const [start, prefix, hours] of rows) {
          const t = target(start, prefix, NOW + hours * HOUR);
          const key = `${t.start}/${t.prefix}`;
          if (!byKey.has(key) || byKey.get(key)!.until < t.until) byKey.set(key, t);
        }
        set.targets = [...byKey.values()].sort((a, b) => (a.start === b.start ? a.prefix - b.prefix : a.start < b.start ? -1 : 1));
        const segments = disjointSegments(set.targets);
        for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBeGreaterThan(segments[i - 1]!.end);
        for (let address = 0n; address < 256n; address++) {
          const covering = set.targets.filter((t) => t.start <= address && address <= t.end);
          const expected = covering.length ? Math.max(...covering.map((t) => t.until)) : null;
          const found = segments.find((s) => s.start <= address && address <= s.end);
          expect(found?.until ?? null).toBe(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});
