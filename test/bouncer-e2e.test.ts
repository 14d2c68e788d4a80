import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBouncerApi, type BouncerApiServer } from '../src/decisions/index.js';

// CrowdSec's own custom bouncer (Debian package crowdsec-custom-bouncer) against Vigie's API.
const BOUNCER = '/usr/bin/crowdsec-custom-bouncer';
const available = existsSync(BOUNCER);
if (!available) console.warn(`skipping the bouncer end-to-end test: ${BOUNCER} is missing (apt-get install crowdsec-custom-bouncer)`);

async function waitFor<T>(what: string, probe: () => Promise<T | null>, logs: () => string, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; bouncer output:\n${logs()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!available)('crowdsec-custom-bouncer against the Vigie bouncer API', () => {
  let dir = '';
  let server: BouncerApiServer | null = null;
  let bouncer: ChildProcess | null = null;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigie-bouncer-e2e-'));
    server = await startBouncerApi({ dataDir: join(dir, 'data'), listen: '127.0.0.1:0' });
  });

  afterAll(async () => {
    if (bouncer && bouncer.exitCode === null) {
      const exited = new Promise((r) => bouncer!.once('exit', r));
      bouncer.kill('SIGTERM');
      const timer = setTimeout(() => bouncer?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('calls its script with add, then del, as Vigie bans then lifts an address', async () => {
    const { service, url } = server!;
    const callsFile = join(dir, 'calls.txt');
    const script = join(dir, 'record.sh');
    await writeFile(script, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${callsFile}'\n`);
    await chmod(script, 0o755);
    const key = (await service.addBouncer('custom'))!;
    const config = join(dir, 'custom-bouncer.yaml');
    await writeFile(
      config,
      [
        `bin_path: ${script}`, 'feed_via_stdin: false', 'total_retries: 0', 'scenarios_containing: []', 'scenarios_not_containing: []',
        'origins: []', `piddir: ${dir}`, 'update_frequency: 1s', 'cache_retention_duration: 10s', 'daemonize: false', 'log_mode: stdout',
        `log_dir: ${dir}`, 'log_level: info', `api_url: ${url}/`, `api_key: ${key}`, 'prometheus:', '  enabled: false', '',
      ].join('\n'),
    );
    const ban = await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.9', durationMs: 4 * 3_600_000, reason: 'e2e-test', origin: 'cli' });

    bouncer = spawn(BOUNCER, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    bouncer.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bouncer.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const readCalls = async () => (existsSync(callsFile) ? (await readFile(callsFile, 'utf8')).split('\n').filter(Boolean) : []);

    const added = await waitFor('the add call', async () => (await readCalls()).find((line) => line.startsWith('add ')) ?? null, () => output);
    const [verb, ip, seconds, scenario] = added.split(' ');
    expect([verb, ip, scenario]).toEqual(['add', '198.51.100.9', 'e2e-test']);
    // the duration the bouncer read back from Go's time.ParseDuration: close to 4 h, never more
    expect(Number(seconds)).toBeGreaterThan(3 * 3600);
    expect(Number(seconds)).toBeLessThanOrEqual(4 * 3600);
    // the decision as the bouncer decoded it (its own Go model, re-encoded; older ones have no uuid)
    expect(JSON.parse(added.slice(added.indexOf('{')))).toMatchObject({ id: ban.id, scope: 'Ip', type: 'ban', origin: 'cli', value: '198.51.100.9' });

    await service.deleteById(ban.id, 'e2e');
    const deleted = await waitFor('the del call', async () => (await readCalls()).find((line) => line.startsWith('del ')) ?? null, () => output);
    expect(deleted.split(' ').slice(0, 2)).toEqual(['del', '198.51.100.9']);
    expect((await service.store.listBouncers())[0]).toMatchObject({ name: 'custom', userAgent: expect.stringContaining('crowdsec-custom-bouncer') });
  });
});
