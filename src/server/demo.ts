import type { LiveSink, LiveSource, SourceHealth } from '../traffic/sources/live/index.js';
import { simulateLabelled } from '../traffic/simulate/index.js';
import { LineWriter } from '../traffic/simulate/line.js';
import type { DemoStatus } from './contract.js';

const TICK_MS = 200;
/** Lines of one simulated night: at 500 lines/s it replays in under ten minutes, then starts over. */
const NIGHT_LINES = 250_000;

export interface DemoOptions {
  /** Lines per second (default 500). */
  rate?: number;
  home?: string;
  seed?: number;
  now?: () => number;
}

/**
 * The demo: simulated election-night traffic (src/traffic/simulate) fed live through the same
 * pipeline as real logs, one batch every 200 ms, each line stamped with the current time. The night
 * is compressed (a quarter of a million requests), so its scans, injections, credential stuffing
 * and flood arrive within the first minute or two. Idle until started.
 */
export class DemoSource implements LiveSource {
  readonly name = 'demo';
  private sink: LiveSink | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private generator: Generator<{ request: Parameters<LineWriter['line']>[0]; port: number }> | null = null;
  private readonly writer = new LineWriter('combined');
  private round = 0;
  private lineNumber = 0;
  private rate: number;
  /** The simulated site's country: its next night sends visitors from this country's ISPs. */
  home: string;
  private startedAt: number | null = null;
  private lastLineAt: number | null = null;
  private lines = 0;
  private lastError: string | null = null;
  private readonly now: () => number;

  constructor(private readonly options: DemoOptions = {}) {
    this.rate = options.rate ?? 500;
    this.home = options.home ?? 'CA';
    this.now = options.now ?? Date.now;
  }

  async start(sink: LiveSink): Promise<void> {
    this.sink = sink;
  }

  /** Starts the flow; false when it already runs. */
  run(rate?: number): boolean {
    if (this.timer) return false;
    if (rate) this.rate = rate;
    this.startedAt = this.now();
    this.timer = setInterval(() => {
      // a slow pipeline slows the demo down rather than queueing batches
      this.inFlight = this.inFlight.then(() => this.emit());
    }, TICK_MS);
    this.timer.unref();
    return true;
  }

  /** Stops the flow; false when it was not running. */
  async halt(): Promise<boolean> {
    if (!this.timer) return false;
    clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    return true;
  }

  async stop(): Promise<void> {
    await this.halt();
    this.sink = null;
  }

  status(offered: boolean): DemoStatus {
    return { running: this.timer !== null, startedAt: this.timer ? this.startedAt : null, lines: this.lines, linesPerSecond: this.timer ? this.rate : 0, offered };
  }

  health(): SourceHealth {
    return {
      source: this.name, running: this.timer !== null, lines: this.lines, errors: this.lastError ? 1 : 0, dropped: 0,
      details: { rate: `${this.rate}/s` }, lastLineAt: this.lastLineAt, lastError: this.lastError,
    };
  }

  private nextRequest(): { request: Parameters<LineWriter['line']>[0]; port: number } {
    for (;;) {
      if (!this.generator) {
        this.generator = simulateLabelled({ seed: (this.options.seed ?? 20261020) + this.round++, lines: NIGHT_LINES, home: this.home });
      }
      const next = this.generator.next();
      if (!next.done) return next.value;
      this.generator = null;
    }
  }

  private async emit(): Promise<void> {
    const sink = this.sink;
    if (!sink || !this.timer) return;
    const count = Math.max(1, Math.round((this.rate * TICK_MS) / 1000));
    const at = this.now();
    const lines = [];
    for (let i = 0; i < count; i++) {
      const { request, port } = this.nextRequest();
      // spread the batch over its 200 ms so that per-second detectors see a steady flow
      const time = at - TICK_MS + Math.floor((i * TICK_MS) / count);
      lines.push({ source: this.name, file: this.name, line: ++this.lineNumber, text: this.writer.line({ ...request, time }, port), receivedAt: at });
    }
    try {
      await sink({ source: this.name, lines });
      this.lines += lines.length;
      this.lastLineAt = at;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}
