import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function vigie(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    const code = await main(['node', 'vigie', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

const combined = (ip: string, path: string, status = 200) =>
  `${ip} - - [20/Oct/2026:22:00:00 +0000] "GET ${path} HTTP/1.1" ${status} 100 "-" "Mozilla/5.0"`;

describe('vigie CLI', () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([[[]], [['analyze']], [['intel']], [['intel', 'lookup']], [['simulate']], [['demo']]])('prints help for %j and exits 0', async (command) => {
    const run = await vigie(...command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: vigie/);
  });

  it('exits 2 on bad usage, naming the problem', async () => {
    expect((await vigie('analyze')).code).toBe(2);
    expect((await vigie('no-such-command')).code).toBe(2);
    const badHome = await vigie('--data-dir', dataDir, 'analyze', '--home', 'Canada', '-');
    expect(badHome.code).toBe(2);
    expect(badHome.stderr).toContain('--home');
  });

  it('exits 1 naming a missing file', async () => {
    const run = await vigie('--data-dir', dataDir, 'analyze', join(dir, 'missing.log'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing.log: no such file or directory');
  });

  it('analyses a log into JSON, events, the store and a French report', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, [combined('70.48.1.1', '/'), 'garbage line', combined('178.64.47.34', '/?q=<script>alert(1)</script>')].join('\n'));
    const events = join(dir, 'events.jsonl');
    const report = join(dir, 'rapport.html');
    const run = await vigie('--data-dir', dataDir, 'analyze', log, '--json', '--events', events, '--report', report, '--lang', 'fr');
    expect(run.code).toBe(0);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON output is checked field by field below
    const summary = JSON.parse(run.stdout) as Record<string, any>;
    expect(summary.input).toMatchObject({ lines: 3, parsed: 2, rejected: 1 });
    expect(summary.attribution.all).toMatchObject({ domestic: 1, foreign: 1, obscured: 0, unknown: 0, byCountry: { CA: 1, RU: 1 } });
    expect(summary.attribution.attacks).toMatchObject({ domestic: 0, foreign: 1, byCountry: { RU: 1 } });
    const xss = summary.findings.find((f: { category: string }) => f.category === 'xss');
    expect(xss).toMatchObject({ ip: '178.64.47.34', count: 1, technique: 'T1190' });
    expect(xss.severity).toMatch(/low|medium|high|critical/);
    expect(summary.run.store.backend).toBe('duckdb');
    expect(readFileSync(events, 'utf8').trim().split('\n')).toHaveLength(2);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('lang="fr"');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('analyses standard input and prints a terminal summary', async () => {
    const stdin = vi.spyOn(process, 'stdin', 'get');
    const { Readable } = await import('node:stream');
    stdin.mockReturnValue(Readable.from([Buffer.from(`${combined('70.48.1.1', '/')}\n`)]) as unknown as typeof process.stdin);
    const run = await vigie('--data-dir', dataDir, 'analyze', '-', '--no-store', '--lang', 'en');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 parsed/);
    expect(run.stdout).toMatch(/Domestic/);
  });
});
