import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { Reader } from 'mmdb-lib';
import { describe, expect, it } from 'vitest';
import { formatIpv4, parseIp, type ParsedIp } from './ip.js';
import { lookupRange } from './range-table.js';
import { convertCsv, convertMmdb, mmdbKind, splitCsvLine } from './sources.js';
import { writeMmdb } from './testing/mmdb-writer.js';

const at = (table: Parameters<typeof lookupRange>[0], ip: string) => lookupRange(table, parseIp(ip) as ParsedIp);

describe('splitCsvLine', () => {
  it('honours quotes and doubled quotes', () => {
    expect(splitCsvLine('a,"b, c",d')).toEqual(['a', 'b, c', 'd']);
    expect(splitCsvLine('"say ""hi""",x')).toEqual(['say "hi"', 'x']);
    expect(splitCsvLine('plain,fields')).toEqual(['plain', 'fields']);
    expect(splitCsvLine('"open,field')).toBeNull();
  });
});

describe('convertCsv', () => {
  it('reads ASN rows of both families, skipping a header and comments', () => {
    const text = [
      'start,end,asn,org',
      '# comment',
      '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."',
      '2001:db8::,2001:db8::ffff,AS64500,Example',
      '',
    ].join('\n');
    const { table, entries, errors } = convertCsv(text, 'asn');
    expect(errors).toEqual([]);
    expect(entries).toBe(2);
    expect(at(table, '1.0.0.7')).toEqual({ value: 13335, label: 'Cloudflare, Inc.' });
    expect(at(table, '2001:db8::10')).toEqual({ value: 64500, label: 'Example' });
  });

  it('names each bad line with its number and keeps the good ones', () => {
    const text = ['1.0.0.0,1.0.0.255,AU', '1.0.1.0,1.0.0.0,FR', 'x,y,CA', '1.0.2.0,1.0.2.255,CAN', '1.0.3.0,::1,US', '1.0.4.0,1.0.4.255,ca'].join('\r\n');
    const { table, entries, errors } = convertCsv(text, 'country');
    expect(entries).toBe(2);
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(at(table, '1.0.4.1')?.label).toBe('CA');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => void convertCsv(text, 'asn')));
  });
});

describe('convertMmdb', () => {
  it('flattens an IPv4 ASN database', () => {
    const db = writeMmdb({
      ipVersion: 4,
      databaseType: 'GeoLite2-ASN',
      networks: [
        { cidr: '10.0.0.0/8', record: { autonomous_system_number: 64500, autonomous_system_organization: 'Ten' } },
        { cidr: '192.0.2.0/25', record: { autonomous_system_number: 64501, autonomous_system_organization: 'Doc' } },
        { cidr: '192.0.2.128/25', record: { autonomous_system_number: 64501, autonomous_system_organization: 'Doc' } },
      ],
    });
    expect(mmdbKind(db)).toBe('asn');
    const { table, entries } = convertMmdb(db, 'asn');
    expect(at(table, '10.200.0.1')).toEqual({ value: 64500, label: 'Ten' });
    expect(at(table, '192.0.2.200')).toEqual({ value: 64501, label: 'Doc' });
    expect(at(table, '11.0.0.0')).toBeNull();
    expect(entries).toBe(3);
  });

  it('reads IPv4 from the ::/96 subtree of an IPv6 database and prefers the registered country', () => {
    const db = writeMmdb({
      ipVersion: 6,
      databaseType: 'GeoLite2-Country',
      networks: [
        { cidr: '198.51.100.0/24', record: { country: { iso_code: 'FR' }, registered_country: { iso_code: 'CA' } } },
        { cidr: '2001:db8::/32', record: { country: { iso_code: 'DE' } } },
      ],
    });
    expect(mmdbKind(db)).toBe('country');
    const { table } = convertMmdb(db, 'country');
    expect(at(table, '198.51.100.9')?.label).toBe('CA');
    expect(at(table, '::ffff:198.51.100.9')?.label).toBe('CA');
    expect(at(table, '2001:db8:1::1')?.label).toBe('DE');
    expect(table.v6.count).toBe(1);
  });

  it('agrees with mmdb-lib on the bundled IPv4 country database', () => {
    const dir = dirname(createRequire(import.meta.url).resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json'));
    const db = readFileSync(join(dir, 'geo-whois-asn-country-ipv4.mmdb'));
    const reader = new Reader(db);
    const { table } = convertMmdb(db, 'country');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const ip = formatIpv4(n);
        expect(at(table, ip)?.label ?? null).toBe((reader.get(ip) as { country_code?: string } | null)?.country_code ?? null);
      }),
      { numRuns: 2000 },
    );
  });
});
