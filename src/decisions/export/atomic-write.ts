import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The file operations an atomic write needs; tests give a failing one. */
export interface AtomicWriteFs {
  open(path: string, flags: string, mode: number): Promise<WritableFile>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

export interface WritableFile {
  writeFile(data: string): Promise<void>;
  chmod(mode: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFs: AtomicWriteFs = { open: (path, flags, mode) => open(path, flags, mode), rename, unlink };

/**
 * Replaces `path` with `content` so that a reader sees the old file or the new one, never a part:
 * write a temporary file beside it, flush it to disk, then rename it over the target. On failure
 * the temporary file is removed, the target is untouched, and the error is thrown.
 */
export async function writeFileAtomic(path: string, content: string, options: { mode?: number; fs?: AtomicWriteFs } = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const mode = options.mode ?? 0o644;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let file: WritableFile | null = null;
  try {
    file = await fs.open(temporary, 'wx', mode);
    await file.writeFile(content);
    // the umask may have narrowed the mode given to open
    await file.chmod(mode);
    await file.sync();
    await file.close();
    file = null;
    await fs.rename(temporary, path);
  } catch (error) {
    if (file) await file.close().catch(() => undefined);
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Makes the rename itself durable; some systems cannot open a directory, which is no failure. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
