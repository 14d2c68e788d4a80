import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HttpEvent } from '../../model/index.js';

/**
 * Rows per spool file, hence per load: a load holds its rows in memory until it commits (about
 * 70 MB per 100,000 rows), and the last file is loaded after the analysis ends.
 */
const ROWS_PER_FILE = 100_000;

/**
 * Events reach DuckDB through JSON-lines spool files that DuckDB loads itself: one native call per
 * file instead of one per value (JSON.stringify is native too), which is what lets the store keep
 * up with the analyzer. A full file is loaded while
 * the next one fills, so loading overlaps with analysis.
 */
export class EventSpool {
  private out: WriteStream | null = null;
  private file = '';
  private rows = 0;
  private sequence = 0;
  private loading: Promise<void> = Promise.resolve();
  /**
   * Appends and flushes one at a time: a flush that ended the file while an append waited for it
   * to drain would leave that append waiting for ever (live appends meet timed flushes).
   */
  private turn: Promise<unknown> = Promise.resolve();

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  constructor(
    private readonly dir: string,
    private readonly load: (file: string) => Promise<void>,
  ) {}

  append(runId: string, events: readonly HttpEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.serial(() => this.write(runId, events));
  }

  private async write(runId: string, events: readonly HttpEvent[]): Promise<void> {
    if (!this.out) await this.open();
    const rows = new Array<string>(events.length);
    for (let i = 0; i < events.length; i++) rows[i] = jsonRow(runId, events[i] as HttpEvent);
    const text = `${rows.join('\n')}\n`;
    this.rows += events.length;
    const out = this.out as WriteStream;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
    if (this.rows >= ROWS_PER_FILE) await this.rotate();
  }

  /** Loads everything spooled so far; afterwards the events are visible to queries. */
  async flush(): Promise<void> {
    await this.serial(async () => {
      if (this.out) await this.rotate();
    });
    await this.loading;
  }

  private async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.file = join(this.dir, `events-${process.pid}-${Date.now()}-${this.sequence++}.jsonl`);
    this.out = createWriteStream(this.file);
    this.rows = 0;
  }

  private async rotate(): Promise<void> {
    const out = this.out as WriteStream;
    const file = this.file;
    this.out = null;
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const previous = this.loading;
    this.loading = previous.then(async () => {
      try {
        await this.load(file);
      } finally {
        await rm(file, { force: true });
      }
    });
    // a load must never run unobserved; the next flush reports its failure
    this.loading.catch(() => undefined);
  }
}

/** Keys in the spool file: short, since they are written once per event. */
export const SPOOL_COLUMNS: Record<string, string> = {
  r: 'VARCHAR', f: 'VARCHAR', l: 'BIGINT', t: 'BIGINT', i: 'VARCHAR', m: 'VARCHAR', p: 'VARCHAR', v: 'VARCHAR',
  s: 'SMALLINT', b: 'BIGINT', u: 'VARCHAR', e: 'VARCHAR', h: 'VARCHAR', c: 'VARCHAR', a: 'INTEGER', o: 'VARCHAR',
  n: 'VARCHAR', g: 'VARCHAR', x: 'VARCHAR',
};

function jsonRow(runId: string, e: HttpEvent): string {
  const row = rowOf(runId, e);
  // a lone surrogate (a JSON log's "\ud800") is written escaped, and DuckDB's reader refuses the
  // whole file for it: such text is stored with U+FFFD instead, as invalid UTF-8 is
  return row.includes('\\ud') ? rowOf(runId, wellFormed(e)) : row;
}

function rowOf(runId: string, e: HttpEvent): string {
  return JSON.stringify({
    r: runId, f: e.file, l: e.line, t: e.time, i: e.ip, m: e.method, p: e.path, v: e.protocol, s: e.status, b: e.bytes,
    u: e.userAgent, e: e.referer, h: e.host ?? null, c: e.country, a: e.asn, o: e.org, n: e.networkType, g: e.origin,
    x: e.tags.join(','),
  });
}

function wellFormed(e: HttpEvent): HttpEvent {
  const fix = (s: string) => (s as unknown as { toWellFormed(): string }).toWellFormed();
  return {
    ...e, file: fix(e.file), ip: fix(e.ip), method: fix(e.method), path: fix(e.path), protocol: fix(e.protocol),
    userAgent: fix(e.userAgent), referer: fix(e.referer), org: e.org === null ? null : fix(e.org),
    ...(e.host === undefined ? {} : { host: fix(e.host) }),
  };
}
