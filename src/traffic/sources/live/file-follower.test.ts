import { appendFileSync, chmodSync, copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS } from '../files.js';
import { FileCheckpoints } from './checkpoint.js';
import { buildChildModules, childScript } from './child-build.js';
import { FileFollower, type FileFollowerOptions } from './file-follower.js';
import { PatternError } from './glob.js';
import { describeNotice } from './messages.js';
import { collector, waitFor } from './testing.js';

describe('FileFollower', () => {
  let dir: string;
  let follower: FileFollower | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-follow-'));
  });
  afterEach(async () => {
    await follower?.stop();
    follower = null;
    rmSync(dir, { recursive: true, force: true });
  });

  function follow(paths: string[], extra: Partial<FileFollowerOptions> = {}) {
    const c = collector();
    follower = new FileFollower({
      name: 'files',
      paths,
      onNotice: c.onNotice,
      startAt: 'beginning',
      pollMs: 40,
      drainIdleMs: 150,
      ...extra,
    });
    return { c, start: () => follower!.start(c.sink) };
  }

  it('reads a file, then lines appended later; a partial last line waits for its newline', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'one\ntwo\r\nthr');
    const { c, start } = follow([log]);
    await start();
    await waitFor('two lines', () => c.lines.length === 2);
    expect(c.texts()).toEqual(['one', 'two']);
    appendFileSync(log, 'ee\nfour\n');
    await waitFor('four lines', () => c.lines.length === 4);
    expect(c.texts()).toEqual(['one', 'two', 'three', 'four']);
    expect(c.lines.map((l) => [l.line, l.offset, l.end])).toEqual([
      [1, 0, 4],
      [2, 4, 9],
      [3, 9, 15],
      [4, 15, 20],
    ]);
    expect(c.lines.every((l) => l.file === log && l.source === 'files')).toBe(true);
  });

  it('starts at the end of existing files by default, like tail -F', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'old\n');
    const { c, start } = follow([log], { startAt: undefined });
    await start();
    appendFileSync(log, 'new\n');
    await waitFor('new line', () => c.lines.length === 1);
    expect(c.texts()).toEqual(['new']);
    expect(c.lines[0]?.offset).toBe(4);
  });

  it('finishes the old file after a rename rotation, then reads the new one', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'a1\na2\n');
    const { c, start } = follow([join(dir, '*.log')]);
    await start();
    await waitFor('first lines', () => c.lines.length === 2);
    renameSync(log, join(dir, 'access.log.1'));
    // The writer still appends to the old inode until it reopens.
    appendFileSync(join(dir, 'access.log.1'), 'a3\na4-no-newline');
    writeFileSync(log, 'b1\nb2\n');
    await waitFor('all lines', () => c.lines.length === 6);
    // Each generation in order; the old file's unfinished last line comes once it has gone quiet.
    const oldGeneration = c.lines.filter((l) => l.file === log && l.text.startsWith('a'));
    const newGeneration = c.lines.filter((l) => l.text.startsWith('b'));
    expect(oldGeneration.map((l) => [l.text, l.line])).toEqual([
      ['a1', 1],
      ['a2', 2],
      ['a3', 3],
      ['a4-no-newline', 4],
    ]);
    expect(newGeneration.map((l) => [l.text, l.line])).toEqual([
      ['b1', 1],
      ['b2', 2],
    ]);
    expect(c.kinds()).toContain('rotated');
    await waitFor('drained notice', () => c.kinds().includes('drained'));
  });

  it('keeps following a rotated file under its new name when the glob matches it, without rereading', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'a1\n');
    const { c, start } = follow([join(dir, 'access.log*')]);
    await start();
    await waitFor('first line', () => c.lines.length === 1);
    renameSync(log, join(dir, 'access.log.1'));
    writeFileSync(log, 'b1\n');
    appendFileSync(join(dir, 'access.log.1'), 'a2\n');
    await waitFor('three lines', () => c.lines.length === 3);
    await new Promise((r) => setTimeout(r, 300));
    expect([...c.texts()].sort()).toEqual(['a1', 'a2', 'b1']);
  });

  it('restarts at 0 after copytruncate or truncation, and reports it', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'line one\nline two\nline three\n');
    const { c, start } = follow([log]);
    await start();
    await waitFor('three lines', () => c.lines.length === 3);
    copyFileSync(log, join(dir, 'access.log.1'));
    truncateSync(log, 0);
    await waitFor('truncation noticed', () => c.kinds().includes('truncated'));
    appendFileSync(log, 'after\n');
    await waitFor('line after truncation', () => c.lines.length === 4);
    expect(c.lines[3]).toMatchObject({ text: 'after', line: 1, offset: 0 });
    // A new generation: (file, generation, offset) still names each line once.
    expect(c.batches.at(-1)!.position!.generation).toBe(c.batches[0]!.position!.generation + 1);
    const truncated = c.notices.find((n) => n.kind === 'truncated')!;
    expect(describeNotice(truncated, 'en')).toContain('access.log');
    expect(describeNotice(truncated, 'fr')).toContain('tronqué');
  });

  it('picks up new files matching the glob, from their start, and ignores others', async () => {
    writeFileSync(join(dir, 'a.log'), 'a\n');
    const { c, start } = follow([join(dir, '*.log')], { startAt: 'end' });
    await start();
    writeFileSync(join(dir, 'b.log'), 'b1\nb2\n');
    writeFileSync(join(dir, 'c.txt'), 'nope\n');
    writeFileSync(join(dir, '.hidden.log'), 'nope\n');
    await waitFor('new file lines', () => c.lines.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.texts()).toEqual(['b1', 'b2']);
    expect(c.notices.some((n) => n.kind === 'new-file' && n.vars.file === join(dir, 'b.log'))).toBe(true);
  });

  it('reports a deleted file, keeps going, and reads it again when it comes back', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'x\n');
    const { c, start } = follow([log]);
    await start();
    await waitFor('line', () => c.lines.length === 1);
    unlinkSync(log);
    await waitFor('deleted notice', () => c.kinds().includes('deleted'));
    expect(c.kinds()).toContain('error');
    writeFileSync(log, 'y\n');
    await waitFor('recreated file read', () => c.lines.length === 2);
    expect(c.texts()).toEqual(['x', 'y']);
    expect(c.kinds()).toContain('recovered');
    expect(follower!.health().running).toBe(true);
  });

  it('reports a path that is not a regular file, once, and keeps following the others', async () => {
    mkdirSync(join(dir, 'weird.log'));
    writeFileSync(join(dir, 'ok.log'), 'fine\n');
    const { c, start } = follow([join(dir, 'weird.log'), join(dir, 'ok.log')]);
    await start();
    await waitFor('good file read', () => c.lines.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.notices.filter((n) => n.kind === 'error' && n.vars.file === join(dir, 'weird.log'))).toHaveLength(1);
    expect(follower!.health().errors).toBeGreaterThan(0);
  });

  it('reports an unreadable file and reads it once permissions allow', async () => {
    // Root reads a file of mode 000, so the follower runs in a child as an unprivileged user.
    const build = buildChildModules(['perm-child.fixture']);
    const permDir = mkdtempSync(join(tmpdir(), 'vigie-perm-'));
    chmodSync(permDir, 0o755);
    const log = join(permDir, 'secret.log');
    writeFileSync(log, 's1\n');
    chmodSync(log, 0o000);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawn(process.execPath, [childScript(build, 'perm-child.fixture'), log], { ...asNobody, stdio: ['ignore', 'pipe', 'pipe'] });
    const records: { notice?: string; vars?: Record<string, string>; line?: string }[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const rows = buffered.split('\n');
      buffered = rows.pop()!;
      for (const row of rows) records.push(JSON.parse(row));
    });
    try {
      await waitFor('permission error', () => records.some((r) => r.notice === 'error' && r.vars?.reason === 'permission denied'));
      expect(records.some((r) => r.line !== undefined)).toBe(false);
      chmodSync(log, 0o644);
      await waitFor('line read after chmod', () => records.some((r) => r.line === 's1'));
      expect(records.map((r) => r.notice).filter(Boolean)).toContain('recovered');
    } finally {
      child.kill('SIGKILL');
      rmSync(build, { recursive: true, force: true });
      rmSync(permDir, { recursive: true, force: true });
    }
  });

  it('delivers an over-long line cut, then carries on with the next line', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'x'.repeat(MAX_LINE_CHARS * 2) + '\nnext\n');
    const { c, start } = follow([log]);
    await start();
    await waitFor('two lines', () => c.lines.length === 2);
    expect(c.lines[0]!.text.length).toBe(MAX_LINE_CHARS + 1);
    expect(c.lines[1]).toMatchObject({ text: 'next', line: 2, offset: MAX_LINE_CHARS * 2 + 1 });
  });

  it('does not wait forever for the newline of a runaway line: delivers it cut and skips to its end', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'é'.repeat(MAX_LINE_CHARS * 3));
    const { c, start } = follow([log]);
    await start();
    await waitFor('cut line', () => c.lines.length === 1);
    expect(c.lines[0]!.text).toBe('é'.repeat(MAX_LINE_CHARS + 1));
    appendFileSync(log, 'é'.repeat(1000) + '\nafter\n');
    await waitFor('line after the runaway one', () => c.lines.length === 2);
    expect(c.lines[1]).toMatchObject({ text: 'after', line: 2 });
  });

  it('reads the same lines again when the sink fails (at-least-once)', async () => {
    const log = join(dir, 'access.log');
    writeFileSync(log, 'one\ntwo\n');
    const c = collector();
    let failures = 1;
    follower = new FileFollower({ name: 'files', paths: [log], onNotice: c.onNotice, startAt: 'beginning', pollMs: 40 });
    await follower.start(async (batch) => {
      if (failures-- > 0) throw new Error('store down');
      await c.sink(batch);
    });
    await waitFor('redelivery', () => c.lines.length === 2);
    expect(c.texts()).toEqual(['one', 'two']);
    expect(c.kinds()).toContain('sink-failed');
  });

  it('resumes from its checkpoint, finishing a file rotated while it was stopped', async () => {
    const log = join(dir, 'access.log');
    const checkpoints = join(dir, 'state', 'checkpoints.json');
    writeFileSync(log, 'a1\na2\n');
    const first = follow([join(dir, '*.log')], { checkpoints: new FileCheckpoints(checkpoints) });
    await first.start();
    await waitFor('first lines', () => first.c.lines.length === 2);
    await follower!.stop();
    appendFileSync(log, 'a3\n');
    renameSync(log, join(dir, 'access.log.1'));
    writeFileSync(log, 'b1\n');
    const second = follow([join(dir, '*.log')], { checkpoints: new FileCheckpoints(checkpoints), startAt: 'end' });
    await second.start();
    await waitFor('rest', () => second.c.lines.length === 2);
    expect(second.c.texts()).toEqual(['a3', 'b1']);
    expect(second.c.lines[0]).toMatchObject({ line: 3, offset: 6 });
  });

  it('reads a file from the start when it was rewritten while stopped (its first bytes differ)', async () => {
    const log = join(dir, 'access.log');
    const checkpoints = join(dir, 'checkpoints.json');
    writeFileSync(log, 'first version\n');
    const first = follow([log], { checkpoints: new FileCheckpoints(checkpoints) });
    await first.start();
    await waitFor('line', () => first.c.lines.length === 1);
    await follower!.stop();
    // Same inode, longer content, different start: the offset alone would skip "second".
    writeFileSync(log, 'second version\nmore lines here\n');
    const second = follow([log], { checkpoints: new FileCheckpoints(checkpoints), startAt: 'end' });
    await second.start();
    await waitFor('lines', () => second.c.lines.length === 2);
    expect(second.c.texts()).toEqual(['second version', 'more lines here']);
    expect(second.c.kinds()).toContain('replaced');
    expect(second.c.batches[0]!.position!.generation).toBe(first.c.batches[0]!.position!.generation + 1);
  });

  it('rejects a wildcard in a directory at construction', () => {
    expect(() => new FileFollower({ name: 'x', paths: ['/var/*/access.log'] })).toThrow(PatternError);
  });
});
