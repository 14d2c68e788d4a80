import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isIpAddress, splitRequest, stripPort, unescapeLogText, addressBeforePort, hostWithoutPort } from './scan.js';
import { parseClfTime, parseIsoTime, epochFromNumber, TimeCache } from './time.js';

describe('address checks', () => {
  it.each(['203.0.113.7', '0.0.0.0', '2001:db8::1', '::1', '::', '::ffff:192.0.2.1', 'fe80::1%eth0', '2001:db8:0:0:0:0:0:1'])(
    'accepts %s',
    (ip) => expect(isIpAddress(ip)).toBe(true),
  );
  it.each(['256.1.1.1', '1.2.3', '1.2.3.4.5', 'example.org', '-', '', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '203.0.113.5:80', '12345::1', 'g::1'])(
    'rejects %s',
    (ip) => expect(isIpAddress(ip)).toBe(false),
  );
  it('agrees with node:net on random IPv4 and IPv6 text', async () => {
    const { isIP } = await import('node:net');
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 40 })), (s) => {
        expect(isIpAddress(s)).toBe(isIP(s) !== 0);
      }),
    );
  });
  it('strips ports and brackets', () => {
    expect(stripPort('203.0.113.7:4711')).toBe('203.0.113.7');
    expect(stripPort('[2001:db8::7]:443')).toBe('2001:db8::7');
    expect(stripPort(' 2001:db8::7 ')).toBe('2001:db8::7');
    expect(stripPort('unknown')).toBeNull();
    expect(addressBeforePort('2001:db8::1:33317', 0, 17)).toBe('2001:db8::1');
    expect(hostWithoutPort('example.org:8443', 0, 16)).toBe('example.org');
    expect(hostWithoutPort('[2001:db8::1]:443', 0, 17)).toBe('2001:db8::1');
    expect(hostWithoutPort('-', 0, 1)).toBeUndefined();
  });
});

describe('text helpers', () => {
  it('undoes Apache and nginx escapes', () => {
    const s = 'a\\"b\\\\c\\x22d\\q';
    expect(unescapeLogText(s, 0, s.length)).toBe('a"b\\c"d\\q');
  });
  it('reads escaped UTF-8 bytes back as text', () => {
    const s = 'caf\\xC3\\xA9 \\xFF';
    expect(unescapeLogText(s, 0, 11)).toBe('café');
    expect(unescapeLogText(s, 0, s.length)).toBe('caf\u00c3\u00a9 \u00ff');
  });
  it('splits requests, keeping junk as the path', () => {
    const out = { method: '', path: '', protocol: '' };
    splitRequest('GET /a?b=1 HTTP/1.1', 0, 19, out);
    expect(out).toEqual({ method: 'GET', path: '/a?b=1', protocol: 'HTTP/1.1' });
    splitRequest('GET /', 0, 5, out);
    expect(out).toEqual({ method: 'GET', path: '/', protocol: '' });
    const tls = '\\x16\\x03\\x01\\x00\\xF7\\x01';
    splitRequest(tls, 0, tls.length, out);
    expect(out).toEqual({ method: '-', path: tls, protocol: '' });
    splitRequest('-', 0, 1, out);
    expect(out).toEqual({ method: '-', path: '', protocol: '' });
  });
});

describe('time parsing', () => {
  it('reads CLF times with offsets', () => {
    const t = '10/Oct/2000:13:55:36 -0700';
    expect(parseClfTime(t, 0, t.length)).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    const u = '29/Feb/2024:23:59:59.250 +0130';
    expect(parseClfTime(u, 0, u.length)).toBe(Date.UTC(2024, 1, 29, 22, 29, 59, 250));
  });
  it('rejects impossible dates', () => {
    for (const t of ['29/Feb/2023:10:00:00 +0000', '31/Apr/2024:10:00:00 +0000', '10/Foo/2024:10:00:00 +0000', '10/Oct/2024:25:00:00 +0000', '10/Oct/2024:10:00:00 +9900']) {
      expect(parseClfTime(t, 0, t.length)).toBeNaN();
    }
  });
  it('reads ISO 8601 in its usual forms', () => {
    for (const [t, expected] of [
      ['2024-03-10T14:02:11Z', Date.UTC(2024, 2, 10, 14, 2, 11)],
      ['2024-03-10T14:02:11.123456Z', Date.UTC(2024, 2, 10, 14, 2, 11, 123)],
      ['2024-03-10T14:02:11+01:00', Date.UTC(2024, 2, 10, 13, 2, 11)],
      ['2024-03-10 14:02:11-0500', Date.UTC(2024, 2, 10, 19, 2, 11)],
    ] as const) {
      expect(parseIsoTime(t, 0, t.length)).toBe(expected);
    }
    expect(parseIsoTime('2024-13-10T14:02:11Z', 0, 20)).toBeNaN();
  });
  it('agrees with Date on random instants', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(parseIsoTime(iso, 0, iso.length)).toBe(d.getTime());
      }),
    );
  });
  it('tells epoch units apart by magnitude', () => {
    expect(epochFromNumber(1710079331.5)).toBe(1710079331500);
    expect(epochFromNumber(1710079331500)).toBe(1710079331500);
    expect(epochFromNumber(1710079331500000)).toBe(1710079331500);
  });
  it('the cache gives the same answers as parsing', () => {
    const cache = new TimeCache(parseClfTime);
    const a = 'x[10/Oct/2000:13:55:36 -0700]';
    const b = 'y[10/Oct/2000:13:55:37 -0700]';
    expect(cache.get(a, 2, a.length - 1)).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(cache.get(b, 2, b.length - 1)).toBe(Date.UTC(2000, 9, 10, 20, 55, 37));
    expect(cache.get(a, 2, a.length - 1)).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
  });
});

describe('splitRequest with shared method and protocol strings', () => {
  it('gives the text as written for common and unusual methods and versions (property)', () => {
    const method = fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'GOT', 'POSTS', 'get'), fc.stringMatching(/^[A-Z]{1,8}$/));
    const version = fc.oneof(fc.constantFrom('1.1', '2.0', '1.0', '2', '3', '1.2', '2.1', '0.9'), fc.stringMatching(/^[0-9.]{1,4}$/));
    fc.assert(
      fc.property(method, fc.stringMatching(/^\/[a-z0-9/?=&]{0,20}$/), version, (m, path, v) => {
        const text = `x${m} ${path} HTTP/${v}y`;
        const out = { method: '', path: '', protocol: '' };
        splitRequest(text, 1, text.length - 1, out);
        expect(out).toEqual({ method: m, path, protocol: `HTTP/${v}` });
      }),
    );
  });
});
