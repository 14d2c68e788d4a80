import { describe, expect, it } from 'vitest';
import { networkKey, networkKeyLabel, networkPrefix } from './ip-prefix.js';

describe('networkPrefix', () => {
  it.each([
    ['203.0.113.7', '203.0.113.0/24'],
    ['010.001.002.003', '10.1.2.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:12::', '2001:db8:0:12::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::ffff:198.51.100.9', '198.51.100.0/24'],
    ['2001:db8:1:2:3:4:198.51.100.9', '2001:db8:1:2::/64'],
  ])('%s -> %s', (ip, prefix) => {
    expect(networkPrefix(ip)).toBe(prefix);
  });

  it.each(['', '-', '1.2.3', '1.2.3.256', 'a.b.c.d', '1::2::3', '2001:db8:1:2:3:4:5:6:7', 'gggg::1', 'unknown'])(
    'rejects %j',
    (ip) => {
      expect(networkPrefix(ip)).toBeNull();
    },
  );
});

describe('networkKey', () => {
  it.each(['203.0.113.7', '010.001.002.003', '0.0.0.0', '255.255.255.255', '2001:db8::1', '::ffff:198.51.100.9', '1.2.3.256', '1.2.3', 'x'])(
    'names the same network as networkPrefix for %j',
    (ip) => {
      const key = networkKey(ip);
      expect(key === null ? null : networkKeyLabel(key)).toBe(networkPrefix(ip));
    },
  );

  it('gives addresses of one /24 the same key and of another /24 a different one', () => {
    expect(networkKey('198.51.100.1')).toBe(networkKey('198.51.100.254'));
    expect(networkKey('198.51.100.1')).not.toBe(networkKey('198.51.101.1'));
  });
});
