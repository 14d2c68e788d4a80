import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_USAGE, UserError } from './errors.js';
import { registerIntel } from './intel.js';

let work: string;
let output: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'vigie-cli-intel-'));
  output = '';
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const program = new Command('vigie').option('--data-dir <dir>').exitOverride();
  registerIntel(program, { out: (text) => void (output += text) });
  await program.parseAsync(['--data-dir', join(work, 'data'), ...args], { from: 'user' });
  return output;
}

async function usageError(...args: string[]): Promise<UserError> {
  const error = await run(...args).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('vigie intel lookup', () => {
  it('prints JSON with the address facts and the data credits', async () => {
    const parsed = JSON.parse(await run('intel', 'lookup', '8.8.8.8', '--json')) as Record<string, unknown>;
    expect(parsed).toMatchObject({ ip: '8.8.8.8', asn: 15169, country: 'US', prefix: '8.8.8.0/24', crawler: null });
    expect(JSON.stringify(parsed.attributions)).toContain('db-ip.com');
  });

  it('prints labels in the chosen language', async () => {
    const english = await run('intel', 'lookup', '70.48.1.1', '--lang', 'en');
    expect(english).toContain('Network type');
    expect(english).toContain('AS577');
    expect(english).toContain('Canada (CA)');
    expect(english).toContain('IP Geolocation by DB-IP');
    output = '';
    const french = await run('intel', 'lookup', '70.48.1.1', '--lang', 'fr');
    expect(french).toContain('Type de r\u00e9seau');
    expect(french).toContain('fournisseur d\u2019acc\u00e8s Internet');
  });

  it('says when a crawler claim is not confirmed', async () => {
    const text = await run('intel', 'lookup', '104.131.0.1', '--user-agent', 'Googlebot/2.1', '--lang', 'en');
    expect(text).toMatch(/googlebot \(NOT confirmed/);
  });

  it('refuses what is not an address, or an unknown language, as bad usage', async () => {
    expect((await usageError('intel', 'lookup', '999.1.1.1')).exitCode).toBe(EXIT_USAGE);
    expect((await usageError('intel', 'lookup', '8.8.8.8', '--lang', 'de')).exitCode).toBe(EXIT_USAGE);
  });
});

describe('vigie intel import', () => {
  it('imports a list that lookups then report', async () => {
    const list = join(work, 'exits.txt');
    writeFileSync(list, 'ExitAddress 70.48.1.1 2024-05-01 11:05:00\n');
    expect(await run('intel', 'import', list, '--lang', 'en')).toMatch(/Imported 1 entries \(tor\) from exits\.txt/);
    output = '';
    const parsed = JSON.parse(await run('intel', 'lookup', '70.48.1.1', '--json')) as Record<string, unknown>;
    expect(parsed).toMatchObject({ networkType: 'tor', lists: ['tor-exits'] });
  });

  it('refuses an unknown kind as bad usage, and names a missing file', async () => {
    const list = join(work, 'list.txt');
    writeFileSync(list, '1.2.3.4\n');
    expect((await usageError('intel', 'import', list, '--kind', 'bogus')).exitCode).toBe(EXIT_USAGE);
    const missing = join(work, 'nope.txt');
    const error = await usageError('intel', 'import', missing, '--kind', 'vpn');
    expect(error.message).toContain(missing);
    expect(error.exitCode).not.toBe(EXIT_USAGE);
  });

  it('reports the bad line of a refused file', async () => {
    const list = join(work, 'vpn.txt');
    writeFileSync(list, '1.2.3.4\nnot-an-ip\n');
    expect((await usageError('intel', 'import', list, '--kind', 'vpn')).message).toContain(`${list}:2:`);
  });
});
