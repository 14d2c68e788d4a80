import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectKind, importIntel, IntelImportError, readManifest } from './import.js';
import { loadIntel } from './load.js';
import { writeMmdb } from './testing/mmdb-writer.js';

let work: string;
let dataDir: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vigie-intel-'));
  dataDir = join(work, 'data');
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const TOR_EXIT_ADDRESSES = `ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E
Published 2024-05-01 10:00:00
LastStatus 2024-05-01 11:00:00
ExitAddress 104.131.0.1 2024-05-01 11:05:00
ExitNode 0101010101010101010101010101010101010101
ExitAddress 70.48.7.7 2024-05-01 11:06:00
`;

describe('detectKind', () => {
  it('tells each kind from its content', () => {
    const text = (name: string, content: string) => detectKind(name, Buffer.from(content));
    expect(text('exits', TOR_EXIT_ADDRESSES)).toBe('tor');
    expect(text('tor-exits.txt', '1.2.3.4\n5.6.7.8\n')).toBe('tor');
    expect(text('nordvpn.txt', '# servers\n1.2.3.0/24\n2001:db8::/32\n')).toBe('vpn');
    expect(text('hosters.txt', 'AS64500 Example Hosting\n64501\n')).toBe('hosting-asns');
    expect(text('asn.csv', '1.0.0.0,1.0.0.255,13335,Cloudflare\n')).toBe('asn-csv');
    expect(text('cc.csv', '1.0.0.0,1.0.0.255,AU\n')).toBe('country-csv');
    const asnDb = writeMmdb({ ipVersion: 4, databaseType: 'GeoLite2-ASN', networks: [] });
    expect(detectKind('x.mmdb', asnDb)).toBe('asn-mmdb');
    expect(detectKind('x', writeMmdb({ ipVersion: 6, databaseType: 'GeoLite2-Country', networks: [] }))).toBe('country-mmdb');
  });

  it('asks for the kind when it cannot tell', () => {
    expect(() => detectKind('notes.txt', Buffer.from('hello\nworld\n'))).toThrow(IntelImportError);
    expect(() => detectKind('empty.txt', Buffer.from('# nothing\n'))).toThrow(/no data lines/);
  });
});

