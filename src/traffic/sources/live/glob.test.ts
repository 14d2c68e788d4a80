import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchName, parsePattern, PatternError } from './glob.js';

describe('matchName', () => {
  it.each([
    ['*.log', 'access.log', true],
    ['*.log', 'access.log.1', false],
    ['access.log*', 'access.log.1', true],
    ['access.log*', 'access.log', true],
    ['a?c.log', 'abc.log', true],
    ['a?c.log', 'ac.log', false],
    ['*', '.hidden', false],
    ['.*', '.hidden', true],
    ['*error*', 'site-error.log', true],
    ['*a*b', 'aXbXa', false],
    ['access.log', 'access.log', true],
    ['access.log', 'accessXlog', false],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(matchName(pattern, name)).toBe(expected);
  });

  it('agrees with a regular expression built from the same pattern', () => {
    const part = fc.constantFrom('a', 'b', '.', '*', '?');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 8 }), fc.stringMatching(/^[ab.]{0,10}$/), (parts, name) => {
        const pattern = parts.join('');
        const source = parts.map((p) => (p === '*' ? '.*' : p === '?' ? '.' : p === '.' ? '\\.' : p)).join('');
        const expected = new RegExp(`^${source}$`, 's').test(name) && !(name.startsWith('.') && !pattern.startsWith('.'));
        expect(matchName(pattern, name)).toBe(expected);
      }),
    );
  });

  it('stays fast on patterns that would make a backtracking regex explode', () => {
    expect(matchName('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });
});

describe('parsePattern', () => {
  it('splits directory and name, and knows a literal path', () => {
    expect(parsePattern('/var/log/nginx/*.log')).toMatchObject({ dir: '/var/log/nginx', name: '*.log', wild: true });
    expect(parsePattern('/var/log/nginx/access.log')).toMatchObject({ name: 'access.log', wild: false });
  });

  it('refuses wildcards in directories and empty paths', () => {
    expect(() => parsePattern('/var/log/*/access.log')).toThrow(PatternError);
    expect(() => parsePattern('  ')).toThrow(PatternError);
  });
});
