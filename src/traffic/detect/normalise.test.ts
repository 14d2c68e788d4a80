import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT, normaliseHeader, normaliseSafeHeader, normaliseSafeTarget, normaliseTarget } from './normalise.js';

describe('normaliseTarget', () => {
  it.each([
    ['/a%2fb', '/a/b'],
    ['/%252e%252e%252f', '../'.replace(/^/, '/')],
    ['/%25252e', '/.'],
    ['/x?q=a+b', '/x?q=a b'],
    ['/a+b?q=c+d', '/a+b?q=c d'],
    ['/x?q=%2b', '/x?q=+'],
    ['/x?q=%u0027', "/x?q='"],
    ['/x?q=%U003C', '/x?q=<'],
    ['/%c0%af', '//'],
    ['/%e0%80%af', '//'],
    ['/%c0%ae%c0%ae/', '/../'],
    ['/%f0%80%80%af', '//'],
    ['/%c3%a9t%c3%a9', '/été'],
    ['/a\\b\\c', '/a/b/c'],
    ['/a%00b', '/ab'],
    ['/ABC?Q=XyZ', '/abc?q=xyz'],
    ['/x?id=1/**/UNION/**/SELECT', '/x?id=1 union select'],
    ['/x?id=1/*!50000union*/ /*!select*/', '/x?id=1 union select'],
    ['/x?q=a%20%09%0a%0d  b', '/x?q=a b'],
    ['/x?q=&#x3c;&#60;&lt;&LT;&#0000060', '/x?q=<<<<<'],
    ['/x?q=&amp;lt;', '/x?q=<'],
    ['/x?q=&#x3c', '/x?q=<'],
    ['/x?a=1&b=2&lt=3', '/x?a=1&b=2&lt=3'],
    ['/100%', '/100%'],
    ['/%zz%4', '/%zz%4'],
    ['/a/*b', '/a/*b'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseTarget(input)).toBe(expected);
  });

  it('stops after a bounded number of decoding rounds', () => {
    // six levels of encoding of '<': four rounds leave two levels in place
    let value = '<';
    for (let i = 0; i < 6; i++) value = encodeURIComponent(value);
    expect(normaliseTarget('/' + value)).toBe('/%253c');
  });

  it('caps the work on huge input', () => {
    const out = normaliseTarget('/' + 'a'.repeat(100_000));
    expect(out.length).toBeLessThanOrEqual(MAX_INPUT);
  });

  it('keeps + as + in headers', () => {
    expect(normaliseHeader('Mozilla/5.0 (+http://x/?a+b)')).toBe('mozilla/5.0 (+http://x/?a+b)');
  });

  it('never throws and reaches a fixed point within its rounds (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const out = normaliseTarget(s);
        expect(typeof out).toBe('string');
        expect(out).toBe(out.toLowerCase());
        expect(out).not.toMatch(/\s{2}|\0|\\/);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes whatever encodeURIComponent encodes, once or twice (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 60 }), fc.boolean(), (s, twice) => {
        const plain = s.replace(/[\\\0*&]/g, 'x');
        const once = encodeURIComponent(plain);
        const encoded = twice ? encodeURIComponent(once) : once;
        expect(normaliseTarget('/' + encoded)).toBe(normaliseTarget('/' + plain.replace(/\+/g, '%2b')));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the cheap form on values without special characters (property)', () => {
    const safe = fc.constantFrom(...'abcXYZ019/._-=&?+,@'.split(''));
    fc.assert(
      fc.property(fc.array(safe, { maxLength: 80 }), (chars) => {
        const value = '/' + chars.join('');
        expect(normaliseSafeTarget(value)).toBe(normaliseTarget(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the cheap user-agent form on user agents without payload characters (property)', () => {
    const safe = fc.constantFrom(...'abcXYZ019/._-=?+,@()[];: !~^'.split(''));
    fc.assert(
      fc.property(fc.array(safe, { maxLength: 80 }), (chars) => {
        const value = chars.join('');
        expect(normaliseSafeHeader(value)).toBe(normaliseHeader(value));
      }),
      { numRuns: 3000 },
    );
  });
});
