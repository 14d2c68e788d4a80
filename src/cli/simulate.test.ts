import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulate } from '../traffic/simulate/index.js';
import { EXIT_USAGE, UserError } from './errors.js';
import { registerSimulate } from './simulate.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vigie-cli-simulate-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const program = new Command('vigie').exitOverride();
  registerSimulate(program, { stdout });
  for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => undefined });
  await program.parseAsync(['simulate', ...args], { from: 'user' });
  return Buffer.concat(chunks).toString('utf8');
}

async function failure(...args: string[]): Promise<unknown> {
  return run(...args).then(
    () => null,
    (caught: unknown) => caught,
  );
}

describe('vigie simulate', () => {
  it('writes the seeded log to standard output', async () => {
    const text = await run('--lines', '500', '--seed', '9');
    expect(text).toBe([...simulate({ seed: 9, lines: 500 })].join('\n') + '\n');
  });

  it('writes to a file, with the start time, format and ground truth asked for', async () => {
    const out = join(work, 'night.log');
    const truth = join(work, 'truth.json');
    await run('--lines', '2000', '--seed', '3', '--start', '2027-01-05T10:00:00Z', '--format', 'vhost-combined', '--out', out, '--truth', truth);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2000);
    expect(lines[0]).toMatch(/^elections\.example:\d+ \S+ - - \[05\/Jan\/2027:10:/);
    const parsed = JSON.parse(readFileSync(truth, 'utf8')) as { lines: number; requests: Record<string, number> };
    expect(parsed.lines).toBe(2000);
    expect(Object.values(parsed.requests).reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it.each([
    ['--lines', 'many'],
    ['--lines', '-5'],
    ['--lines', '1.5'],
    ['--seed', 'x'],
    ['--seed', '99999999999'],
    ['--start', 'yesterday'],
    ['--start', '2026-13-45'],
  ])('rejects %s %s as a usage error in both languages', async (option, value) => {
    const error = await failure(option, value);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(EXIT_USAGE);
    expect((error as UserError).message).toContain(option);
    expect((error as UserError).message).toMatch(/attendu/);
  });

  it('rejects unknown formats and home countries', async () => {
    expect(await failure('--format', 'apache')).toBeTruthy();
    expect(await failure('--home', 'ZZ')).toBeTruthy();
  });

  it('explains itself in English and French', () => {
    const program = new Command('vigie');
    registerSimulate(program);
    const help = program.commands.find((c) => c.name() === 'simulate')?.helpInformation() ?? '';
    expect(help).toMatch(/election/);
    expect(help).toMatch(/électora/);
    expect(help).toMatch(/--seed/);
  });
});
