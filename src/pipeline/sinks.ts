import { createWriteStream, type WriteStream } from 'node:fs';
import type { HttpEvent } from '../model/index.js';
import type { Store } from '../store/index.js';
import type { EventSink } from './analyze.js';

/** One JSON line of an event, fields in the documented order, time as ISO 8601. */
export function eventJsonLine(e: HttpEvent): string {
  return `${JSON.stringify({
    file: e.file,
    line: e.line,
    time: new Date(e.time).toISOString(),
    ip: e.ip,
    method: e.method,
    path: e.path,
    status: e.status,
    bytes: e.bytes,
    userAgent: e.userAgent,
    country: e.country,
    asn: e.asn,
    org: e.org,
    networkType: e.networkType,
    origin: e.origin,
    tags: e.tags,
    referer: e.referer,
    host: e.host,
  })}\n`;
}

/** Writes every event as a JSON line, in input order. */
export class EventsFileSink implements EventSink {
  private readonly out: WriteStream;
  private failure: Error | null = null;

  constructor(readonly path: string) {
    this.out = createWriteStream(path);
    this.out.on('error', (error) => {
      this.failure = error;
    });
  }

  async write(events: HttpEvent[]): Promise<void> {
    if (this.failure) throw new Error(`${this.path}: ${this.failure.message}`);
    let text = '';
    for (const e of events) text += eventJsonLine(e);
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.out.end((error?: Error | null) => (error ? reject(new Error(`${this.path}: ${error.message}`)) : resolve())),
    );
    if (this.failure) throw new Error(`${this.path}: ${this.failure.message}`);
  }
}

export class StoreSink implements EventSink {
  constructor(
    private readonly store: Store,
    private readonly runId: string,
  ) {}

  async write(events: HttpEvent[]): Promise<void> {
    await this.store.appendEvents(this.runId, events);
  }
}
