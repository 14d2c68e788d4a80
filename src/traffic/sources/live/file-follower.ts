import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_LINE_CHARS } from '../files.js';
import { fileKey, hashHead, HEAD_BYTES, type CheckpointStore } from './checkpoint.js';
import { parsePattern, matchName, type PathPattern } from './glob.js';
import {
  ignoreNotices,
  notice,
  type FilePosition,
  type LiveLine,
  type LiveSink,
  type LiveSource,
  type NoticeHandler,
  type SourceHealth,
} from './source.js';

export interface FileFollowerOptions {
  /** The source's name in lines, notices and health. */
  name: string;
  /** Files or globs with `*` / `?` in the file name: `/var/log/nginx/*.log`. */
  paths: readonly string[];
  onNotice?: NoticeHandler;
  /** Where to resume each file; without it, every start is a fresh start. */
  checkpoints?: CheckpointStore;
  /**
   * `after-sink` (default): the follower commits a batch's position once the sink resolves, so the
   * sink must resolve only when the batch's effects are stored. `manual`: the caller commits
   * `batch.position` itself, e.g. after a later flush of its store.
   */
  commit?: 'after-sink' | 'manual';
  /**
   * For files already there at the first scan and without a checkpoint: `end` (default, like
   * `tail -F`: do not replay history) or `beginning`. Files that appear later are always read whole.
   */
  startAt?: 'end' | 'beginning';
  /** Stat poll period; fs.watch events only bring the next poll forward. */
  pollMs?: number;
  maxBatchLines?: number;
  /** Bytes read from one file per poll, so one busy file cannot starve the others. */
  maxReadBytes?: number;
  /**
   * A rotated or deleted file is read until it has not grown for this long: the writer (nginx
   * before its USR1 reopen) may still be appending to the old inode. Its last line, even without
   * a newline, is then delivered.
   */
  drainIdleMs?: number;
  /** fs.watch as a hint (default true); polling alone is always correct. */
  useWatch?: boolean;
}

interface Tracked {
  path: string;
  handle: FileHandle;
  dev: string;
  ino: string;
  offset: number;
  line: number;
  head: string;
  headLength: number;
  generation: number;
  /** Size and mtime seen at the last check, to re-verify the head only after a change. */
  seenSize: number;
  seenMtime: number;
  /** Set once the path no longer names this inode (rotated away or deleted). */
  detached: 'rotated' | 'deleted' | null;
  lastGrowthAt: number;
  /** Inside an over-long line whose start was delivered cut: skip bytes up to its newline. */
  discarding: boolean;
}

/**
 * Bytes a line without its newline may take before it is delivered cut. At 4 bytes per character at
 * most, this many bytes always hold more than MAX_LINE_CHARS characters, so the cut line is long
 * enough for the parsers to reject as too long, as for batch files.
 */
const LONG_LINE_BYTES = 4 * (MAX_LINE_CHARS + 1);
const NEWLINE = 0x0a;
const MAX_KNOWN = 10_000;

export class FileFollower implements LiveSource {
  readonly name: string;
  private readonly patterns: PathPattern[];
  private readonly onNotice: NoticeHandler;
  private readonly pollMs: number;
  private readonly maxBatchLines: number;
  private readonly maxReadBytes: number;
  private readonly drainIdleMs: number;
  /** Files currently named by a followed path, by that path. */
  private readonly active = new Map<string, Tracked>();
  /** Rotated or deleted files still being read to their end, oldest first. */
  private draining: Tracked[] = [];
  /** Positions by device:inode: from checkpoints, and of files finished or closed since. */
  private readonly known = new Map<string, FilePosition>();
  /** Current problem per path or pattern, so each is reported once and its end too. */
  private readonly failing = new Map<string, string>();
  private readonly watchers: FSWatcher[] = [];
  private sink: LiveSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private wakeRequested = false;
  private firstScan = true;
  /** No checkpoint at all: the first run ever (or without checkpoints). */
  private freshStart = true;
  private running = false;
  private stats = { lines: 0, errors: 0, lastLineAt: null as number | null, lastError: null as string | null };

  constructor(private readonly options: FileFollowerOptions) {
    this.name = options.name;
    // Throws PatternError for a bad pattern: a configuration error, before anything runs.
    this.patterns = options.paths.map(parsePattern);
    this.onNotice = options.onNotice ?? ignoreNotices;
    this.pollMs = options.pollMs ?? 250;
    this.maxBatchLines = options.maxBatchLines ?? 1000;
    this.maxReadBytes = Math.max(options.maxReadBytes ?? 1 << 20, LONG_LINE_BYTES + 1);
    this.drainIdleMs = options.drainIdleMs ?? 1000;
  }

