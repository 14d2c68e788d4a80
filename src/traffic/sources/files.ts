import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** One input of a batch analysis: a file on disk, or standard input ("-"). */
export interface InputFile {
  /** As shown to the user and written in events: the path given, or "-". */
  name: string;
  /** Bytes on disk (compressed size for .gz); null for standard input. */
  size: number | null;
}

/** Longer lines are cut here and rejected by the parsers as "line too long", never buffered whole. */
export const MAX_LINE_CHARS = 64 * 1024;
// 64 KiB: a bigger chunk is allocated straight into long-lived memory and raises the peak
const READ_CHUNK = 64 * 1024;

export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'InputError';
  }
}

/**
 * Expands the command line's inputs into files: directories give their regular files, oldest first
 * (so rotated logs are read in order), hidden files skipped.
 */
export async function expandInputs(inputs: readonly string[]): Promise<InputFile[]> {
  const files: InputFile[] = [];
  for (const input of inputs) {
    if (input === '-') {
      files.push({ name: '-', size: null });
      continue;
    }
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => {
      throw new InputError(input, describeFsError(error));
    });
    if (info.isDirectory()) {
      const entries = await readdir(input, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        throw new InputError(input, describeFsError(error));
      });
      const inDir: { name: string; size: number; mtime: number }[] = [];
      for (const entry of entries) {
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        const path = join(input, entry.name);
        const st = await stat(path);
        inDir.push({ name: path, size: st.size, mtime: st.mtimeMs });
      }
      inDir.sort((a, b) => a.mtime - b.mtime || b.name.localeCompare(a.name));
      files.push(...inDir.map(({ name, size }) => ({ name, size })));
    } else {
      files.push({ name: input, size: info.size });
    }
  }
  return files;
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error.message;
  }
}

async function isGzip(file: InputFile): Promise<boolean> {
  if (file.name === '-') return false;
  const handle = await open(file.name, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new InputError(file.name, describeFsError(error));
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a file as batches of lines (without their line ends). Gzip is recognised by its magic
 * bytes. Bad UTF-8 becomes U+FFFD, so the line is still seen and rejected or kept by the parser.
 * `onBytes` reports raw bytes read, for progress.
 */
export async function* readLineBatches(
  file: InputFile,
  onBytes?: (bytes: number) => void,
  stdin: Readable = process.stdin,
): AsyncGenerator<string[]> {
  const gz = await isGzip(file);
  const source: AsyncIterable<Buffer> | Iterable<Buffer> =
    file.name === '-' || gz ? streamChunks(file, gz, onBytes, stdin) : fileChunks(file.name, onBytes);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let overlong = false;
  try {
    for await (const chunk of source) {
      const text = decoder.write(chunk);
      const lines = text.split('\n');
      const last = lines.pop() as string;
      if (lines.length > 0) {
        const first = (overlong ? '' : carry) + (lines[0] as string);
        lines[0] = overlong ? cutLong(carry + first) : first;
        carry = '';
        overlong = false;
        for (let i = 0; i < lines.length; i++) {
          let line = lines[i] as string;
          if (line.length > MAX_LINE_CHARS) line = cutLong(line);
          if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
          lines[i] = line;
        }
        yield lines;
      }
      carry += last;
      if (carry.length > MAX_LINE_CHARS) {
        carry = carry.slice(0, MAX_LINE_CHARS + 1);
        overlong = true;
      }
    }
  } catch (error) {
    throw new InputError(file.name, error instanceof Error ? describeFsError(error as NodeJS.ErrnoException) : String(error));
  }
  carry += decoder.end();
  if (carry.length > 0) {
    if (carry.charCodeAt(carry.length - 1) === 13) carry = carry.slice(0, -1);
    yield [carry.length > MAX_LINE_CHARS ? cutLong(carry) : carry];
  }
}

/** Standard input and gzip: through streams. */
function streamChunks(file: InputFile, gz: boolean, onBytes: ((bytes: number) => void) | undefined, stdin: Readable): AsyncIterable<Buffer> {
  const raw: Readable = file.name === '-' ? stdin : createReadStream(file.name, { highWaterMark: READ_CHUNK });
  let source: Readable = raw;
  if (onBytes) raw.on('data', (chunk: Buffer) => onBytes(chunk.length));
  if (gz) source = raw.pipe(createGunzip({ chunkSize: READ_CHUNK }));
  raw.on('error', (error) => source.destroy(error));
  return source;
}

/**
 * A plain file: read in place, one chunk at a time, into one buffer (the decoder copies what it
 * takes). A stream's read waits for a round trip through libuv's thread pool for every 64 KiB, and
 * batch analysis sat idle 5% of its time waiting for them; a read from the page cache takes
 * microseconds. Nothing else runs beside a batch analysis that a blocking read would hold up.
 */
function* fileChunks(name: string, onBytes?: (bytes: number) => void): Generator<Buffer> {
  const fd = openSync(name, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, READ_CHUNK, null);
      if (n === 0) return;
      onBytes?.(n);
      yield n === READ_CHUNK ? buffer : buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function cutLong(line: string): string {
  return line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS + 1) : line;
}
