import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { Reader, type Response } from 'mmdb-lib';
import { describe, expect, it } from 'vitest';
import { NETWORKS, addressIn, formatIpv4, formatIpv6, networkContaining, parseIpv4, parseIpv6, parsePrefix, type Prefix } from './networks.js';
import { Rng } from './rng.js';

const require = createRequire(import.meta.url);
const asnDir = require.resolve('@ip-location-db/asn/package.json').replace(/package\.json$/, '');
const countryDir = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json').replace(/package\.json$/, '');

interface Row {
  first: bigint;
  last: bigint;
  asn: number;
}

/** Rows of the bundled ASN database for the ASNs we use, sorted by start. */
function asnRows(file: string, parse: (text: string) => bigint | null, wanted: Set<number>): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(asnDir + file, 'utf8').split('\n')) {
    const match = /^([^,]+),([^,]+),(\d+),/.exec(line);
    if (!match || !wanted.has(Number(match[3]))) continue;
    const first = parse(match[1] as string);
    const last = parse(match[2] as string);
    if (first !== null && last !== null) rows.push({ first, last, asn: Number(match[3]) });
  }
  return rows.sort((a, b) => (a.first < b.first ? -1 : 1));
}

/** True when the rows of `asn` cover every address of the prefix without a gap. */
function coveredBy(prefix: Prefix, rows: Row[], asn: number): boolean {
  const bits = prefix.version === 4 ? 32 : 128;
  const last = prefix.first + (1n << BigInt(bits - prefix.length)) - 1n;
  let next = prefix.first;
  for (const row of rows) {
    if (row.asn !== asn || row.last < next) continue;
    if (row.first > next) return false;
    next = row.last + 1n;
    if (next > last) return true;
  }
  return false;
}

/** Every country the database gives to some address of the prefix, walking its networks. */
function countriesIn(reader: Reader<Response>, prefix: Prefix): Set<string> {
  const bits = prefix.version === 4 ? 32 : 128;
  const last = prefix.first + (1n << BigInt(bits - prefix.length)) - 1n;
  const found = new Set<string>();
  let address = prefix.first;
  while (address <= last) {
    const text = prefix.version === 4 ? formatIpv4(Number(address)) : formatIpv6(address);
    const [record, length] = reader.getWithPrefixLength(text);
    found.add((record as { country_code?: string } | null)?.country_code ?? 'none');
    const size = 1n << BigInt(bits - length);
    address = (address / size) * size + size;
  }
  return found;
}

describe('networks.json', () => {
  const networks = [...NETWORKS.values()];
  const wanted = new Set(networks.map((n) => n.asn));

  it('gives each prefix to its intended ASN in the bundled ASN database', () => {
    const v4 = asnRows('asn-ipv4.csv', (t) => {
      const n = parseIpv4(t);
      return n === null ? null : BigInt(n);
    }, wanted);
    const v6 = asnRows('asn-ipv6.csv', parseIpv6, wanted);
    const wrong: string[] = [];
    for (const net of networks) {
      for (const prefix of net.prefixes) {
        if (!coveredBy(prefix, prefix.version === 4 ? v4 : v6, net.asn)) wrong.push(`${net.id} ${prefix.cidr} AS${net.asn}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives each prefix, whole, to its intended country in the bundled country database', () => {
    const reader = new Reader<Response>(readFileSync(countryDir + 'geo-whois-asn-country.mmdb'));
    const wrong: string[] = [];
    for (const net of networks) {
      for (const prefix of net.prefixes) {
        const countries = [...countriesIn(reader, prefix)];
        if (countries.length !== 1 || countries[0] !== net.country) wrong.push(`${net.id} ${prefix.cidr}: ${countries.join(',')} != ${net.country}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has home ISPs, hosting, crawler and Tor networks, and IPv6 prefixes', () => {
    const kinds = new Set(networks.map((n) => n.kind));
    expect([...kinds].sort()).toEqual(['crawler', 'hosting', 'isp', 'tor']);
    expect(networks.filter((n) => n.kind === 'isp' && n.country === 'CA').length).toBeGreaterThanOrEqual(8);
    expect(networks.some((n) => n.v6.length > 0 && n.kind === 'isp')).toBe(true);
  });
});

describe('addresses', () => {
  it('draws addresses inside the prefix and finds their network again', () => {
    const prefixes = [...NETWORKS.values()].flatMap((n) => n.prefixes.map((p) => [n, p] as const));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: prefixes.length - 1 }), fc.integer(), (index, seed) => {
        const [net, prefix] = prefixes[index] as (typeof prefixes)[number];
        const ip = addressIn(prefix, new Rng(seed));
        expect(networkContaining(ip)?.id).toBe(net.id);
      }),
    );
  });

  it('writes IPv6 in RFC 5952 form and reads it back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const text = formatIpv6(value);
        expect(parseIpv6(text)).toBe(value);
        expect(text).toBe(text.toLowerCase());
        expect(text).not.toMatch(/(^|:)0[0-9a-f]/);
        expect(text.split('::').length).toBeLessThanOrEqual(2);
      }),
    );
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1') as bigint)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('2001:4860:4801::') as bigint)).toBe('2001:4860:4801::');
  });

  it('rejects misaligned or malformed prefixes', () => {
    expect(() => parsePrefix('70.24.1.0/16')).toThrow(RangeError);
    expect(() => parsePrefix('300.1.1.0/24')).toThrow(RangeError);
    expect(() => parsePrefix('2001:db8::1/32')).toThrow(RangeError);
    expect(parsePrefix('10.0.0.0/8').length).toBe(8);
  });
});
