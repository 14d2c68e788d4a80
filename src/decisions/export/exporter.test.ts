import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DecisionService } from '../service.js';
import { MemoryDecisionStore } from '../store.js';
import { nodeFs, type AtomicWriteFs } from './atomic-write.js';
import { Exporter, exportFile, type ExportRun, type Scheduler } from './exporter.js';
import { exportFormat } from './formats.js';
import { HOUR, NOW, sampleDecisions } from './sample.fixture.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-exporter-'));
  dirs.push(dir);
  return dir;
}

/** A clock and timer queue moved by hand. */
function fakeTime(start: number) {
  let now = start;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const schedule: Scheduler = (run, ms) => {
    const timer = { at: now + ms, run, cancelled: false };
    timers.push(timer);
    return () => void (timer.cancelled = true);
  };
  return {
    now: () => now,
    schedule,
    pending: () => timers.filter((t) => !t.cancelled).length,
    /** Moves the clock, running the timers that fall due. */
    advance(ms: number) {
      now += ms;
      for (const timer of timers.splice(0)) {
        if (timer.cancelled) continue;
        if (timer.at <= now) timer.run();
        else timers.push(timer);
      }
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
/** Waits (in real time, up to 10 s) for file and process work the fake clock does not drive. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('exportFile', () => {
  it('writes the file, runs the reload and reports both', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bans.txt');
    const run = await exportFile(sampleDecisions(), NOW, { format: exportFormat('text'), path, reload: { argv: [process.execPath, '-e', 'process.exit(0)'] } });
    expect(run).toMatchObject({ written: true, entries: 5, skipped: { asn: 1, country: 1, invalid: 1 }, error: null, reload: { ok: true } });
    expect(await readFile(path, 'utf8')).toBe(run.text);
  });

  it('reports a write failure, keeps the old file and does not reload', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bans.txt');
    await writeFile(path, 'old\n');
    const failing: AtomicWriteFs = { ...nodeFs, rename: () => Promise.reject(new Error('EACCES: permission denied')) };
    const marker = join(dir, 'reloaded');
    const run = await exportFile(sampleDecisions(), NOW, {
      format: exportFormat('text'), path, fs: failing,
      reload: { argv: [process.execPath, '-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`] },
    });
    expect(run).toMatchObject({ written: false, reload: null, error: 'EACCES: permission denied' });
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['bans.txt']);
  });

  it('reports a failing reload without throwing', async () => {
    const dir = await tempDir();
    const run = await exportFile([], NOW, { format: exportFormat('nginx'), path: join(dir, 'geo.conf'), reload: { argv: [process.execPath, '-e', 'process.exit(1)'] } });
    expect(run).toMatchObject({ written: true, error: null, reload: { ok: false, exitCode: 1 } });
  });
});

describe('Exporter', () => {
  async function setup(options: { reloadArgv?: string[] } = {}) {
    const dir = await tempDir();
    const path = join(dir, 'bans.txt');
    const time = fakeTime(NOW);
    const service = new DecisionService(new MemoryDecisionStore(), { now: time.now });
    const runs: ExportRun[] = [];
    const exporter = new Exporter(service, {
      format: exportFormat('text'), path, schedule: time.schedule, debounceMs: 1000, onExport: (run) => runs.push(run),
      reload: options.reloadArgv ? { argv: options.reloadArgv } : undefined,
    });
    return { dir, path, time, service, runs, exporter };
  }

  it('writes at start, then once per burst of changes after the debounce', async () => {
    const { path, time, service, runs, exporter } = await setup();
    await service.add({ type: 'ban', scope: 'ip', value: '192.0.2.1', durationMs: HOUR, reason: 'test' });
    const first = await exporter.start();
    expect(first.written).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('192.0.2.1\n');

    for (let i = 2; i <= 50; i++) await service.add({ type: 'ban', scope: 'ip', value: `192.0.2.${i}`, durationMs: HOUR, reason: 'test' });
    expect(time.pending()).toBe(1);
    time.advance(999);
    await settle();
    expect(runs).toHaveLength(1);
    time.advance(1);
    await until(() => runs.length === 2);
    expect((await readFile(path, 'utf8')).split('\n').filter(Boolean)).toHaveLength(50);

    // a change right after a write waits for the next span
    await service.deleteByValue('ip', '192.0.2.1', 'test');
    time.advance(500);
    await settle();
    expect(runs).toHaveLength(2);
    time.advance(500);
    await until(() => runs.length === 3);
    expect(await readFile(path, 'utf8')).not.toContain('192.0.2.1\n');
    await exporter.stop();
  });

  it('skips writing and reloading when the text did not change', async () => {
    const { dir, time, service, runs, exporter } = await setup({ reloadArgv: [process.execPath, '-e', 'process.exit(0)'] });
    await exporter.start();
    // a challenge changes nothing in a ban list
    await service.add({ type: 'challenge', scope: 'ip', value: '192.0.2.1', durationMs: HOUR, reason: 'test' });
    time.advance(1000);
    await until(() => runs.length === 2);
    expect(runs[1]).toMatchObject({ written: false, reload: null, error: null });
    expect(await readdir(dir)).toEqual(['bans.txt']);
    await exporter.stop();
  });

  it('writes and reloads again after a failed reload even if the text is the same', async () => {
    const { time, service, runs, exporter } = await setup({ reloadArgv: [process.execPath, '-e', 'process.exit(2)'] });
    await exporter.start();
    await service.add({ type: 'challenge', scope: 'ip', value: '192.0.2.1', durationMs: HOUR, reason: 'test' });
    time.advance(1000);
    await until(() => runs.length === 2);
    expect(runs.map((r) => [r.written, r.reload?.exitCode])).toEqual([[true, 2], [true, 2]]);
    await exporter.stop();
  });

  it('stops following changes after stop()', async () => {
    const { time, service, runs, exporter } = await setup();
    await exporter.start();
    await service.add({ type: 'ban', scope: 'ip', value: '192.0.2.1', durationMs: HOUR, reason: 'test' });
    await exporter.stop();
    expect(time.pending()).toBe(0);
    await service.add({ type: 'ban', scope: 'ip', value: '192.0.2.2', durationMs: HOUR, reason: 'test' });
    time.advance(5000);
    await settle();
    expect(runs).toHaveLength(1);
  });

  it('reports a failing source instead of throwing', async () => {
    const time = fakeTime(NOW);
    const dir = await tempDir();
    const exporter = new Exporter(
      { onChange: () => () => undefined, list: () => Promise.reject(new Error('store closed')), now: time.now },
      { format: exportFormat('text'), path: join(dir, 'bans.txt'), schedule: time.schedule },
    );
    expect(await exporter.start()).toMatchObject({ written: false, error: 'store closed' });
    await exporter.stop();
  });
});
