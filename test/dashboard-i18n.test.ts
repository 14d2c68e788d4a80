/**
 * The dashboard's words and exports without a browser: both catalogues hold the same keys, every key
 * the code names exists, every value the server can send has a label, and CSV cells stay text.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../web/src/lib/csv.js';
import {
  CATEGORY_VALUES,
  NETWORK_TYPE_VALUES,
  ORIGIN_VALUES,
  SEVERITY_VALUES,
  DECISION_TYPE_VALUES,
  DECISION_SCOPE_VALUES,
  DECISION_ORIGIN_VALUES,
  ROLE_VALUES,
} from '../src/server/contract.js';

const WEB = join(import.meta.dirname, '..', 'web', 'src');
type Tree = { [key: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(join(WEB, 'locales', `${lang}.json`), 'utf8')) as Tree;
const flatten = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : [...flatten(v, `${prefix}${k}.`)])));
const en = flatten(load('en'));
const fr = flatten(load('fr'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('dashboard catalogues', () => {
  it('have the same keys in English and French, none empty', () => {
    expect([...en.keys()].filter((k) => !fr.has(k))).toEqual([]);
    expect([...fr.keys()].filter((k) => !en.has(k))).toEqual([]);
    for (const [key, value] of [...en, ...fr]) expect(value.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of en) expect(vars(fr.get(key) ?? ''), key).toEqual(vars(value));
  });

  it('hold every key the code names literally', () => {
    const missing: string[] = [];
    for (const file of sources(WEB)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\('([\w.-]+)'/g)) if (!en.has(match[1]!)) missing.push(`${file}: ${match[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('label every value the server can send', () => {
    const families: [string, readonly string[]][] = [
      ['category', CATEGORY_VALUES],
      ['network', NETWORK_TYPE_VALUES],
      ['origin', ORIGIN_VALUES],
      ['severity', SEVERITY_VALUES],
      ['decisionType', DECISION_TYPE_VALUES],
      ['scope', DECISION_SCOPE_VALUES],
      ['decisionOrigin', DECISION_ORIGIN_VALUES],
      ['roles', ROLE_VALUES],
      ['sourceStatus', ['running', 'idle', 'stopped', 'error']],
    ];
    for (const [family, values] of families) for (const value of values) expect(en.has(`${family}.${value}`) && fr.has(`${family}.${value}`), `${family}.${value}`).toBe(true);
  });
});

describe('CSV export', () => {
  it('keeps formulas as text', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('quotes separators, quotes and line breaks, and leaves numbers alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['ip', 'path'], [['203.0.113.7', '/a,b']])).toBe('ip,path\r\n203.0.113.7,"/a,b"\r\n');
  });
});
