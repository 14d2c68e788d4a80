import { describe, expect, it } from 'vitest';
import { runReload, splitCommandLine } from './reload.js';

const node = process.execPath;

describe('runReload', () => {
  it('reports success', async () => {
    const result = await runReload([node, '-e', 'process.exit(0)']);
    expect(result).toMatchObject({ ok: true, exitCode: 0, timedOut: false, error: null });
  });

  it('reports a failure with its exit status and standard error', async () => {
    const result = await runReload([node, '-e', 'process.stderr.write("nginx: [emerg] bad include\\n"); process.exit(3)']);
    expect(result).toMatchObject({ ok: false, exitCode: 3, timedOut: false, error: null });
    expect(result.stderr).toContain('[emerg] bad include');
  });

  it('stops a command that runs too long and says so', async () => {
    const result = await runReload([node, '-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 200, killGraceMs: 200 });
    expect(result).toMatchObject({ ok: false, timedOut: true });
    expect(result.signal ?? result.exitCode).not.toBeNull();
  });

  it('kills a command that ignores SIGTERM', async () => {
    const result = await runReload([node, '-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], { timeoutMs: 1500, killGraceMs: 200 });
    expect(result).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL' });
  });

  it('reports a program that does not exist, and an empty command, without throwing', async () => {
    const missing = await runReload(['/nonexistent/vigie-reload']);
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/ENOENT/);
    expect((await runReload([])).error).toBe('empty reload command');
  });

  it('passes arguments as they are, with no shell', async () => {
    const result = await runReload([node, '-e', 'process.stderr.write(process.argv[1]); process.exit(1)', '$(touch /tmp/x); `id` *']);
    expect(result.stderr).toBe('$(touch /tmp/x); `id` *');
  });
});

describe('splitCommandLine', () => {
  it.each([
    ['systemctl reload nginx', ['systemctl', 'reload', 'nginx']],
    ['  nft  -f /etc/vigie/bans.nft ', ['nft', '-f', '/etc/vigie/bans.nft']],
    [`sh -c 'nginx -t && nginx -s reload'`, ['sh', '-c', 'nginx -t && nginx -s reload']],
    ['echo "a \\"b\\"" c\\ d \'\'', ['echo', 'a "b"', 'c d', '']],
    ['$HOME; rm *', ['$HOME;', 'rm', '*']],
    ['', []],
  ])('%j', (text, argv) => {
    expect(splitCommandLine(text)).toEqual(argv);
  });

  it('refuses an open quote', () => {
    expect(splitCommandLine("nginx -s 'reload")).toBeNull();
  });
});
