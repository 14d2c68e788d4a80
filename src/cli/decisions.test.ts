import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../decisions/index.js';
import { registerBouncers } from './bouncers.js';
import { registerDecisions } from './decisions.js';
import { EXIT_USAGE, UserError } from './errors.js';

const dirs: string[] = [];
afterEach(async () => {
  process.exitCode = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function cli() {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-cli-decisions-'));
  dirs.push(dir);
  let printed = '';
  const run = async (...args: string[]) => {
    printed = '';
    const program = new Command('vigie').option('--data-dir <dir>').exitOverride();
    registerDecisions(program, (text) => (printed += text));
    registerBouncers(program, (text) => (printed += text));
    for (const command of program.commands) command.exitOverride();
    await program.parseAsync(['--data-dir', dir, ...args, '--lang', 'en'], { from: 'user' });
    return printed;
  };
  return { run };
}

describe('vigie decisions', () => {
  it('adds, lists (in force, --all, --json) and deletes by id and by address', async () => {
    const { run } = await cli();
    expect(await run('decisions', 'add', '--ip', '198.51.100.9', '--type', 'ban', '--duration', '4h', '--reason', 'probing')).toMatch(/Decision 1: ban ip:198\.51\.100\.9 .*\(probing\)/);
    await run('decisions', 'add', '--asn', 'AS64500', '--type', 'throttle', '--duration', '30m');
    await run('decisions', 'add', '--range', '203.0.113.0/24');
    expect(await run('decisions', 'list')).toContain('asn:AS64500');
    const listed = JSON.parse(await run('decisions', 'list', '--json')) as Decision[];
    expect(listed.map((d) => [d.id, d.scope, d.value, d.type, d.origin])).toEqual([
      [1, 'ip', '198.51.100.9', 'ban', 'cli'], [2, 'asn', '64500', 'throttle', 'cli'], [3, 'range', '203.0.113.0/24', 'ban', 'cli'],
    ]);
    expect(listed[1]!.until - listed[1]!.createdAt).toBe(30 * 60_000);

    expect(await run('decisions', 'delete', '--id', '2')).toContain('Ended 1 decision(s): 2.');
    expect(await run('decisions', 'delete', '--ip', '198.51.100.9')).toContain(': 1.');
    expect((JSON.parse(await run('decisions', 'list', '--json')) as Decision[]).map((d) => d.id)).toEqual([3]);
    const all = await run('decisions', 'list', '--all');
    expect(all.match(/deleted/g)).toHaveLength(2);
    expect(await run('decisions', 'delete', '--id', '2')).toContain('No decision in force matches #2');
    expect(process.exitCode).toBe(1);
  });

  it.each([
    [['decisions', 'add', '--type', 'ban'], /give one of --ip/],
    [['decisions', 'add', '--ip', '198.51.100.9', '--country', 'CN'], /exactly one/],
    [['decisions', 'add', '--ip', '198.51.100.9', '--duration', 'forever'], /--duration/],
    [['decisions', 'add', '--ip', '999.1.1.1'], /ip: not a valid value/],
    [['decisions', 'delete'], /give --id N/],
    [['decisions', 'delete', '--id', '1', '--ip', '198.51.100.9'], /give --id N/],
    [['decisions', 'delete', '--id', 'x'], /--id/],
  ])('%j is a usage error', async (args, message) => {
    const { run } = await cli();
    const error = await run(...args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(EXIT_USAGE);
    expect((error as UserError).message).toMatch(message);
  });
});

describe('vigie bouncers', () => {
  it('prints a key once, lists without it, refuses a duplicate, deletes', async () => {
    const { run } = await cli();
    const added = await run('bouncers', 'add', 'firewall');
    const key = /^ {4}(\S+)$/m.exec(added)?.[1];
    expect(key).toBeDefined();
    const listed = await run('bouncers', 'list', '--json');
    expect(JSON.parse(listed)).toMatchObject([{ name: 'firewall', lastPull: 0 }]);
    expect(listed).not.toContain(key);
    await expect(run('bouncers', 'add', 'firewall')).rejects.toThrow(/exists already/);
    expect(await run('bouncers', 'delete', 'firewall')).toContain('deleted');
    await expect(run('bouncers', 'delete', 'firewall')).rejects.toThrow(/no bouncer named/);
    expect(await run('bouncers', 'list')).toContain('No bouncer');
  });
});
