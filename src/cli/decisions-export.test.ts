import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDecisions } from './decisions.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from './errors.js';

const dirs: string[] = [];
afterEach(async () => {
  process.exitCode = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function cli() {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-cli-export-'));
  dirs.push(dir);
  let printed = '';
  const run = async (...args: string[]) => {
    printed = '';
    const program = new Command('vigie').option('--data-dir <dir>').exitOverride();
    registerDecisions(program, (text) => (printed += text));
    const decisions = program.commands.find((c) => c.name() === 'decisions')!;
    for (const command of [...program.commands, ...decisions.commands]) command.exitOverride();
    await program.parseAsync(['--data-dir', join(dir, 'data'), ...args, '--lang', 'en'], { from: 'user' });
    return printed;
  };
  return { dir, run };
}

describe('vigie decisions export', () => {
  it('writes the bans in force in the chosen format, says what it left out, runs the reload', async () => {
    const { dir, run } = await cli();
    await run('decisions', 'add', '--ip', '198.51.100.9');
    await run('decisions', 'add', '--range', '2001:db8::/32');
    await run('decisions', 'add', '--asn', 'AS64500');
    await run('decisions', 'add', '--ip', '192.0.2.1', '--type', 'throttle');
    const out = join(dir, 'bans.txt');
    const marker = join(dir, 'reloaded');
    const printed = await run('decisions', 'export', '--format', 'text', '--out', out, '--reload', `${process.execPath} -e "require('fs').writeFileSync(process.argv[1], 'x')" ${marker}`);
    expect(await readFile(out, 'utf8')).toBe('198.51.100.9\n2001:db8::/32\n');
    expect((await stat(out)).mode & 0o777).toBe(0o644);
    expect(printed).toContain(`Wrote ${out} (text): 2 address or network entries.`);
    expect(printed).toContain('Not written: 1 AS ban(s), 0 country ban(s)');
    expect(printed).toContain('Reload command succeeded');
    expect(await readFile(marker, 'utf8')).toBe('x');

    const geo = join(dir, 'geo.conf');
    await run('decisions', 'export', '--format', 'nginx', '--out', geo);
    expect(await readFile(geo, 'utf8')).toContain('geo $vigie_ban {\n    default 0;\n    198.51.100.9 1;\n    2001:db8::/32 1;\n}\n');
  });

  it('reports a failing reload with its status and standard error, exit 1', async () => {
    const { dir, run } = await cli();
    const printed = await run('decisions', 'export', '--format', 'nftables', '--out', join(dir, 'bans.nft'), '--reload', `${process.execPath} -e "console.error('bad set'); process.exit(4)"`);
    expect(printed).toMatch(/Reload command failed \(exit 4\).*\nbad set/);
    expect(process.exitCode).toBe(EXIT_FAILED);
  });

  it('fails naming the file when it cannot be written', async () => {
    const { dir, run } = await cli();
    const error = await run('decisions', 'export', '--format', 'ipset', '--out', join(dir, 'missing', 'bans.ipset')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(EXIT_FAILED);
    expect((error as UserError).message).toMatch(/Could not write .*bans\.ipset: ENOENT/);
  });

  it.each([
    [['--format', 'text', '--out', 'x', '--reload', "nginx -s 'reload"], /--reload/],
    [['--format', 'text', '--out', 'x', '--reload', '  '], /--reload/],
    [['--format', 'text', '--out', 'x', '--reload-timeout', 'soon'], /--reload-timeout/],
  ])('%j is a usage error', async (args, message) => {
    const { run } = await cli();
    const error = await run('decisions', 'export', ...args).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(EXIT_USAGE);
    expect((error as UserError).message).toMatch(message);
  });

  it('refuses an unknown format', async () => {
    const { run } = await cli();
    await expect(run('decisions', 'export', '--format', 'iptables', '--out', 'x')).rejects.toThrow(/Allowed choices are nginx, nginx-deny, nftables, ipset, text/);
  });
});
