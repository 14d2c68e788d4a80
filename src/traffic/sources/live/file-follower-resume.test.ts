import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChildModules, childScript } from './child-build.js';
import { waitFor } from './testing.js';

interface Result {
  k: string;
  o: number;
  e: number;
  t: string;
}

describe('FileFollower resume after kill -9', () => {
  let build: string;
  let work: string;
  beforeAll(() => {
    build = buildChildModules(['resume-child.fixture']);
    work = mkdtempSync(join(build, 'work-'));
  });
  afterAll(() => {
    rmSync(build, { recursive: true, force: true });
  });

  it('records every line exactly once across SIGKILLs, including one between storing and committing', async () => {
    const log = join(work, 'access.log');
    const out = join(work, 'results.jsonl');
    const checkpoint = join(work, 'checkpoints.json');
    const marker = join(work, 'paused');
    const child = childScript(build, 'resume-child.fixture');
    let written = 0;
    const writeLines = (count: number) => {
      let body = '';
      for (let i = 0; i < count; i++) body += `line-${String(++written).padStart(6, '0')} ${'x'.repeat(written % 40)}\n`;
      appendFileSync(log, body);
    };
    const results = (): Result[] =>
      existsSync(out)
        ? readFileSync(out, 'utf8')
            .split('\n')
            .filter((l) => l.endsWith('}'))
            .map((l) => JSON.parse(l) as Result)
        : [];
    const run = (): ChildProcess => {
      const proc = spawn(process.execPath, [child, log, out, checkpoint, marker], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      proc.on('exit', (code) => {
        if (code !== null) failures.push(`child exited by itself (${code}): ${stderr}`);
      });
      return proc;
    };
    const failures: string[] = [];
    const kill = async (proc: ChildProcess) => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGKILL');
        await exited;
      }
      expect(failures).toEqual([]);
    };

    writeLines(2000);
    // 1. Killed while reading the first lines.
    let proc = run();
    await waitFor('some results', () => results().length >= 100);
    await kill(proc);

    // 2. Killed after results are stored but before the checkpoint is committed: the replay window.
    writeFileSync(join(work, 'pause-after-append'), '');
    proc = run();
    await waitFor('paused between append and commit', () => existsSync(marker));
    const storedBeforeKill = results().length;
    await kill(proc);
    expect(storedBeforeKill).toBeGreaterThan(0);

    // 3. Follows lines written while it runs, killed mid-stream again.
    proc = run();
    writeLines(1000);
    await waitFor('more results', () => results().length > storedBeforeKill + 200);
    writeLines(500);
    await kill(proc);

    // 4. Finishes.
    proc = run();
    writeLines(500);
    await waitFor('every line recorded', () => results().length >= written, 30_000);
    await kill(proc);

    const all = results();
    const offsets = all.map((r) => `${r.k}@${r.o}`);
    expect(new Set(offsets).size).toBe(offsets.length);
    const expected = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(all.map((r) => r.t)).toEqual(expected);
    // Offsets tile the file: each record starts where the previous one ended.
    for (let i = 1; i < all.length; i++) expect(all[i]!.o).toBe(all[i - 1]!.e);
  });
});