describe('importIntel', () => {
  it('imports a Tor exit list, which outranks hosting, and records it', async () => {
    const record = importIntel(dataDir, file('exit-addresses', TOR_EXIT_ADDRESSES), undefined, { now: new Date('2024-05-02T00:00:00Z') });
    expect(record).toMatchObject({ kind: 'tor', entries: 2, source: 'exit-addresses', importedAt: '2024-05-02T00:00:00.000Z' });
    expect(readManifest(dataDir).imports).toEqual([record]);
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('104.131.0.1')).toMatchObject({ networkType: 'tor', lists: ['tor-exits'], asn: 14061 });
    expect(intel.lookup('104.131.0.2').networkType).toBe('hosting');
    expect(intel.attributions().some((a) => a.name.includes('exit-addresses'))).toBe(true);
  });

  it('imports a VPN list with comments, CIDRs and ranges', async () => {
    const path = file('acme-vpn.txt', '# Acme VPN\n203.0.113.0/24\n70.48.0.0/24  # Montreal exit\n24.200.0.10-24.200.0.20\n2a01:4f8::/32\n');
    expect(importIntel(dataDir, path)).toMatchObject({ kind: 'vpn', entries: 4, list: 'vpn:acme-vpn' });
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('70.48.0.9')).toMatchObject({ networkType: 'vpn', lists: ['vpn:acme-vpn'], country: 'CA' });
    expect(intel.lookup('24.200.0.20').networkType).toBe('vpn');
    expect(intel.lookup('24.200.0.21').networkType).toBe('isp');
    expect(intel.lookup('2a01:4f8::1').networkType).toBe('vpn');
    // a private or reserved address stays private even when a list names it
    expect(intel.lookup('203.0.113.5').networkType).toBe('private');
  });

  it('refuses a file with a bad line, naming the file and the line, and imports nothing', () => {
    const path = file('bad-vpn.txt', '1.2.3.0/24\n# fine\n1.2.3.999\n5.6.7.8\n');
    let error: unknown;
    try {
      importIntel(dataDir, path, 'vpn');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IntelImportError);
    expect((error as Error).message).toContain(`${path}:3:`);
    expect((error as IntelImportError).lines.map((l) => l.line)).toEqual([3]);
    expect(readManifest(dataDir).imports).toEqual([]);
  });

  it('names an unreadable file', () => {
    const missing = join(work, 'missing.txt');
    expect(() => importIntel(dataDir, missing, 'tor')).toThrow(missing);
  });

  it('imports hosting ASNs', async () => {
    importIntel(dataDir, file('hosters.txt', '# extra hosting networks\nAS577 Bell (as a test)\n5769,"Videotron"\n'));
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('70.48.1.1').networkType).toBe('hosting');
    expect(intel.lookup('24.200.1.1').networkType).toBe('hosting');
  });

  it('lets an imported country CSV take precedence, the bundled data filling the rest', async () => {
    importIntel(dataDir, file('cc.csv', 'start,end,country\n70.48.0.0,70.48.255.255,fr\n'));
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('70.48.1.1').country).toBe('FR');
    expect(intel.lookup('8.8.8.8').country).toBe('US');
  });

  it('lets an imported ASN CSV take precedence', async () => {
    importIntel(dataDir, file('asn.csv', '8.8.8.0,8.8.8.255,64500,"Test, Org"\n'), 'asn-csv');
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('8.8.8.8')).toMatchObject({ asn: 64500, org: 'Test, Org', networkType: 'isp' });
    expect(intel.lookup('8.8.4.4').asn).toBe(15169);
  });

  it('imports MMDB databases of both kinds and credits GeoLite2', async () => {
    const country = writeMmdb({
      ipVersion: 6,
      databaseType: 'GeoLite2-Country',
      networks: [{ cidr: '8.8.8.0/24', record: { registered_country: { iso_code: 'CA' } } }],
    });
    const asn = writeMmdb({
      ipVersion: 4,
      databaseType: 'GeoLite2-ASN',
      networks: [{ cidr: '70.48.1.0/24', record: { autonomous_system_number: 14061, autonomous_system_organization: 'Test DO' } }],
    });
    expect(importIntel(dataDir, file('GeoLite2-Country.mmdb', country))).toMatchObject({ kind: 'country-mmdb', entries: 1 });
    expect(importIntel(dataDir, file('GeoLite2-ASN.mmdb', asn))).toMatchObject({ kind: 'asn-mmdb', entries: 1 });
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('8.8.8.8')).toMatchObject({ country: 'CA', asn: 15169 });
    expect(intel.lookup('70.48.1.1')).toMatchObject({ asn: 14061, org: 'Test DO', networkType: 'hosting', country: 'CA' });
    expect(intel.attributions().some((a) => a.notice.includes('GeoLite2 data created by MaxMind'))).toBe(true);
  });

  it('refuses an MMDB database with no records of its kind', () => {
    const db = writeMmdb({ ipVersion: 4, databaseType: 'GeoLite2-ASN', networks: [{ cidr: '1.0.0.0/8', record: { other: 'x' } }] });
    expect(() => importIntel(dataDir, file('odd.mmdb', db), 'asn-mmdb')).toThrow(/no asn records/);
    expect(() => importIntel(dataDir, file('text.mmdb', 'not a database'), 'country-mmdb')).toThrow(/not an MMDB/);
  });

  it('replaces an earlier import of the same kind', async () => {
    importIntel(dataDir, file('tor-a.txt', '70.48.1.1\n'), 'tor');
    importIntel(dataDir, file('tor-b.txt', '70.48.2.2\n'), 'tor');
    const imports = readManifest(dataDir).imports;
    expect(imports.map((r) => r.source)).toEqual(['tor-b.txt']);
    const intel = await loadIntel({ dataDir });
    expect(intel.lookup('70.48.1.1').networkType).toBe('isp');
    expect(intel.lookup('70.48.2.2').networkType).toBe('tor');
    expect(readFileSync(join(dataDir, 'intel', imports[0]?.file ?? ''), 'utf8')).toContain('70.48.2.2');
  });
});
