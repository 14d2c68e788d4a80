import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, type Filter } from './filter.js';
import { compileSafeRegex } from './regex.js';
import { event } from './test-events.js';

function filter(source: string): Filter {
  const result = compileFilter(source);
  if (!result.ok) throw new Error(`${result.error.line}:${result.error.column} ${result.error.message}`);
  return result.filter;
}

function errorOf(source: string) {
  const result = compileFilter(source);
  if (result.ok) throw new Error(`expected "${source}" to be refused`);
  return result.error;
}

describe('filter language', () => {
  it('compares numbers and text, with lists', () => {
    const f = filter('status in [401, 403] and method == "POST"');
    expect(f.test(event({ status: 401, method: 'POST' }))).toBe(true);
    expect(f.test(event({ status: 403, method: 'POST' }))).toBe(true);
    expect(f.test(event({ status: 200, method: 'POST' }))).toBe(false);
    expect(f.test(event({ status: 401, method: 'GET' }))).toBe(false);
    expect(filter('bytes >= 1000 and bytes < 2000').test(event({ bytes: 1999 }))).toBe(true);
    expect(filter('bytes >= 1000 and bytes < 2000').test(event({ bytes: 2000 }))).toBe(false);
    expect(filter('status not in [200, 304]').test(event({ status: 404 }))).toBe(true);
  });

  it('gives and precedence over or, and honours parentheses and not', () => {
    const loose = filter('method == "GET" or method == "POST" and status == 401');
    const grouped = filter('(method == "GET" or method == "POST") and status == 401');
    const get200 = event({ method: 'GET', status: 200 });
    expect(loose.test(get200)).toBe(true);
    expect(grouped.test(get200)).toBe(false);
    expect(filter('not (status == 200)').test(get200)).toBe(false);
    expect(filter('not not status == 200').test(get200)).toBe(true);
  });

  it('matches regular expressions on text fields, case-insensitively with /.../i', () => {
    const f = filter('path matches "^/wp-login\\.php"');
    expect(f.test(event({ path: '/wp-login.php?x=1' }))).toBe(true);
    expect(f.test(event({ path: '/wp-loginXphp' }))).toBe(false);
    const ci = filter('pathOnly matches /^\\/ADMIN\\/?$/i');
    expect(ci.test(event({ path: '/admin/?a=b' }))).toBe(true);
    expect(ci.test(event({ path: '/admin/x' }))).toBe(false);
  });

  it('reads list fields with "value" in field, and derived fields', () => {
    const f = filter('"sqli" in tags and networkType != "crawler"');
    expect(f.test(event({ tags: ['xss', 'sqli'] }))).toBe(true);
    expect(f.test(event({ tags: ['sqli'], networkType: 'crawler' }))).toBe(false);
    expect(filter('"sqli" not in tags').test(event({ tags: ['xss'] }))).toBe(true);
    expect(filter('tags contains "xss"').test(event({ tags: ['xss'] }))).toBe(true);
    expect(filter('query contains "pwd="').test(event({ path: '/login?pwd=x' }))).toBe(true);
    expect(filter('extension == "php"').test(event({ path: '/a/b.PHP?x=1.js' }))).toBe(true);
    expect(filter('prefix == "198.51.100.0/24"').test(event({ ip: '198.51.100.99' }))).toBe(true);
    expect(filter('userAgent startsWith "curl/" or userAgent endsWith "bot"').test(event({ userAgent: 'curl/8' }))).toBe(true);
  });

  it('treats absent values as null: only == null matches them', () => {
    expect(filter('country == null').test(event({ country: null }))).toBe(true);
    expect(filter('country != "CA"').test(event({ country: null }))).toBe(true);
    expect(filter('asn > 10').test(event({ asn: null }))).toBe(false);
    expect(filter('org matches "x"').test(event({ org: null }))).toBe(false);
  });

  it('names the line and column of a mistake', () => {
    expect(errorOf('status == 200 and\n  methd == "GET"')).toMatchObject({ line: 2, column: 3 });
    expect(errorOf('status == 200 and\n  methd == "GET"').message).toMatch(/unknown field "methd"/);
    expect(errorOf('status == "200"')).toMatchObject({ line: 1, column: 11 });
    expect(errorOf('status == "200"').message).toMatch(/is a number/);
    expect(errorOf('(status == 200')).toMatchObject({ line: 1, column: 15 });
    expect(errorOf('path == "unterminated')).toMatchObject({ line: 1, column: 9 });
    expect(errorOf('status == 200 status').message).toMatch(/expected "and", "or"/);
    expect(errorOf('path < 3').message).toMatch(/is a string/);
    expect(errorOf('tags == "x"').message).toMatch(/list/);
    expect(errorOf('status == 1;').message).toMatch(/unexpected ";"/);
    expect(errorOf('').message).toMatch(/expected a field name/);
  });

  it('refuses dangerous or broken regular expressions at load', () => {
    expect(errorOf('path matches "(a+)+$"').message).toMatch(/repeated group contains a repetition/);
    expect(errorOf('path matches /(\\w*\\.)*x/').message).toMatch(/repeated group/);
    expect(errorOf('path matches "(a)\\1"').message).toMatch(/back-references/);
    expect(errorOf('path matches "[a-"').message).toMatch(/bad regular expression/);
    expect(errorOf(`path matches "${'a'.repeat(600)}"`).message).toMatch(/longer than/);
    expect(errorOf('path matches /x/g').message).toMatch(/flags/);
    expect(compileSafeRegex('/(?:[\\w-]+/)?log-?in(?:\\.\\w+)?/?$', 'i').ok).toBe(true);
    expect(compileSafeRegex('(?:ab){2,3}x').ok).toBe(true);
    expect(compileSafeRegex('(?:a{1,5}){1,5}').ok).toBe(false);
  });

  it('cannot reach object internals or run code: such names are unknown fields', () => {
    for (const name of ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'process', 'globalThis']) {
      expect(errorOf(`${name} == "x"`).message).toMatch(/unknown field/);
    }
    expect(errorOf('path.constructor == "x"').message).toMatch(/unexpected "\."/);
    expect(errorOf('status == 200 && method == "GET"').message).toMatch(/unexpected "&"/);
  });

  it('never throws on arbitrary text, and a filter that compiles never throws on an event', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (source) => {
        const result = compileFilter(source);
        if (result.ok) result.filter.test(event());
      }),
      { numRuns: 500 },
    );
    const pieces = fc.constantFrom('status', 'path', 'tags', '==', 'in', 'not', 'and', 'or', '(', ')', '[', ']', '"x"', '404', ',', 'matches', '/a/', 'null');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (words) => {
        const result = compileFilter(words.join(' '));
        if (result.ok) expect(typeof result.filter.test(event())).toBe('boolean');
        else expect(result.error.column).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
