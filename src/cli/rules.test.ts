import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { registerRules } from './rules.js';

let work: string;
let out: string;
let err: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vigie-cli-rules-'));
  out = '';
  err = '';
  process.exitCode = undefined;
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<number> {
  const program = new Command('vigie').option('--data-dir <dir>').exitOverride();
  registerRules(program, { out: (text) => void (out += text), err: (text) => void (err += text) });
  await program.parseAsync(['--data-dir', join(work, 'data'), ...args], { from: 'user' });
  const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = undefined;
  return code;
}

function clf(ip: string, second: number, method: string, path: string, status: number): string {
  const s = String(second % 60).padStart(2, '0');
  const m = String(Math.floor(second / 60)).padStart(2, '0');
  return `${ip} - - [01/Oct/2024:12:${m}:${s} +0000] "${method} ${path} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"`;
}

/** 35 not-found probes from one address (lines 1-35), then 22 failed logins from another (36-57), then a visitor. */
function writeLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 35; i++) lines.push(clf('203.0.113.10', i, 'GET', `/probe-${i}.php`, 404));
  for (let i = 0; i < 22; i++) lines.push(clf('203.0.113.20', 40 + i, 'POST', '/wp-login.php', 200));
  lines.push(clf('198.51.100.5', 100, 'GET', '/', 200));
  const file = join(work, 'access.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const OWN_RULE = `name: ops/root-visits
description: { en: Visits to the home page, fr: Visites de la page d’accueil }
type: trigger
filter: pathOnly == "/"
groupBy: ip
severity: low
confidence: 0.3
category: scan
technique: T1595
simulation: true
`;

describe('vigie rules test', () => {
  it('shows which rules fire, on which lines and why', async () => {
    const log = writeLog();
    expect(await run('rules', 'test', log, '--lang', 'en')).toBe(0);
    expect(out).toContain('58 lines read, 58 requests, 0 rejected');
    expect(out).toMatch(/scan\/not-found-paths: fired for 1/);
    expect(out).toContain(`ip 203.0.113.10: fired at ${log}:30`);
    expect(out).toContain('30 matching requests within 300 s (threshold 30); 30 distinct values of pathOnly within the window (at least 30)');
    expect(out).toContain(`ip 203.0.113.20: fired at ${log}:55`);
    expect(out).toMatch(/brute-force\/distributed-prefix: did not fire \(22 lines matched its filter\)/);
    expect(out).toContain(`lines: ${log}:11, ${log}:12`);
  });

  it('runs an operator rule chosen by name, as JSON, and marks simulations', async () => {
    const log = writeLog();
    const rulesDir = join(work, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'own.yaml'), OWN_RULE);
    expect(await run('rules', 'test', log, '--rules', rulesDir, '--rule', 'ops/root-visits', '--json')).toBe(0);
    const report = JSON.parse(out) as { rules: Array<{ name: string; matched: number; findings: Array<{ scope: { value: string }; details: Record<string, unknown> }> }> };
    expect(report.rules.map((r) => r.name)).toEqual(['ops/root-visits']);
    expect(report.rules[0]?.matched).toBe(1);
    expect(report.rules[0]?.findings[0]?.scope.value).toBe('198.51.100.5');
    expect(report.rules[0]?.findings[0]?.details).toMatchObject({ simulated: 1, firedAtLine: 58 });
  });

  it('speaks French', async () => {
    const log = writeLog();
    await run('rules', 'test', log, '--lang', 'fr', '--rule', 'scan/not-found-paths');
    expect(out).toContain('scan/not-found-paths : déclenchée pour 1');
    expect(out).toContain('pourquoi');
  });

  it('refuses an unknown rule name as bad usage, and still runs when another rule file is bad', async () => {
    const log = writeLog();
    const error = await run('rules', 'test', log, '--rule', 'nope').then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UserError);
    const rulesDir = join(work, 'rules');
    mkdirSync(rulesDir);
    writeFileSync(join(rulesDir, 'bad.yaml'), OWN_RULE.replace('T1595', 'X1'));
    expect(await run('rules', 'test', log, '--rules', rulesDir)).toBe(1);
    expect(err).toContain(`${join(rulesDir, 'bad.yaml')}:9:12`);
    expect(out).toMatch(/scan\/not-found-paths: fired for 1/);
  });
});

describe('vigie rules validate and list', () => {
  it('validate exits 1 with file:line errors, 0 for good files', async () => {
    const good = join(work, 'good.yaml');
    const bad = join(work, 'bad.yaml');
    writeFileSync(good, OWN_RULE);
    writeFileSync(bad, OWN_RULE.replace('type: trigger', 'type: trigger\nwindow: 5 min'));
    expect(await run('rules', 'validate', good)).toBe(0);
    expect(out).toContain(`${good}: 1 rules, valid`);
    expect(await run('rules', 'validate', good, bad)).toBe(1);
    expect(err).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:9: rule "ops/root-visits": bad value`));
  });

  it('list shows built-in and operator rules, overrides and disabled ones', async () => {
    const dir = join(work, 'ops');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.yaml'), `${OWN_RULE}---\nname: brute-force/ip\nenabled: false\n`);
    expect(await run('rules', 'list', '--dir', dir, '--lang', 'en')).toBe(0);
    expect(out).toMatch(/brute-force\/ip .*\(disabled, built-in\)/);
    expect(out).toMatch(/ops\/root-visits .*\(enabled, simulation\)/);
    expect(out).toContain('Visits to the home page');
    out = '';
    expect(await run('rules', 'list', '--no-builtin', '--dir', dir, '--json')).toBe(1);
    const listed = JSON.parse(out) as { rules: unknown[]; errors: Array<{ kind: string }> };
    expect(listed.errors.map((e) => e.kind)).toEqual(['not-found']);
  });
});
