import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HttpEvent } from '../../model/index.js';

const ROWS_PER_FILE = 500_000;

/**
 * Events reach DuckDB through CSV spool files loaded with COPY: one native call per file instead of
 * one per value, which is what lets the store keep up with the analyzer. A full file is loaded while
 * the next one fills, so loading overlaps with analysis.
 */
export class EventSpool {
  private out: WriteStream | null = null;
  private file = '';
  private rows = 0;
  private sequence = 0;
  private loading: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly load: (file: string) => Promise<void>,
  ) {}

  async append(runId: string, events: readonly HttpEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!this.out) await this.open();
    let text = '';
    for (const e of events) text += csvRow(runId, e);
    this.rows += events.length;
    const out = this.out as WriteStream;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
    if (this.rows >= ROWS_PER_FILE) await this.rotate();
  }

  /** Loads everything spooled so far; afterwards the events are visible to queries. */
  async flush(): Promise<void> {
    if (this.out) await this.rotate();
    await this.loading;
  }

  private async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.file = join(this.dir, `events-${process.pid}-${Date.now()}-${this.sequence++}.csv`);
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

function quote(value: string): string {
  if (value.indexOf('"') >= 0) value = value.replace(/"/g, '""');
  // DuckDB's CSV reader stops at NUL; a stranger's request may carry one
  if (value.indexOf('\u0000') >= 0) value = value.replace(/\u0000/g, '\uFFFD');
  return `"${value}"`;
}

function csvRow(runId: string, e: HttpEvent): string {
  return `${runId},${quote(e.file)},${e.line},${e.time},${quote(e.ip)},${quote(e.method)},${quote(e.path)},${quote(e.protocol)},${e.status},${e.bytes},${quote(e.userAgent)},${quote(e.referer)},${e.host === undefined ? '\\N' : quote(e.host)},${e.country === null ? '\\N' : e.country},${e.asn === null ? '\\N' : e.asn},${e.org === null ? '\\N' : quote(e.org)},${e.networkType},${e.origin},${quote(e.tags.join(','))}\n`;
}
