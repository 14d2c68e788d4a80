import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatRuleError, loadRules, parseRuleText, type RuleError } from './load.js';

const GOOD = `name: ops/login-flood
description:
  en: Many logins
  fr: Beaucoup de connexions
type: window
filter: method == "POST" and pathOnly == "/login"
groupBy: ip
window: 5m
threshold: 10
severity: high
confidence: 0.8
category: brute-force
technique: T1110
`;

function errorsOf(text: string): RuleError[] {
  const parsed = parseRuleText(text, 'rules/x.yaml');
  expect(parsed.rules).toHaveLength(0);
  return parsed.errors;
}

/** GOOD with one line replaced (matched by its start). */
function withLine(start: string, replacement: string): string {
  return GOOD.split('\n')
    .map((line) => (line.startsWith(start) ? replacement : line))
    .join('\n');
}

describe('rule files', () => {
  it('read one rule, a --- stream or a list, with their source lines', () => {
    expect(parseRuleText(GOOD, 'a.yaml').rules.map((r) => [r.name, r.source.line])).toEqual([['ops/login-flood', 1]]);
    const stream = `${GOOD}---\n${GOOD.replace('ops/login-flood', 'ops/second')}`;
    expect(parseRuleText(stream, 'a.yaml').rules.map((r) => [r.name, r.source.line])).toEqual([
      ['ops/login-flood', 1],
      ['ops/second', 15],
    ]);
    const list = `- ${GOOD.trimEnd().split('\n').join('\n  ')}\n- ${GOOD.replace('ops/login-flood', 'ops/other').trimEnd().split('\n').join('\n  ')}\n`;
    const parsed = parseRuleText(list, 'a.yaml');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rules.map((r) => [r.name, r.source.line])).toEqual([
      ['ops/login-flood', 1],
      ['ops/other', 14],
    ]);
    const rule = parsed.rules[0];
    expect(rule).toMatchObject({ windowMs: 300_000, leakMs: null, simulation: false, enabled: true, evidence: 20, groupBy: ['ip'] });
  });

  it('name file:line for bad YAML', () => {
    const [error] = errorsOf('name: x\ntype: window\nfilter: [unclosed\n');
    expect(error).toMatchObject({ file: 'rules/x.yaml', kind: 'yaml', line: 3 });
    expect(errorsOf('name: a\nname: b\n')[0]).toMatchObject({ kind: 'yaml', line: 2 });
    expect(errorsOf('name: x\ntype: window\nfilter: "abc\n')[0]).toMatchObject({ kind: 'yaml', line: 3 });
  });

  it('name file:line for an unknown field', () => {
    const [error] = errorsOf(GOOD.replace('window: 5m', 'window: 5m\nthreshhold: 3'));
    expect(error).toMatchObject({ kind: 'unknown-field', line: 9, column: 1, rule: 'ops/login-flood' });
    expect(formatRuleError(error as RuleError)).toBe('rules/x.yaml:9:1: rule "ops/login-flood": unknown field "threshhold"');
  });

  it('name file:line for a bad duration, technique, category or missing field', () => {
    expect(errorsOf(withLine('window:', 'window: 5 minutes'))[0]).toMatchObject({ kind: 'bad-value', line: 8, column: 9 });
    expect(errorsOf(withLine('window:', 'window: 0s'))[0]?.message).toMatch(/duration/);
    expect(errorsOf(withLine('technique:', 'technique: T110'))[0]).toMatchObject({ line: 13, column: 12 });
    expect(errorsOf(withLine('technique:', 'technique: T110'))[0]?.message).toMatch(/ATT&CK/);
    expect(errorsOf(withLine('category:', 'category: hacking'))[0]).toMatchObject({ line: 12 });
    expect(errorsOf(withLine('threshold:', ''))[0]).toMatchObject({ line: 1, message: expect.stringMatching(/needs "threshold"/) as string });
    expect(errorsOf(withLine('severity:', ''))[0]).toMatchObject({ kind: 'missing-field', line: 1 });
    expect(errorsOf(withLine('groupBy:', 'groupBy: host'))[0]?.message).toMatch(/at least one of ip, prefix, asn, country/);
    expect(errorsOf(withLine('groupBy:', 'groupBy: tags'))[0]?.line).toBe(7);
    expect(errorsOf(withLine('threshold:', 'threshold: 10\ncapacity: 3'))[0]?.message).toMatch(/no meaning for a window rule/);
    expect(errorsOf(withLine('threshold:', 'threshold: 10\nratioOf: status > 0'))[0]).toMatchObject({ line: 10, message: expect.stringMatching(/go together/) as string });
    expect(errorsOf(withLine('threshold:', 'threshold: 10\nminRatio: 0.5\nratioOf: statu > 0'))[0]).toMatchObject({ kind: 'filter', line: 11, column: 10 });
  });

  it('name file:line:column for a bad regular expression or filter, inside the filter text', () => {
    const inline = errorsOf(withLine('filter:', 'filter: path matches "(a+)+"'))[0];
    expect(inline).toMatchObject({ kind: 'filter', line: 6, column: 22 });
    expect(inline?.message).toMatch(/repeated group/);
    const block = errorsOf(withLine('filter:', 'filter: |\n  status == 200\n  and pth == "/"'))[0];
    expect(block).toMatchObject({ kind: 'filter', line: 8, column: 7 });
    expect(block?.message).toMatch(/unknown field "pth"/);
    const quoted = errorsOf(withLine('filter:', `filter: 'status == "x"'`))[0];
    expect(quoted).toMatchObject({ line: 6, column: 20 });
  });

  it('refuse a whole file with any error, and a name defined twice in it', () => {
    const text = `${GOOD}---\n${GOOD.replace('T1110', 'nope')}`;
    expect(parseRuleText(text, 'a.yaml').rules).toHaveLength(0);
    expect(errorsOf(`${GOOD}---\n${GOOD}`)[0]).toMatchObject({ kind: 'duplicate', line: 15 });
  });

  it('accept the example of the README', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const parsed = parseRuleText(example.replace('{ en: ..., fr: ... }', '{ en: x, fr: y }'), 'README.md');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rules[0]).toMatchObject({ name: 'ops/login-guessing', blackholeMs: 900_000, minRatio: 0.8 });
  });

  it('never throws on arbitrary YAML values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseRuleText(stringify(value), 'f.yaml');
        expect(parsed.rules.length + parsed.errors.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
    const shapes = fc.record({ name: fc.oneof(fc.string(), fc.constant('a/b')), type: fc.constantFrom('window', 'leaky', 'trigger', 3), filter: fc.string(), groupBy: fc.oneof(fc.string(), fc.array(fc.string())) }, { requiredKeys: [] });
    fc.assert(fc.property(shapes, (value) => void parseRuleText(stringify(value), 'f.yaml')), { numRuns: 300 });
  });

  it('never throws on arbitrary YAML-ish text', () => {
    for (const text of ['', '---', '- 1\n- 2', 'a: *x', '[', 'name: [1, 2]', '{}', '"x"', '- - -', '&a [*a]']) {
      expect(() => parseRuleText(text, 'f.yaml')).not.toThrow();
    }
  });
});

