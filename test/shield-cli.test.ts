import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startOrigin, tempDir, type TestOrigin } from './shield-kit.js';

/** `vigie shield` as an operator runs it: the built command, its usage errors, SIGUSR2 and SIGTERM. */
const CLI = join(import.meta.dirname, '..', 'bin', 'vigie.js');
const BUILT = existsSync(join(import.meta.dirname, '..', 'dist', 'cli', 'main.js'));

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!BUILT)('vigie shield (the command)', () => {
  let origin: TestOrigin;

  beforeAll(async () => {
    origin = await startOrigin();
  });

  afterAll(async () => {
    await origin?.stop();
  });

  it('refuses bad usage with exit code 2 and a bilingual message', async () => {
    const none = await run(['shield']);
    expect(none.code).toBe(2);
    expect(none.out).toContain('--listen');
    expect(none.out).toContain('donnez');
    const badOrigin = await run(['shield', '--origin', 'ftp://x', '--listen', '127.0.0.1:0']);
    expect(badOrigin.code).toBe(2);
    const badBits = await run(['shield', '--origin', origin.url, '--listen', '127.0.0.1:0', '--pow-bits', '40']);
    expect(badBits.code).toBe(2);
  });

  it('proxies, switches under-attack mode on SIGUSR2, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--data-dir', tempDir(), 'shield', '--origin', origin.url, '--listen', '127.0.0.1:0', '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const found = /listening on (http:\/\/\S+),/.exec(out)?.[1];
        if (found) resolve(found);
      });
      child.on('exit', () => reject(new Error(out)));
    });
    expect((await request(`${url}/cli`)).body).toBe('page /cli #1');
    child.kill('SIGUSR2');
    for (let i = 0; i < 50 && !out.includes('under-attack mode on'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('under-attack mode on (manual)');
    expect((await request(`${url}/cli2`)).body).toContain('vigie-pow');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toMatch(/shield stopped: 2 requests, 0 blocked, 1 challenged/);
  });
});
