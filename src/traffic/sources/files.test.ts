import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError, MAX_LINE_CHARS, expandInputs, readLineBatches, type InputFile } from './files.js';

async function readAll(file: InputFile, stdin?: Readable): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readLineBatches(file, undefined, stdin)) out.push(...batch);
  return out;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigie-files-'));
}

describe('readLineBatches', () => {
  it('splits lines, drops CR and the final newline, keeps a last line without newline', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.log'), 'one\r\ntwo\n\nthree');
    expect(await readAll({ name: join(dir, 'a.log'), size: null })).toEqual(['one', 'two', '', 'three']);
    writeFileSync(join(dir, 'b.log'), 'one\ntwo\n');
    expect(await readAll({ name: join(dir, 'b.log'), size: null })).toEqual(['one', 'two']);
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rotated.1'), gzipSync('a\nb\n'));
    expect(await readAll({ name: join(dir, 'rotated.1'), size: null })).toEqual(['a', 'b']);
  });

  it('keeps the good lines of a gzip file that is cut short, then names the file', async () => {
    const dir = tempDir();
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const gz = gzipSync(lines);
    writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const seen: string[] = [];
    const read = async () => {
      for await (const batch of readLineBatches({ name: join(dir, 'cut.gz'), size: null })) seen.push(...batch);
    };
    await expect(read()).rejects.toThrow(InputError);
    await expect(read()).rejects.toThrow(/cut\.gz/);
    expect(seen.length).toBeGreaterThan(1000);
    expect(seen[0]).toBe('line 0 ');
  });

  it('cuts over-long lines without buffering them whole and goes on', async () => {
    const dir = tempDir();
    const long = 'y'.repeat(MAX_LINE_CHARS * 20);
    writeFileSync(join(dir, 'long.log'), `before\n${long}\nafter\n`);
    const lines = await readAll({ name: join(dir, 'long.log'), size: null });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('before');
    expect(lines[1]?.length).toBe(MAX_LINE_CHARS + 1);
    expect(lines[2]).toBe('after');
  });

  it('turns bad UTF-8 into replacement characters without losing the line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.log'), Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(' end\nok2\n')]));
    expect(await readAll({ name: join(dir, 'bad.log'), size: null })).toEqual(['ok', 'bad \ufffd\ufffd end', 'ok2']);
  });

  it('reads standard input', async () => {
    expect(await readAll({ name: '-', size: null }, Readable.from([Buffer.from('x\ny'), Buffer.from('z\n')]))).toEqual(['x', 'yz']);
  });
});

describe('expandInputs', () => {
  it('lists a directory oldest first, skipping hidden files and subdirectories', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'access.log'), 'new');
    writeFileSync(join(dir, 'access.log.1'), 'old');
    writeFileSync(join(dir, '.hidden'), 'no');
    mkdirSync(join(dir, 'sub'));
    utimesSync(join(dir, 'access.log.1'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const files = await expandInputs([dir, '-']);
    expect(files.map((f) => f.name)).toEqual([join(dir, 'access.log.1'), join(dir, 'access.log'), '-']);
  });

  it('names a missing input', async () => {
    await expect(expandInputs(['/nonexistent/vigie.log'])).rejects.toThrow('/nonexistent/vigie.log: no such file or directory');
  });
});
