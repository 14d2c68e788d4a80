import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internSlice } from './interner.js';

describe('internSlice', () => {
  it('always returns the text between the bounds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 700 }), fc.nat(), fc.nat(), (line, a, b) => {
        const start = line.length ? a % (line.length + 1) : 0;
        const end = start + (line.length - start ? b % (line.length - start + 1) : 0);
        expect(internSlice(line, start, end)).toBe(line.slice(start, end));
      }),
    );
  });

  it('returns the same object for the same text seen in different lines', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36';
    const first = internSlice(`a "${ua}" 1`, 3, 3 + ua.length);
    const second = internSlice(`bbbb "${ua}" 2`, 6, 6 + ua.length);
    expect(second).toBe(first);
    expect(Object.is(second, first)).toBe(true);
  });

  it('never confuses values that share a slot', () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 50_000; i++) {
      const value = `198.51.${i % 256}.${i >> 8}`;
      expect(internSlice(` ${value} `, 1, 1 + value.length)).toBe(value);
      seen.set(value, value);
    }
    expect(seen.size).toBe(50_000);
  });
});
