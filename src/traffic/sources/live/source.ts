/**
 * Live sources: where log lines come from while `vigie watch` runs.
 *
 * Three sources sit behind one interface, `LiveSource`:
 *
 * - `FileFollower` (file-follower.ts) follows paths and globs (`/var/log/nginx/*.log`) like
 *   `tail -F`: rotation by rename, copytruncate, truncation, new files, deleted or unreadable files.
 *   With a `CheckpointStore` (checkpoint.ts) it resumes where the last committed batch ended.
 * - `SyslogReceiver` (syslog.ts) receives RFC 3164 / RFC 5424 messages on UDP and TCP (octet
 *   counting or newline framing), e.g. from nginx's `access_log syslog:server=127.0.0.1:5514`.
 * - `HttpIngest` (http-ingest.ts) is a Fastify plugin, `POST /api/ingest`, for shippers that push.
 *
 * Contract for the caller (the pipeline):
 *
 * 1. `await source.start(sink)`. The source calls `sink(batch)` with lines in arrival order, one
 *    batch at a time: it never calls the sink again before the previous call has settled, so a slow
 *    sink slows the source down (files are read later, TCP sockets are paused, ingest requests wait)
 *    instead of filling memory.
 * 2. When `sink` resolves, the batch is the caller's. When it rejects, a file follower reads the
 *    same lines again on its next poll (at-least-once); a syslog receiver or ingest cannot ask the
 *    peer again, so it reports the failure (notice `sink-failed`) and, for ingest, answers 503.
 * 3. File batches carry `position`, where the file must be resumed after this batch. The caller
 *    commits it (`CheckpointStore.commit(position)`) only once the batch's effects are stored, or
 *    lets the follower commit right after the sink resolves (`commit: 'after-sink'`, the default).
 *    A crash between "stored" and "committed" replays the batch: a sink that must never record a
 *    line twice keeps, with its results, the highest `end` it stored per file generation
 *    (`dev:ino:generation` of `batch.position`) and skips lines whose `offset` is below it
 *    (resume-child.fixture.ts is a worked example, proven by file-follower-resume.test.ts).
 * 4. Everything a person should know (rotation, truncation, a new file, an error, a malformed
 *    syslog frame) arrives through `onNotice`, as a message key with variables, in English and
 *    French through messages.ts. Nothing is thrown out of a running source; `start` throws only for
 *    a configuration error (a bad glob, a port already taken).
 * 5. `await source.stop()` stops reading, waits for the sink call in flight, and releases files and
 *    sockets. `health()` is a cheap snapshot for a status page.
 */

import type { LiveMessageKey } from './messages.js';

/** One line of log text, as received, with where it came from. */
export interface LiveLine {
  /** The source's name (as configured), e.g. "nginx-files", "syslog", "ingest". */
  source: string;
  /** For files: the path the line was read from (the path at the time it was opened). */
  file?: string;
  /**
   * 1-based line number within the file generation (a rotated or truncated file starts again at 1;
   * a file first opened at its end, `startAt: 'end'`, counts from there); for sockets and ingest,
   * a sequence number within the source since it started.
   */
  line: number;
  /** The line without its line end; over-long lines are cut (see MAX_LINE_CHARS in files.ts). */
  text: string;
  /** For files: byte offset of the line's first byte. */
  offset?: number;
  /** For files: byte offset just after the line end; a resume from here reads the next line. */
  end?: number;
  /** Milliseconds since the epoch when Vigie received the line. */
  receivedAt: number;
  /** For sockets and ingest: the peer address ("127.0.0.1:53210"). */
  peer?: string;
  /** For syslog: the HOSTNAME field, when present. */
  host?: string;
  /** For syslog: the TAG / APP-NAME field, e.g. "nginx". */
  app?: string;
}

/** Where a file must be resumed: enough to recognise the same file after a restart. */
export interface FilePosition {
  /** The path the file had when it was opened (rotation may have renamed it since). */
  path: string;
  /** Device and inode, decimal strings (inodes may exceed 2^53). */
  dev: string;
  ino: string;
  /** Next byte to read. */
  offset: number;
  /** Lines consumed so far in this file generation. */
  line: number;
  /**
   * Counts truncations and rewrites of this inode: offsets start again at 0 in a new generation,
   * so (dev, ino, generation, offset) names a line once and for all.
   */
  generation: number;
  /** SHA-256 (hex) of the file's first `headLength` bytes: a replaced or rewritten file differs. */
  head: string;
  headLength: number;
}

export interface LiveBatch {
  source: string;
  lines: LiveLine[];
  /** For files: the position after the last line of this batch. */
  position?: FilePosition;
}

export type LiveSink = (batch: LiveBatch) => Promise<void>;

export type NoticeKind =
  | 'started'
  | 'new-file'
  | 'rotated'
  | 'truncated'
  | 'replaced'
  | 'deleted'
  | 'drained'
  | 'error'
  | 'recovered'
  | 'malformed'
  | 'rejected'
  | 'dropped'
  | 'sink-failed'
  | 'checkpoint-failed';

/** Something a person may want to know; `key` + `vars` render in English or French (messages.ts). */
export interface LiveNotice {
  source: string;
  kind: NoticeKind;
  key: LiveMessageKey;
  vars: Record<string, string | number>;
  /** For problems: true when something was lost or is not being read. */
  level: 'info' | 'warning' | 'error';
  at: number;
}

export type NoticeHandler = (notice: LiveNotice) => void;

export interface SourceHealth {
  source: string;
  running: boolean;
  /** Lines handed to the sink since start. */
  lines: number;
  /** Malformed frames, unreadable files, rejected requests... since start. */
  errors: number;
  /** Lines received but not delivered (queue full, sink failed for a socket). */
  dropped: number;
  /** Per followed file, or per listener: a short state for a status page. */
  details: Record<string, string>;
  lastLineAt: number | null;
  lastError: string | null;
}

export interface LiveSource {
  readonly name: string;
  start(sink: LiveSink): Promise<void>;
  stop(): Promise<void>;
  health(): SourceHealth;
}

/** A notice handler that ignores everything, for callers that do not care. */
export const ignoreNotices: NoticeHandler = () => {};

export function notice(
  source: string,
  kind: NoticeKind,
  key: LiveMessageKey,
  vars: Record<string, string | number>,
  level: LiveNotice['level'] = 'info',
): LiveNotice {
  return { source, kind, key, vars, level, at: Date.now() };
}
