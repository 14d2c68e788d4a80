import type { Finding, ParsedRequest } from '../model/index.js';
import type { LiveAnalyzer } from '../pipeline/live.js';

/** One request as the shield saw it; becomes one event of the traffic pipeline. */
export interface ShieldRequest {
  time: number;
  ip: string;
  method: string;
  path: string;
  protocol: string;
  status: number;
  bytes: number;
  referer: string;
  userAgent: string;
  host: string;
  durationMs: number;
}

/** The source (file) name of the shield's events, as findings' evidence names it. */
export const SHIELD_SOURCE = 'shield';
const MAX_PENDING = 50_000;
const MAX_FIELD = 2048;
const FINDINGS_CHECK_MS = 250;
/**
 * Requests analysed in one go before the event loop gets a turn (a few milliseconds of work): a
 * backlog analysed whole held every visitor for a quarter of a second under a flood.
 */
const SLICE = 1000;

type Pending = { parsed: ParsedRequest; file: string; line: number };

const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Feeds every request to the live traffic pipeline in batches (every `intervalMs`), and hands the
 * new findings to `onFindings`. The requests take the same enrich and detect path as any log line
 * (they need no parsing); the sequence number is the line number. A batch is analysed in slices
 * of SLICE requests with the event loop free between them, so that analysis never holds a request
 * up for long. When the pipeline falls behind by more than MAX_PENDING requests, the newest are
 * dropped and counted: the proxy must never wait for analysis.
 */
export class EventFeed {
  private pending: Pending[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  /** A run is under way: the timer does not queue another behind it (the queue would only grow). */
  private busy = false;
  private lastCheck = 0;
  private dirty = false;
  dropped = 0;

  constructor(
    private readonly analyzer: LiveAnalyzer,
    private readonly onFindings: (findings: Finding[]) => Promise<void>,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.busy) void this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }

  get backlog(): number {
    return this.pending.length;
  }

  record(request: ShieldRequest): void {
    this.seq++;
    if (this.pending.length >= MAX_PENDING) {
      this.dropped++;
      return;
    }
    const parsed: ParsedRequest = {
      time: request.time,
      ip: request.ip,
      method: request.method.length > 32 ? request.method.slice(0, 32) : request.method,
      path: request.path.length > MAX_FIELD ? request.path.slice(0, MAX_FIELD) : request.path,
      protocol: request.protocol,
      status: request.status,
      bytes: request.bytes,
      referer: request.referer.length > MAX_FIELD ? request.referer.slice(0, MAX_FIELD) : request.referer,
      userAgent: request.userAgent.length > MAX_FIELD ? request.userAgent.slice(0, MAX_FIELD) : request.userAgent,
      host: request.host.length > 256 ? request.host.slice(0, 256) : request.host,
      durationMs: request.durationMs,
    };
    this.pending.push({ parsed, file: SHIELD_SOURCE, line: this.seq });
  }

  /** Analyses what is pending, then decides on new findings (at once when `force`); serialised. */
  flush(force = false): Promise<void> {
    this.busy = true;
    this.running = this.running
      .then(async () => {
        const batch = this.pending;
        this.pending = [];
        for (let from = 0; from < batch.length; from += SLICE) {
          if (from > 0) await yieldToRequests();
          this.analyzer.processParsed(from === 0 && batch.length <= SLICE ? batch : batch.slice(from, from + SLICE));
          this.dirty = true;
        }
        // collecting findings walks every detector's state: a few times a second is enough
        if (!this.dirty || (!force && performance.now() - this.lastCheck < FINDINGS_CHECK_MS)) return;
        this.lastCheck = performance.now();
        this.dirty = false;
        const findings = this.analyzer.newFindings();
        if (findings.length > 0) await this.onFindings(findings);
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.running === run) this.busy = false;
      });
    const run = this.running;
    return run;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush(true);
  }
}