  async start(sink: LiveSink): Promise<void> {
    if (this.running) throw new Error(`${this.name}: already started`);
    this.sink = sink;
    this.running = true;
    this.firstScan = true;
    if (this.options.checkpoints) {
      for (const position of await this.options.checkpoints.load()) this.known.set(fileKey(position), position);
    }
    this.freshStart = this.known.size === 0;
    for (const pattern of this.patterns) {
      this.onNotice(notice(this.name, 'started', 'file.watching', { source: this.name, pattern: pattern.text }));
    }
    if (this.options.useWatch ?? true) this.startWatchers();
    await this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const watcher of this.watchers.splice(0)) watcher.close();
    await this.ticking;
    for (const t of [...this.active.values(), ...this.draining]) await t.handle.close().catch(() => {});
    this.active.clear();
    this.draining = [];
  }

  health(): SourceHealth {
    const details: Record<string, string> = {};
    for (const t of this.active.values()) details[t.path] = `offset ${t.offset}, line ${t.line}`;
    for (const t of this.draining) details[t.path] = `${t.detached ?? 'draining'}, offset ${t.offset}`;
    for (const [path, reason] of this.failing) details[path] = `error: ${reason}`;
    return {
      source: this.name,
      running: this.running,
      lines: this.stats.lines,
      errors: this.stats.errors,
      dropped: 0,
      details,
      lastLineAt: this.stats.lastLineAt,
      lastError: this.stats.lastError,
    };
  }

  private startWatchers(): void {
    for (const dir of new Set(this.patterns.map((p) => p.dir))) {
      try {
        const watcher = watch(dir, { persistent: false }, () => this.wake());
        watcher.on('error', () => watcher.close());
        this.watchers.push(watcher);
      } catch {
        // A missing directory is reported by the scan; polling covers it.
      }
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), 0);
  }

  private tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.timer = null;
    this.ticking = this.pass()
      .catch((error: unknown) => this.problem('tick', `unexpected: ${String(error)}`))
      .finally(() => {
        this.ticking = null;
        if (!this.running) return;
        const delay = this.wakeRequested ? 0 : this.pollMs;
        this.wakeRequested = false;
        this.timer = setTimeout(() => void this.tick(), delay);
      });
    return this.ticking;
  }

  /** One poll: find files, notice rotations and deletions, then read old generations before new ones. */
  private async pass(): Promise<void> {
    const candidates = await this.scan();
    if (!this.running) return;
    for (const [path, tracked] of [...this.active]) {
      if (!candidates.has(path)) await this.checkGone(path, tracked);
    }
    for (const path of candidates) await this.checkPath(path);
    if (this.firstScan) await this.adoptRotatedFromCheckpoints();
    this.firstScan = false;
    for (const tracked of [...this.draining]) {
      if (!this.running) return;
      await this.readAvailable(tracked);
      await this.finishIfDrained(tracked);
    }
    for (const tracked of [...this.active.values()]) {
      if (!this.running) return;
      await this.readAvailable(tracked);
    }
  }

  private async scan(): Promise<Set<string>> {
    const found = new Set<string>();
    for (const pattern of this.patterns) {
      if (!pattern.wild) {
        found.add(join(pattern.dir, pattern.name));
        continue;
      }
      let names: string[];
      try {
        names = await readdir(pattern.dir);
        this.resolved(pattern.text);
      } catch (error) {
        this.problem(pattern.text, describeError(error));
        continue;
      }
      const matching = names.filter((name) => matchName(pattern.name, name)).map((name) => join(pattern.dir, name));
      let files = 0;
      for (const path of matching) {
        const info = await stat(path).catch(() => null);
        if (info?.isFile() || (info === null && this.active.has(path))) {
          found.add(path);
          files++;
        }
      }
      const waitKey = `${pattern.text}#empty`;
      if (files === 0 && !this.failing.has(waitKey)) {
        this.failing.set(waitKey, 'no match');
        this.onNotice(notice(this.name, 'error', 'file.no-match', { source: this.name, pattern: pattern.text }, 'warning'));
      } else if (files > 0) {
        this.failing.delete(waitKey);
      }
    }
    return found;
  }

  /** A followed path that no longer matches: its file was deleted or renamed away. */
  private async checkGone(path: string, tracked: Tracked): Promise<void> {
    this.active.delete(path);
    const links = await tracked.handle
      .stat()
      .then((s) => s.nlink)
      .catch(() => 0);
    tracked.detached = links > 0 ? 'rotated' : 'deleted';
    tracked.lastGrowthAt = Date.now();
    this.draining.push(tracked);
    if (links > 0) this.onNotice(notice(this.name, 'rotated', 'file.rotated', { source: this.name, file: path }));
  }

  private async checkPath(path: string): Promise<void> {
    let info;
    try {
      info = await stat(path, { bigint: true });
    } catch (error) {
      const current = this.active.get(path);
      if (current && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        await this.checkGone(path, current);
        return;
      }
      this.problem(path, describeError(error));
      return;
    }
    if (!info.isFile()) {
      this.problem(path, 'not a regular file');
      return;
    }
    const dev = info.dev.toString();
    const ino = info.ino.toString();
    const current = this.active.get(path);
    if (current && current.dev === dev && current.ino === ino) return;
    if (current) {
      // The path names another file now: rename rotation. Finish the old inode first.
      this.active.delete(path);
      current.detached = 'rotated';
      current.lastGrowthAt = Date.now();
      this.draining.push(current);
      this.onNotice(notice(this.name, 'rotated', 'file.rotated', { source: this.name, file: path }));
    }
    const drainingIndex = this.draining.findIndex((t) => t.dev === dev && t.ino === ino);
    if (drainingIndex >= 0) {
      // A glob that also matches rotated names (access.log*): keep reading it where it is.
      const [moved] = this.draining.splice(drainingIndex, 1) as [Tracked];
      moved.path = path;
      moved.detached = null;
      this.active.set(path, moved);
      return;
    }
    if ([...this.active.values()].some((t) => t.dev === dev && t.ino === ino)) return;
    await this.openFile(path, dev, ino, Number(info.size));
  }

  private async openFile(path: string, dev: string, ino: string, size: number): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      this.problem(path, describeError(error));
      return;
    }
    const info = await handle.stat({ bigint: true }).catch(() => null);
    if (!info || info.dev.toString() !== dev || info.ino.toString() !== ino) {
      // Replaced between stat and open: the next poll sees the new file.
      await handle.close().catch(() => {});
      return;
    }
    this.resolved(path);
    const tracked: Tracked = {
      path,
      handle,
      dev,
      ino,
      offset: 0,
      line: 0,
      head: hashHead(new Uint8Array()),
      headLength: 0,
      generation: 0,
      seenSize: -1,
      seenMtime: -1,
      detached: null,
      lastGrowthAt: Date.now(),
      discarding: false,
    };
    const known = this.known.get(fileKey(tracked));
    if (known && known.offset <= size && (await this.headMatches(tracked, known))) {
      tracked.offset = known.offset;
      tracked.line = known.line;
      tracked.head = known.head;
      tracked.headLength = known.headLength;
      tracked.generation = known.generation;
    } else if (known) {
      tracked.generation = known.generation + 1;
      this.onNotice(notice(this.name, 'replaced', 'file.replaced', { source: this.name, file: path }));
    } else if (this.firstScan && this.freshStart && (this.options.startAt ?? 'end') === 'end') {
      // Only on a first-ever start: once checkpoints exist, an unknown file is one that appeared
      // while Vigie was stopped, and all of it is new.
      tracked.offset = size;
      await this.refreshHead(tracked);
      await this.commitPosition(positionOf(tracked));
    }
    this.active.set(path, tracked);
    this.onNotice(notice(this.name, 'new-file', 'file.new', { source: this.name, file: path, offset: tracked.offset }));
  }

  /**
   * After a restart, a file rotated while Vigie was down sits under another name that the globs may
   * not match. Its checkpoint knows its inode: look for it beside the followed paths and finish it.
   */
  private async adoptRotatedFromCheckpoints(): Promise<void> {
    const tracked = new Set([...this.active.values(), ...this.draining].map(fileKey));
    const dirs = new Set(this.patterns.map((p) => p.dir));
    const wanted = [...this.known.values()].filter((p) => !tracked.has(fileKey(p)));
    if (wanted.length === 0) return;
    for (const dir of dirs) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const path = join(dir, name);
        const info = await stat(path, { bigint: true }).catch(() => null);
        if (!info?.isFile()) continue;
        const position = wanted.find((p) => p.dev === info.dev.toString() && p.ino === info.ino.toString());
        if (!position || Number(info.size) <= position.offset) continue;
        const handle = await open(path, 'r').catch(() => null);
        if (!handle) continue;
        const t: Tracked = {
          ...position,
          path,
          handle,
          seenSize: -1,
          seenMtime: -1,
          detached: 'rotated',
          lastGrowthAt: Date.now(),
          discarding: false,
        };
        if (await this.headMatches(t, position)) this.draining.push(t);
        else await handle.close().catch(() => {});
      }
    }
  }

  private async headMatches(tracked: Tracked, position: FilePosition): Promise<boolean> {
    const bytes = await this.readHead(tracked.handle, position.headLength);
    return bytes !== null && bytes.length === position.headLength && hashHead(bytes) === position.head;
  }

  private async readHead(handle: FileHandle, length: number): Promise<Uint8Array | null> {
    const buffer = Buffer.alloc(length);
    try {
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } catch {
      return null;
    }
  }

  /** The head grows with the file up to HEAD_BYTES; afterwards it is a fixed fingerprint. */
  private async refreshHead(tracked: Tracked): Promise<void> {
    const length = Math.min(HEAD_BYTES, tracked.offset);
    if (length === tracked.headLength && length === HEAD_BYTES) return;
    const bytes = await this.readHead(tracked.handle, length);
    if (!bytes) return;
    tracked.head = hashHead(bytes);
    tracked.headLength = bytes.length;
  }

  /** Detect truncation and rewrites, then deliver the complete lines past the offset. */
  private async readAvailable(tracked: Tracked): Promise<void> {
    let info;
    try {
      info = await tracked.handle.stat();
    } catch (error) {
      this.problem(tracked.path, describeError(error));
      return;
    }
    const size = info.size;
    if (size !== tracked.seenSize || info.mtimeMs !== tracked.seenMtime) {
      if (size > tracked.seenSize) tracked.lastGrowthAt = Date.now();
      if (size < tracked.offset) {
        this.onNotice(
          notice(this.name, 'truncated', 'file.truncated', { source: this.name, file: tracked.path, from: tracked.offset, to: size }),
        );
        this.restart(tracked);
      } else if (tracked.headLength > 0 && !(await this.headMatches(tracked, tracked))) {
        this.onNotice(notice(this.name, 'replaced', 'file.replaced', { source: this.name, file: tracked.path }));
        this.restart(tracked);
      }
      tracked.seenSize = size;
      tracked.seenMtime = info.mtimeMs;
    }
    while (this.running && size > tracked.offset) {
      const length = Math.min(size - tracked.offset, this.maxReadBytes);
      const buffer = Buffer.alloc(length);
      let bytesRead: number;
      try {
        ({ bytesRead } = await tracked.handle.read(buffer, 0, length, tracked.offset));
      } catch (error) {
        this.problem(tracked.path, describeError(error));
        return;
      }
      if (bytesRead === 0) return;
      const finalFlush = tracked.detached !== null && Date.now() - tracked.lastGrowthAt >= this.drainIdleMs;
      const delivered = await this.deliver(tracked, buffer.subarray(0, bytesRead), finalFlush);
      // No progress: the sink failed, or only a partial last line is left, waiting for its newline.
      if (!delivered?.progressed || bytesRead < length) return;
    }
  }

  private restart(tracked: Tracked): void {
    tracked.generation++;
    tracked.offset = 0;
    tracked.line = 0;
    tracked.headLength = 0;
    tracked.head = hashHead(new Uint8Array());
    tracked.discarding = false;
  }

  /**
   * Cuts `chunk` (read at tracked.offset) into lines and hands them to the sink in batches, moving
   * the offset only after each batch is accepted. Returns null when the sink failed.
   */
  private async deliver(tracked: Tracked, chunk: Buffer, finalFlush: boolean): Promise<{ progressed: boolean } | null> {
    const base = tracked.offset;
    let lineStart = 0;
    let line = tracked.line;
    let discarding = tracked.discarding;
    let pending: LiveLine[] = [];
    let progressed = false;
    const now = Date.now();
    const flush = async (consumed: number): Promise<boolean> => {
      if (pending.length === 0 && consumed === tracked.offset) return true;
      const ok = await this.send(tracked, pending, consumed, line, discarding);
      pending = [];
      if (ok) progressed = true;
      return ok;
    };
    const push = (start: number, stop: number, end: number) => {
      let text = chunk.toString('utf8', start, stop);
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (text.length > MAX_LINE_CHARS) text = text.slice(0, MAX_LINE_CHARS + 1);
      line++;
      pending.push({ source: this.name, file: tracked.path, line, text, offset: base + start, end: base + end, receivedAt: now });
    };
    while (lineStart < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, lineStart);
      if (newline < 0) {
        const rest = chunk.length - lineStart;
        if (discarding) {
          lineStart = chunk.length;
        } else if (rest >= LONG_LINE_BYTES) {
          push(lineStart, lineStart + LONG_LINE_BYTES, chunk.length);
          discarding = true;
          lineStart = chunk.length;
        } else if (finalFlush) {
          push(lineStart, chunk.length, chunk.length);
          lineStart = chunk.length;
        }
        break;
      }
      if (discarding) discarding = false;
      else push(lineStart, newline, newline + 1);
      lineStart = newline + 1;
      if (pending.length >= this.maxBatchLines && !(await flush(base + lineStart))) return null;
    }
    if (!(await flush(base + lineStart))) return null;
    return { progressed };
  }

  /** Hands one batch to the sink; on success moves the file's position and commits it. */
  private async send(tracked: Tracked, lines: LiveLine[], offset: number, line: number, discarding: boolean): Promise<boolean> {
    const before = { offset: tracked.offset, line: tracked.line, discarding: tracked.discarding };
    tracked.offset = offset;
    tracked.line = line;
    tracked.discarding = discarding;
    await this.refreshHead(tracked);
    const position = positionOf(tracked);
    if (lines.length > 0 && this.sink) {
      try {
        await this.sink({ source: this.name, lines, position });
      } catch (error) {
        Object.assign(tracked, before);
        this.stats.errors++;
        this.stats.lastError = String(error);
        this.onNotice(
          notice(this.name, 'sink-failed', 'sink.failed', { source: this.name, lines: lines.length, reason: errorText(error) }, 'error'),
        );
        return false;
      }
      this.stats.lines += lines.length;
      this.stats.lastLineAt = Date.now();
    }
    await this.commitPosition(position);
    return true;
  }

  private async commitPosition(position: FilePosition): Promise<void> {
    this.remember(position);
    if (!this.options.checkpoints || (this.options.commit ?? 'after-sink') !== 'after-sink') return;
    await this.options.checkpoints.commit(position).catch((error: unknown) => {
      this.stats.errors++;
      this.stats.lastError = errorText(error);
      this.onNotice(
        notice(this.name, 'checkpoint-failed', 'checkpoint.failed', { source: this.name, file: position.path, reason: errorText(error) }, 'error'),
      );
    });
  }

  private async finishIfDrained(tracked: Tracked): Promise<void> {
    if (Date.now() - tracked.lastGrowthAt < this.drainIdleMs) return;
    const size = await tracked.handle
      .stat()
      .then((s) => s.size)
      .catch(() => tracked.offset);
    if (size > tracked.offset) {
      // Idle but not finished: the final read delivers the last line even without its newline.
      await this.readAvailable(tracked);
      if (size > tracked.offset) return;
    }
    this.draining = this.draining.filter((t) => t !== tracked);
    const links = await tracked.handle
      .stat()
      .then((s) => s.nlink)
      .catch(() => 0);
    await tracked.handle.close().catch(() => {});
    const kind = links === 0 ? 'deleted' : 'drained';
    this.onNotice(
      notice(this.name, kind, kind === 'deleted' ? 'file.deleted' : 'file.drained', {
        source: this.name,
        file: tracked.path,
        lines: tracked.line,
      }),
    );
  }

  private remember(position: FilePosition): void {
    const key = fileKey(position);
    this.known.delete(key);
    this.known.set(key, position);
    // Oldest first in a Map: forget files long finished so memory stays bounded.
    if (this.known.size > MAX_KNOWN) this.known.delete(this.known.keys().next().value as string);
  }

  private problem(path: string, reason: string): void {
    if (this.failing.get(path) === reason) return;
    this.failing.set(path, reason);
    this.stats.errors++;
    this.stats.lastError = `${path}: ${reason}`;
    this.onNotice(notice(this.name, 'error', 'file.error', { source: this.name, file: path, reason }, 'warning'));
  }

  private resolved(path: string): void {
    if (!this.failing.has(path)) return;
    this.failing.delete(path);
    this.onNotice(notice(this.name, 'recovered', 'file.recovered', { source: this.name, file: path }));
  }
}

function positionOf(t: Tracked): FilePosition {
  return { path: t.path, dev: t.dev, ino: t.ino, offset: t.offset, line: t.line, head: t.head, headLength: t.headLength, generation: t.generation };
}

function describeError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return errorText(error);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
