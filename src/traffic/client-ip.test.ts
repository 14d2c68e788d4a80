import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clientIp } from './client-ip.js';

/** Trusted: the 10.0.0.0/8 proxies and one IPv6 proxy, as the integrator's CIDR list would say. */
const trusted = (ip: string): boolean => ip.startsWith('10.') || ip === '2001:db8:ffff::1';

describe('clientIp', () => {
  it('returns an untrusted peer and ignores what it claims', () => {
    expect(clientIp('203.0.113.7', '198.51.100.1', trusted)).toBe('203.0.113.7');
  });

  it('takes the rightmost untrusted entry behind trusted proxies', () => {
    expect(clientIp('10.0.0.2', '198.51.100.1', trusted)).toBe('198.51.100.1');
    // The client wrote "1.1.1.1" itself; the first proxy appended the real address.
    expect(clientIp('10.0.0.2', '1.1.1.1, 198.51.100.1, 10.0.0.9', trusted)).toBe('198.51.100.1');
  });

  it('strips ports and brackets and skips garbage', () => {
    expect(clientIp('10.0.0.2', '198.51.100.1:5555', trusted)).toBe('198.51.100.1');
    expect(clientIp('10.0.0.2', '[2001:db8::7]:443, unknown', trusted)).toBe('2001:db8::7');
    expect(clientIp('2001:db8:ffff::1', '2001:db8::8,  ,<script>', trusted)).toBe('2001:db8::8');
  });

  it('falls back sensibly', () => {
    expect(clientIp('10.0.0.2', undefined, trusted)).toBe('10.0.0.2');
    expect(clientIp('10.0.0.2', 'garbage', trusted)).toBe('10.0.0.2');
    // Only proxies: the one furthest from us.
    expect(clientIp('10.0.0.2', '10.0.0.7, 10.0.0.8', trusted)).toBe('10.0.0.7');
  });

  it('never returns an address the header alone made up when the peer is untrusted, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.string({ maxLength: 200 }), (peer, header) => {
        const result = clientIp(peer, header, trusted);
        if (!trusted(peer)) expect(result).toBe(peer);
        else expect(result === peer || header.includes(result)).toBe(true);
      }),
    );
  });
});
