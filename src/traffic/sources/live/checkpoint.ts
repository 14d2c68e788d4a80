import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { FilePosition } from './source.js';

/**
 * Where each followed file must be resumed. The follower asks `load()` once at start; positions are
 * committed by whoever knows that a batch's effects are stored (see source.ts, point 3).
 *
 * Keyed by device and inode rather than path: after a rename rotation the old file keeps its inode
 * under a new name, and a new file takes the old name. The `head` hash tells a file from another
 * one that reused the same inode (delete, then create) or was rewritten in place.
 */
export interface CheckpointStore {
  load(): Promise<FilePosition[]>;
  /** Resolves once the position (and every earlier commit) is durable. */
  commit(position: FilePosition | readonly FilePosition[]): Promise<void>;
}

/** How many bytes of a file's start identify it. Short enough to re-read on every change. */
export const HEAD_BYTES = 256;

export function fileKey(position: Pick<FilePosition, 'dev' | 'ino'>): string {
  return `${position.dev}:${position.ino}`;
}

export function hashHead(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const positionSchema = z.object({
  path: z.string(),
  dev: z.string().regex(/^\d+$/),
  ino: z.string().regex(/^\d+$/),
  offset: z.number().int().nonnegative(),
  line: z.number().int().nonnegative(),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  headLength: z.number().int().min(0).max(HEAD_BYTES),
  generation: z.number().int().nonnegative(),
});
const fileSchema = z.object({
  version: z.literal(1),
  files: z.array(positionSchema.extend({ updatedAt: z.number() })),
});

type Entry = FilePosition & { updatedAt: number };

export class MemoryCheckpoints implements CheckpointStore {
  protected readonly entries = new Map<string, Entry>();

  async load(): Promise<FilePosition[]> {
    return [...this.entries.values()].map(({ updatedAt: _updatedAt, ...position }) => position);
  }

  async commit(position: FilePosition | readonly FilePosition[]): Promise<void> {
    this.remember(position);
  }

  protected remember(position: FilePosition | readonly FilePosition[]): void {
    const now = Date.now();
    for (const p of Array.isArray(position) ? (position as readonly FilePosition[]) : [position as FilePosition]) {
      this.entries.set(fileKey(p), { ...p, updatedAt: now });
    }
  }
}

export interface FileCheckpointOptions {
  /** Oldest entries beyond this are forgotten (files long gone). */
  maxEntries?: number;
  /** Told when the file was unreadable and set aside; reading then starts afresh. */
  onCorrupt?: (reason: string, setAsideAs: string) => void;
}

/**
 * Checkpoints in one JSON file, replaced atomically: write a temporary file, fsync it, rename it over
 * the old one, fsync the directory. A crash leaves either the old or the new file, never a mix.
 * Commits that arrive while a write is under way are coalesced into the next write.
 */
export class FileCheckpoints extends MemoryCheckpoints {
  private readonly maxEntries: number;
  private chain: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private writes = 0;

  constructor(
    readonly path: string,
    private readonly options: FileCheckpointOptions = {},
  ) {
    super();
    this.maxEntries = options.maxEntries ?? 1000;
  }

  override async load(): Promise<FilePosition[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch (error) {
      const aside = `${this.path}.corrupt-${Date.now()}`;
      await rename(this.path, aside).catch(() => {});
      this.options.onCorrupt?.(error instanceof z.ZodError ? 'unexpected content' : 'not JSON', aside);
      return [];
    }
    this.entries.clear();
    for (const entry of parsed.files) this.entries.set(fileKey(entry), entry);
    return super.load();
  }

  override commit(position: FilePosition | readonly FilePosition[]): Promise<void> {
    this.remember(position);
    if (this.queued) return this.queued;
    const write = this.chain.then(() => {
      this.queued = null;
      return this.writeNow();
    });
    this.queued = write;
    this.chain = write.catch(() => {});
    return write;
  }

  private async writeNow(): Promise<void> {
    const entries = [...this.entries.values()].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, this.maxEntries);
    if (entries.length < this.entries.size) {
      this.entries.clear();
      for (const entry of entries) this.entries.set(fileKey(entry), entry);
    }
    const body = JSON.stringify({ version: 1, files: entries }, null, 1) + '\n';
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const tmp = `${this.path}.tmp-${process.pid}-${++this.writes}`;
    try {
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
    } catch (error) {
      await unlink(tmp).catch(() => {});
      throw error;
    }
    // The rename itself is durable only once the directory entry is flushed.
    const dirHandle = await open(dir, 'r').catch(() => null);
    if (dirHandle) {
      await dirHandle.sync().catch(() => {});
      await dirHandle.close();
    }
  }
}
