import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs, writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-atomic-'));
  dirs.push(dir);
  return dir;
}

describe('writeFileAtomic', () => {
  it('writes the content with mode 0644 and leaves no temporary file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bans.conf');
    await writeFile(path, 'old\n', { mode: 0o600 });
    await writeFileAtomic(path, 'new\n');
    expect(await readFile(path, 'utf8')).toBe('new\n');
    expect((await stat(path)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['bans.conf']);
  });

  it('a reader in a loop sees the old file or the new one, never a part', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bans.txt');
    // large enough to be written in several chunks
    const versions = ['a', 'b'].map((letter) => `${letter.repeat(199)}\n`.repeat(1500));
    await writeFileAtomic(path, versions[0]!);
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      let reads = 0;
      while (writing || reads < 5) {
        const text = await readFile(path, 'utf8');
        seen.add(text === versions[0] ? 'a' : text === versions[1] ? 'b' : `partial:${text.length}`);
        reads++;
      }
    })();
    for (let i = 1; i <= 40; i++) await writeFileAtomic(path, versions[i % 2]!);
    writing = false;
    await reader;
    expect([...seen].filter((s) => s.startsWith('partial'))).toEqual([]);
    expect(seen.size).toBeGreaterThan(0);
  });

  it('a failure in the middle of writing leaves the old file intact and no temporary file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bans.conf');
    await writeFile(path, 'old complete file\n');
    // writes half, then fails like a full disk
    const failing: AtomicWriteFs = {
      ...nodeFs,
      async open(p, flags, mode) {
        const handle = await open(p, flags, mode);
        return {
          writeFile: async (data: string) => {
            await handle.write(data.slice(0, data.length / 2));
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
          chmod: (m: number) => handle.chmod(m),
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    await expect(writeFileAtomic(path, 'new content that will not fit\n'.repeat(100), { fs: failing })).rejects.toThrow(/ENOSPC/);
    expect(await readFile(path, 'utf8')).toBe('old complete file\n');
    expect(await readdir(dir)).toEqual(['bans.conf']);
  });

  it('a failed rename leaves the old file and removes the temporary one', async () => {
    const dir = await tempDir();
    const path = join(dir, 'bans.conf');
    await writeFile(path, 'old\n');
    const failing: AtomicWriteFs = { ...nodeFs, rename: async () => Promise.reject(new Error('EXDEV: cross-device link')) };
    await expect(writeFileAtomic(path, 'new\n', { fs: failing })).rejects.toThrow(/EXDEV/);
    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['bans.conf']);
  });

  it('fails without creating anything when the directory does not exist', async () => {
    const dir = await tempDir();
    await expect(writeFileAtomic(join(dir, 'missing', 'bans.conf'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
