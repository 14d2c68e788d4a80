import type { Decision } from '../decision.js';
import type { DecisionChange } from '../service.js';
import { writeFileAtomic, type AtomicWriteFs } from './atomic-write.js';
import type { ExportFormat } from './format.js';
import { runReload, type ReloadResult } from './reload.js';
import { selectTargets, type SkippedCounts } from './targets.js';

export interface ReloadCommand {
  /** Program then arguments; no shell. */
  argv: string[];
  timeoutMs?: number;
}

/** One export: what was written, what was left out, how the reload went. */
export interface ExportRun {
  path: string;
  format: string;
  entries: number;
  skipped: SkippedCounts;
  /** False when the file already held this text (nothing written, no reload). */
  written: boolean;
  /** Null when there is no reload command or nothing was written. */
  reload: ReloadResult | null;
  /** Why the file could not be written; the previous file is then intact. */
  error: string | null;
}

export interface ExportFileOptions {
  format: ExportFormat;
  path: string;
  reload?: ReloadCommand;
  fs?: AtomicWriteFs;
  /** The text last written: skip the write and reload when nothing changed. */
  previous?: string | null;
}

/** Renders the bans in force, writes the file atomically, runs the reload. Never throws. */
export async function exportFile(decisions: readonly Decision[], now: number, options: ExportFileOptions): Promise<ExportRun & { text: string | null }> {
  const set = selectTargets(decisions, now);
  const base = { path: options.path, format: options.format.name, entries: set.targets.length, skipped: set.skipped, written: false, reload: null };
  let text: string;
  try {
    text = options.format.render(set);
  } catch (error) {
    return { ...base, error: messageOf(error), text: null };
  }
  if (options.previous === text) return { ...base, error: null, text };
  try {
    await writeFileAtomic(options.path, text, { fs: options.fs });
  } catch (error) {
    return { ...base, error: messageOf(error), text: null };
  }
  const reload = options.reload ? await runReload(options.reload.argv, { timeoutMs: options.reload.timeoutMs }) : null;
  return { ...base, written: true, reload, error: null, text };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The part of DecisionService an exporter follows. */
export interface DecisionSource {
  onChange(listener: (change: DecisionChange) => void): () => void;
  list(): Promise<Decision[]>;
  now(): number;
}

/** Schedules `run` after `ms`; returns the function that cancels it. Tests give a fake one. */
export type Scheduler = (run: () => void, ms: number) => () => void;

const realScheduler: Scheduler = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface ExporterOptions extends Omit<ExportFileOptions, 'previous'> {
  /** Changes within this span make one rewrite (default 1000 ms): at most one write per span. */
  debounceMs?: number;
  schedule?: Scheduler;
  /** Told after every export, failed or not. */
  onExport?: (run: ExportRun) => void;
}

/**
 * Keeps an export file in step with the decisions: writes it at start, then again after changes,
 * at most once per `debounceMs`. For `vigie watch` and `vigie serve`.
 */
export class Exporter {
  private unsubscribe: (() => void) | null = null;
  private cancelTimer: (() => void) | null = null;
  private running: Promise<ExportRun> | null = null;
  private pendingAfterRun = false;
  private lastText: string | null = null;
  private stopped = false;

  constructor(
    private readonly source: DecisionSource,
    private readonly options: ExporterOptions,
  ) {}

  /** Subscribes and writes the file once now. */
  async start(): Promise<ExportRun> {
    if (!this.unsubscribe) this.unsubscribe = this.source.onChange(() => this.changed());
    this.stopped = false;
    return this.flush();
  }

  /** Stops following changes; waits for a write in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.running) await this.running;
  }

  /** Writes now (after a write in progress), whatever the timer. */
  async flush(): Promise<ExportRun> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    while (this.running) await this.running;
    const mine = this.exportNow();
    this.running = mine;
    try {
      return await mine;
    } finally {
      if (this.running === mine) this.running = null;
      if (this.pendingAfterRun && !this.stopped) {
        this.pendingAfterRun = false;
        this.arm();
      }
    }
  }

  private changed(): void {
    if (this.stopped) return;
    if (this.running) this.pendingAfterRun = true;
    else this.arm();
  }

  private arm(): void {
    if (this.cancelTimer) return;
    this.cancelTimer = (this.options.schedule ?? realScheduler)(() => {
      this.cancelTimer = null;
      void this.flush();
    }, this.options.debounceMs ?? 1000);
  }

  private async exportNow(): Promise<ExportRun> {
    let run: ExportRun & { text: string | null };
    try {
      const decisions = await this.source.list();
      run = await exportFile(decisions, this.source.now(), { ...this.options, previous: this.lastText });
    } catch (error) {
      run = { path: this.options.path, format: this.options.format.name, entries: 0, skipped: { asn: 0, country: 0, invalid: 0 }, written: false, reload: null, error: messageOf(error), text: null };
    }
    // a failed reload leaves the text unconfirmed: the next change writes and reloads again
    this.lastText = run.error === null && (run.reload === null || run.reload.ok) ? run.text : null;
    const { text: _text, ...report } = run;
    try {
      this.options.onExport?.(report);
    } catch {
      // the listener's failure is its own
    }
    return report;
  }
}
