import type { AnalysisSummary, Finding, HttpEvent } from '../model/index.js';

/** One analysis (batch) or one live session: everything written to the store belongs to a run. */
export interface RunInfo {
  kind: 'analyze' | 'watch' | 'demo';
  /** What was read, e.g. file names. */
  inputs: string[];
  home: string;
  startedAt: number;
}

export interface RunRecord extends RunInfo {
  id: string;
  finishedAt: number | null;
  lines: number;
  parsed: number;
  rejected: number;
  findings: number;
}

/**
 * Requests in one minute for one value of one dimension (origin, country, asn, network; `vigie
 * serve` adds category, status and path for its traffic page).
 */
export interface RollupRow {
  /** Minute start, epoch ms. */
  minute: number;
  dimension: 'all' | 'origin' | 'country' | 'asn' | 'network' | 'category' | 'status' | 'path';
  key: string;
  requests: number;
  attacks: number;
}

export interface EventQuery {
  runId?: string;
  ip?: string;
  limit?: number;
}

export interface FindingQuery {
  runId?: string;
  category?: string;
  limit?: number;
}

/**
 * Where events, findings and runs are kept. The embedded adapter (DuckDB) is the default; a
 * PostgreSQL adapter implements the same interface, so no caller knows which one runs.
 */
export interface Store {
  readonly backend: string;
  beginRun(run: RunInfo): Promise<string>;
  /** Appends events in input order. Batches may be of any size. */
  appendEvents(runId: string, events: readonly HttpEvent[]): Promise<void>;
  /** Replaces the run's findings with these. */
  saveFindings(runId: string, findings: readonly Finding[]): Promise<void>;
  /** Adds these findings to the run, replacing those of the same id (a live run's changes). */
  upsertFindings(runId: string, findings: readonly Finding[]): Promise<void>;
  finishRun(runId: string, summary: AnalysisSummary): Promise<void>;
  runs(limit?: number): Promise<RunRecord[]>;
  findings(query?: FindingQuery): Promise<Finding[]>;
  countEvents(runId?: string): Promise<number>;
  /** Events in input order (file, line). */
  events(query?: EventQuery): Promise<HttpEvent[]>;
  appendRollups(runId: string, rows: readonly RollupRow[]): Promise<void>;
  rollups(query?: { runId?: string; dimension?: RollupRow['dimension']; from?: number; to?: number }): Promise<RollupRow[]>;
  /** Retention: deletes events, findings last seen, and rollups older than `before` (epoch ms). */
  prune(before: number): Promise<{ events: number; findings: number; rollups: number }>;
  close(): Promise<void>;
}
