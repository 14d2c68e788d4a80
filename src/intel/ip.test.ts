import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CidrSet,
  formatIpv4,
  formatIpv6,
  ipVersion,
  isIp,
  isPrivateIp,
  normalizeIp,
  parseCidr,
  parseIp,
  parseIpv4,
  parseIpv6,
  prefixOf,
  specialRangeOf,
} from './ip.js';

describe('parseIpv4', () => {
  it('reads dotted quads as unsigned numbers', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('1.2.3.4')).toBe(0x01020304);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.04', '1..2.3', ' 1.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1.2.3.-4'])(
    'refuses %j',
    (text) => expect(parseIpv4(text)).toBeNull(),
  );

  it('round-trips any 32-bit value', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => parseIpv4(formatIpv4(n)) === n));
  });
});

describe('parseIpv6', () => {
  it('reads compressed and full forms', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0]);
    expect(parseIpv6('::1')).toEqual([0, 0, 0, 1]);
    expect(parseIpv6('2001:db8::1')).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001')).toEqual([0x20010db8, 0, 0, 1]);
    expect(parseIpv6('fe80::1%eth0')).toEqual([0xfe800000, 0, 0, 1]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0xffff, 0x01020304]);
  });

  it.each(['', ':', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '::1.2.3', '1:2:3:4:5:6:7::8:9'])(
    'refuses %j',
    (text) => expect(parseIpv6(text)).toBeNull(),
  );

  it('round-trips through the RFC 5952 form', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.tuple(word, word, word, word), (words) => {
        expect(parseIpv6(formatIpv6(words))).toEqual(words);
      }),
    );
  });

  it('formats the longest zero run as ::', () => {
    expect(formatIpv6([0x20010db8, 0, 0x00010000, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0x20010db8, 0x00000001, 0, 0])).toBe('2001:db8:0:1::');
    expect(formatIpv6([0, 0, 0, 0])).toBe('::');
  });
});

describe('parseIp, isIp, ipVersion', () => {
  it('treats IPv4-mapped IPv6 as IPv4', () => {
    expect(parseIp('::ffff:8.8.8.8')).toEqual({ version: 4, v4: parseIpv4('8.8.8.8') });
    expect(ipVersion('::ffff:8.8.8.8')).toBe(4);
    expect(normalizeIp('::FFFF:0808:0808')).toBe('8.8.8.8');
    expect(ipVersion('2001:db8::1')).toBe(6);
    expect(ipVersion('nope')).toBeNull();
    expect(isIp('10.0.0.1')).toBe(true);
    expect(isIp('10.0.0.1/8')).toBe(false);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseIp(text)));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.%'.split('')) }), (text) => void parseIp(text)));
  });
});

describe('prefixOf', () => {
  it('gives the /24 or /64 network', () => {
    expect(prefixOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(prefixOf('::ffff:203.0.113.77')).toBe('203.0.113.0/24');
    expect(prefixOf('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(prefixOf('2001:db8::1')).toBe('2001:db8::/64');
    expect(prefixOf('x')).toBeNull();
  });

  it('every address is inside its prefix', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const prefix = prefixOf(ip);
        const range = prefix ? parseCidr(prefix) : null;
        expect(range).not.toBeNull();
        const set = new CidrSet();
        set.add(prefix as string);
        expect(set.has(ip)).toBe(true);
      }),
    );
  });
});

describe('parseCidr', () => {
  it('reads networks and single addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ version: 4, start: 0x0a000000, end: 0x0affffff });
    expect(parseCidr('1.2.3.4')).toEqual({ version: 4, start: 0x01020304, end: 0x01020304 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ version: 4, start: 0, end: 0xffffffff });
    expect(parseCidr('2001:db8::/32')).toEqual({ version: 6, start: 0x20010db8n << 96n, end: (0x20010db8n << 96n) | ((1n << 96n) - 1n) });
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual({ version: 4, start: 0x0a000000, end: 0x0affffff });
  });

  it.each(['10.0.0.1/8', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/a', '2001:db8::1/32', '::/129'])('refuses %j', (text) =>
    expect(parseCidr(text)).toBeNull(),
  );
});

describe('CidrSet', () => {
  it('matches a naive membership test', () => {
    const cidr = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 8, max: 32 })).map(([n, length]) => {
      const size = 2 ** (32 - length);
      return { start: n - (n % size), end: n - (n % size) + size - 1, text: `${formatIpv4(n - (n % size))}/${length}` };
    });
    fc.assert(
      fc.property(fc.array(cidr, { maxLength: 20 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }), (cidrs, probes) => {
        const set = new CidrSet();
        for (const c of cidrs) expect(set.add(c.text)).toBe(true);
        for (const c of cidrs) probes.push(c.start, c.end, c.end + 1 > 0xffffffff ? 0 : c.end + 1);
        for (const p of probes) {
          expect(set.has(formatIpv4(p))).toBe(cidrs.some((c) => p >= c.start && p <= c.end));
        }
      }),
    );
  });

  it('holds IPv6 ranges and refuses junk', () => {
    const set = new CidrSet();
    expect(set.add('2001:db8::/48')).toBe(true);
    expect(set.addRange('2001:db9::1', '2001:db9::5')).toBe(true);
    expect(set.add('not a network')).toBe(false);
    expect(set.addRange('1.2.3.4', '::1')).toBe(false);
    expect(set.has('2001:db8:0:ffff::1')).toBe(true);
    expect(set.has('2001:db8:1::')).toBe(false);
    expect(set.has('2001:db9::5')).toBe(true);
    expect(set.has('2001:db9::6')).toBe(false);
    expect(set.has('1.2.3.4')).toBe(false);
  });

  it('joins overlapping and adjacent ranges', () => {
    const set = new CidrSet();
    set.add('10.0.0.0/25');
    set.add('10.0.0.128/25');
    set.add('10.0.0.5');
    set.add('10.0.2.0/24');
    expect(set.rangeCount).toBe(2);
  });
});

describe('special ranges', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'shared-cgnat'],
    ['100.127.255.255', 'shared-cgnat'],
    ['::1', 'loopback'],
    ['fd12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:192.168.0.1', 'private'],
    ['224.0.0.1', 'multicast'],
  ])('%s is %s', (ip, name) => {
    expect(specialRangeOf(ip)).toBe(name);
    expect(isPrivateIp(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '70.48.1.1'])('%s is public', (ip) => {
    expect(isPrivateIp(ip)).toBe(false);
  });
});
