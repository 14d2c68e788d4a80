import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCheckpoints, hashHead } from './checkpoint.js';
import type { FilePosition } from './source.js';

const position = (ino: number, offset: number): FilePosition => ({
  path: `/var/log/nginx/access.log`,
  dev: '2049',
  ino: String(ino),
  offset,
  line: offset / 10,
  head: hashHead(Buffer.from('head')),
  headLength: 4,
  generation: 0,
});

describe('FileCheckpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads nothing when there is no file yet, and reloads what was committed', async () => {
    const path = join(dir, 'sub', 'checkpoints.json');
    const first = new FileCheckpoints(path);
    expect(await first.load()).toEqual([]);
    await first.commit(position(1, 10));
    await first.commit([position(1, 20), position(2, 30)]);
    const again = await new FileCheckpoints(path).load();
    expect(again.sort((a, b) => a.ino.localeCompare(b.ino))).toEqual([position(1, 20), position(2, 30)]);
    // Written by rename: no temporary file is left behind.
    expect(readdirSync(join(dir, 'sub'))).toEqual(['checkpoints.json']);
  });

  it('keeps inode numbers beyond 2^53 exact', async () => {
    const path = join(dir, 'checkpoints.json');
    const big = { ...position(1, 0), ino: '18446744073709551615' };
    await new FileCheckpoints(path).commit(big);
    expect(await new FileCheckpoints(path).load()).toEqual([big]);
  });

  it('every concurrent commit resolves only once its position is on disk', async () => {
    const path = join(dir, 'checkpoints.json');
    const store = new FileCheckpoints(path);
    const commits = Array.from({ length: 50 }, (_, i) => store.commit(position(i % 5, i * 10)));
    await Promise.all(commits);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { files: FilePosition[] };
    for (let ino = 0; ino < 5; ino++) {
      expect(saved.files.find((f) => f.ino === String(ino))?.offset).toBe((45 + ino) * 10);
    }
  });

  it('sets an unreadable file aside and starts afresh, saying why', async () => {
    const path = join(dir, 'checkpoints.json');
    for (const bad of ['{not json', JSON.stringify({ version: 1, files: [{ path: 'x', offset: -1 }] })]) {
      writeFileSync(path, bad);
      const reasons: string[] = [];
      const store = new FileCheckpoints(path, { onCorrupt: (reason, aside) => reasons.push(`${reason} ${aside}`) });
      expect(await store.load()).toEqual([]);
      expect(reasons).toHaveLength(1);
      expect(existsSync(path)).toBe(false);
      await store.commit(position(1, 10));
      expect(await new FileCheckpoints(path).load()).toEqual([position(1, 10)]);
    }
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(2);
  });

  it('forgets the oldest files beyond its bound', async () => {
    const path = join(dir, 'checkpoints.json');
    const store = new FileCheckpoints(path, { maxEntries: 3 });
    for (let i = 0; i < 6; i++) {
      await store.commit(position(i, 10));
      await new Promise((r) => setTimeout(r, 2));
    }
    const kept = (await new FileCheckpoints(path).load()).map((p) => p.ino).sort();
    expect(kept).toEqual(['3', '4', '5']);
  });
});
