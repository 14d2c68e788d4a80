import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbDecisionStore } from '../src/decisions/index.js';

/**
 * kill -9 of a running `vigie watch`, then a restart on the same data: every attacker in the log is
 * still decided (no line lost), and none twice (no duplicate decision). Runs the built CLI, which
 * `npm ci` builds; skipped with a reason when it is missing.
 */
const CLI = join(import.meta.dirname ?? __dirname, '..', 'bin', 'vigie.js');
const BUILT = existsSync(join(import.meta.dirname ?? __dirname, '..', 'dist', 'cli', 'main.js'));

const attack = (i: number) =>
  `178.64.${100 + Math.floor(i / 250)}.${1 + (i % 250)} - - [20/Oct/2026:22:00:${String(i % 60).padStart(2, '0')} +0000] "GET /results?id=1'%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 200 512 "-" "Mozilla/5.0"`;
const visit = (i: number) => `70.48.1.${1 + (i % 200)} - - [20/Oct/2026:22:00:00 +0000] "GET /page/${i} HTTP/1.1" 200 512 "-" "Mozilla/5.0"`;

function startWatcher(dataDir: string, log: string): { child: ChildProcess; output: () => string } {
  let text = '';
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'watch', log, '--from-start', '--listen', '127.0.0.1:0', '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c) => (text += c));
  child.stderr?.on('data', (c) => (text += c));
  return { child, output: () => text };
}

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!BUILT)('vigie watch after kill -9', () => {
  it('decides every attacker once, across the crash and the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-crash-'));
    const log = join(dir, 'access.log');
    const dataDir = join(dir, 'data');
    const attackers = 300;
    const lines = (from: number, to: number) => {
      const out: string[] = [];
      for (let i = from; i < to; i++) out.push(visit(i), visit(i + 1), attack(i));
      return `${out.join('\n')}\n`;
    };
    writeFileSync(log, lines(0, 100));
    let watcher = startWatcher(dataDir, log);
    await until(() => (watcher.output().match(/^\S+ ban /gm) ?? []).length >= 20, 'the first bans');
    appendFileSync(log, lines(100, 200));
    watcher.child.kill('SIGKILL');
    await new Promise((r) => watcher.child.once('exit', r));
    appendFileSync(log, lines(200, attackers));

    watcher = startWatcher(dataDir, log);
    await until(() => /Bouncer API on/.test(watcher.output()), 'the restart');
    // the restarted watcher bans the attackers it had not reached; the others are already decided
    await until(() => (watcher.output().match(/^\S+ ban /gm) ?? []).length >= 1, 'a ban after the restart');
    await new Promise((r) => setTimeout(r, 3000));
    watcher.child.kill('SIGINT');
    await new Promise((r) => watcher.child.once('exit', r));

    const decisions = await DuckDbDecisionStore.open(dataDir);
    try {
      const all = await decisions.queryDecisions({});
      const values = all.map((d) => d.value);
      expect(new Set(values).size).toBe(values.length);
      for (let i = 0; i < attackers; i++) expect(values).toContain(`178.64.${100 + Math.floor(i / 250)}.${1 + (i % 250)}`);
      expect(values).toHaveLength(attackers);
    } finally {
      await decisions.close();
    }
  }, 90_000);
});