describe('loadRules', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-rules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the built-in rules without errors', () => {
    const { rules, errors } = loadRules({ dirs: [], builtin: true });
    expect(errors).toEqual([]);
    expect(rules.map((r) => r.name)).toEqual(
      expect.arrayContaining(['scan/not-found-paths', 'brute-force/ip', 'brute-force/distributed-prefix', 'brute-force/distributed-asn', 'http/sensitive-files-probe', 'http/admin-path-crawl']),
    );
    expect(rules.every((r) => r.source.builtin)).toBe(true);
  });

  it('keeps good files when another is bad, and names the bad one', () => {
    writeFileSync(join(dir, 'a-good.yaml'), GOOD);
    writeFileSync(join(dir, 'b-bad.yml'), GOOD.replace('ops/login-flood', 'ops/bad').replace('5m', 'soon'));
    writeFileSync(join(dir, 'notes.txt'), 'not a rule');
    const { rules, errors } = loadRules({ dirs: [dir], builtin: false });
    expect(rules.map((r) => r.name)).toEqual(['ops/login-flood']);
    expect(errors).toHaveLength(1);
    expect(formatRuleError(errors[0] as RuleError)).toMatch(new RegExp(`b-bad\\.yml:8:9: rule "ops/bad": field "window"`));
  });

  it('lets an operator rule override or disable a built-in one', () => {
    mkdirSync(join(dir, 'ops'));
    writeFileSync(join(dir, 'ops', 'scan.yaml'), GOOD.replace('ops/login-flood', 'scan/not-found-paths').replace('threshold: 10', 'threshold: 99'));
    writeFileSync(join(dir, 'ops', 'off.yaml'), '- name: brute-force/ip\n  enabled: false\n');
    const { rules, errors, overridden } = loadRules({ dirs: [join(dir, 'ops')], builtin: true });
    expect(errors).toEqual([]);
    expect(overridden).toEqual(['scan/not-found-paths']);
    const scan = rules.find((r) => r.name === 'scan/not-found-paths');
    expect(scan).toMatchObject({ threshold: 99, source: { builtin: false } });
    expect(rules.find((r) => r.name === 'brute-force/ip')?.enabled).toBe(false);
    expect(rules.find((r) => r.name === 'brute-force/distributed-prefix')?.enabled).toBe(true);
  });

  it('refuses an operator name defined in two files, or disabling a rule that does not exist', () => {
    writeFileSync(join(dir, 'a.yaml'), GOOD);
    writeFileSync(join(dir, 'b.yaml'), GOOD);
    writeFileSync(join(dir, 'c.yaml'), 'name: nothing/here\nenabled: false\n');
    const { rules, errors } = loadRules({ dirs: [dir], builtin: false });
    expect(rules).toHaveLength(1);
    expect(errors.map((e) => [e.kind, e.file.endsWith('b.yaml') || e.file.endsWith('c.yaml')])).toEqual([
      ['duplicate', true],
      ['not-found', true],
    ]);
  });

  it('names a missing directory or unreadable file', () => {
    const { errors } = loadRules({ dirs: [join(dir, 'missing')], builtin: false });
    expect(errors).toEqual([expect.objectContaining({ kind: 'read', line: 0, message: 'no such file' })]);
  });
});
