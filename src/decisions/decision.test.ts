import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatGoDuration, normalizeScopeValue, parseDuration, scopeFromCrowdsec, typeFromCrowdsec } from './decision.js';

describe('normalizeScopeValue', () => {
  it.each([
    ['ip', ' 203.0.113.7 ', '203.0.113.7'],
    ['ip', '::ffff:203.0.113.7', '203.0.113.7'],
    ['ip', '2001:DB8:0:0::1', '2001:db8::1'],
    ['range', '203.0.113.0/24', '203.0.113.0/24'],
    ['range', '2001:DB8::/32', '2001:db8::/32'],
    ['range', '::ffff:203.0.113.0/120', '203.0.113.0/24'],
    ['asn', 'AS64500', '64500'],
    ['asn', 'as64500', '64500'],
    ['asn', '64500', '64500'],
    ['country', 'ca', 'CA'],
  ] as const)('%s %s -> %s', (scope, raw, expected) => {
    expect(normalizeScopeValue(scope, raw)).toBe(expected);
  });

  it.each([
    ['ip', '203.0.113.256'],
    ['range', '10.0.0.1/8'],
    ['range', '203.0.113.7'],
    ['asn', 'AS0'],
    ['asn', 'ASX'],
    ['country', 'CAN'],
  ] as const)('refuses %s %s', (scope, raw) => {
    expect(normalizeScopeValue(scope, raw)).toBeNull();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.constantFrom('ip', 'range', 'asn', 'country' as const), fc.string(), (scope, text) => {
      const value = normalizeScopeValue(scope, text);
      // a normalised value is a fixed point
      if (value !== null) expect(normalizeScopeValue(scope, value)).toBe(value);
    }));
  });
});

describe('durations', () => {
  it.each([
    ['4h', 4 * 3_600_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['7d', 7 * 86_400_000],
    ['1.5h', 5_400_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '4', 'h', '-4h', '0s', '4 hours'])('refuses "%s"', (text) => expect(parseDuration(text)).toBeNull());

  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1500, '1.5s'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [4 * 3_600_000 - 2000, '3h59m58s'],
    [4 * 3_600_000 - 1950, '3h59m58.05s'],
    [-1500, '-1.5s'],
  ])('formats %d ms as Go does: %s', (ms, text) => expect(formatGoDuration(ms)).toBe(text));

  it('formats what Go would parse back to the same span', () => {
    const goUnits: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
    fc.assert(fc.property(fc.integer({ min: -1e10, max: 1e10 }), (ms) => {
      const text = formatGoDuration(ms);
      expect(text).toMatch(/^-?(\d+h)?(\d+m)?(\d+(\.\d+)?s|\d+ms)$/);
      let total = 0;
      for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(m[1]) * (goUnits[m[2] as string] as number);
      expect(Math.round(total) * (text.startsWith('-') ? -1 : 1)).toBe(ms);
    }));
  });
});

describe('CrowdSec names', () => {
  it('reads scopes and types as CrowdSec writes them', () => {
    expect(['Ip', 'Range', 'AS', 'Country', 'user'].map(scopeFromCrowdsec)).toEqual(['ip', 'range', 'asn', 'country', null]);
    expect(['ban', 'captcha', 'throttle', 'x'].map(typeFromCrowdsec)).toEqual(['ban', 'challenge', 'throttle', null]);
  });
});
