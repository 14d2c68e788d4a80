import type { DuckDBInstance } from '@duckdb/node-api';
import type { Post } from '../model/index.js';
import { validateBundle, type StixBundle } from '../sharing/stix/index.js';
import { renderBrief } from './cases/brief.js';
import { renderPdf } from './cases/pdf.js';
import { addNote, createCase, setStatus, setTechniques, type InfoCase, type Tlp } from './cases/case.js';
import { caseToStix } from './cases/stix.js';
import { detectCoordination, newCorpus, type CoordinationSettings } from './coordination/detect.js';
import type { Cluster, CoordinationResult } from './coordination/types.js';
import { loadStateMedia, loadWatchlists } from './narratives/lists.js';
import { amplifiedBy, StateMediaIndex } from './narratives/state-media.js';
import { compileWatchlists, DEFAULT_TRENDS, TrendCounter, type TrendAlert, type TrendOptions } from './narratives/trends.js';
import { parseTelegramExport } from './sources/telegram-export.js';
import { importTabular, type Mapping } from './sources/tabular-import.js';
import { initialState, pollSource, sourceConfigSchema, type FetchPolicy, type ItemError, type PollOutcome, type SourceConfig } from './sources/index.js';
import { DuckDbInfospaceStore } from './store/duckdb.js';
import type { InfospaceStore } from './store/store.js';
import { readFile, stat } from 'node:fs/promises';

export type { Cluster, CoordinationResult, EvidencePost, Method, PairEdge } from './coordination/types.js';
export { METHODS, DEFAULT_OPTIONS } from './coordination/types.js';
export type { InfoCase, Tlp, CaseNote, Amplified } from './cases/case.js';
export type { InfospaceStore, PostQuery, StoredSource, AuditEntry } from './store/store.js';
export type { SourceConfig, SourceState, ItemError, PollOutcome } from './sources/index.js';
export type { TrendAlert } from './narratives/trends.js';
export type { CoordinationSettings } from './coordination/detect.js';
export { detectCoordination, detectInPosts, newCorpus } from './coordination/detect.js';
export { LiveCoordination } from './coordination/live.js';
export { clusterGraph, edgeEvidence, type GraphNode, type GraphEdge } from './coordination/graph.js';
export { runContinuously, type Round } from './continuous.js';
export { infospaceMessages } from './messages.js';

export interface StateMediaAlert {
  cluster: string;
  accounts: number;
  outlets: { outlet: string; typology: string; matched: string; posts: number }[];
}

export interface DetectionRun {
  result: CoordinationResult;
  alerts: StateMediaAlert[];
}

export interface ImportReport {
  inserted: number;
  duplicates: number;
  errors: ItemError[];
  /** Errors beyond those kept in `errors`. */
  moreErrors: number;
}

export interface InfospaceOptions {
  policy?: Partial<FetchPolicy>;
  stateMediaFile?: string;
  watchlistsFile?: string;
}

const KEPT_ERRORS = 1000;
const MAX_TELEGRAM_BYTES = 256 * 1024 * 1024;
const BATCH = 5000;

/** The information space as a service: what the CLI and the server's API routes call. */
export class Infospace {
  private constructor(
    readonly store: InfospaceStore,
    private readonly options: InfospaceOptions,
    private readonly stateMedia: StateMediaIndex,
  ) {}

  /** Loads the lists first (a bad list fails before anything is opened), then the store. */
  static async open(from: string | DuckDBInstance, options: InfospaceOptions = {}): Promise<Infospace> {
    const stateMedia = new StateMediaIndex(loadStateMedia(options.stateMediaFile));
    loadWatchlists(options.watchlistsFile);
    return new Infospace(await DuckDbInfospaceStore.open(from), options, stateMedia);
  }

  async importFile(path: string, format: 'csv' | 'jsonl' | 'telegram', mapping: Mapping | null, source = path): Promise<ImportReport> {
    const report: ImportReport = { inserted: 0, duplicates: 0, errors: [], moreErrors: 0 };
    const error = (e: ItemError) => (report.errors.length < KEPT_ERRORS ? report.errors.push(e) : report.moreErrors++);
    const flush = async (batch: Post[]) => {
      const r = await this.store.addPosts(batch);
      report.inserted += r.inserted;
      report.duplicates += r.duplicates;
      batch.length = 0;
    };
    if (format === 'telegram') {
      // an export is one JSON document, read whole: its size is bounded
      const size = (await stat(path)).size;
      if (size > MAX_TELEGRAM_BYTES) throw new Error(`${path}: ${size} bytes, more than the ${MAX_TELEGRAM_BYTES} a Telegram export may have here; export the channel in parts`);
      const { posts, errors } = parseTelegramExport(await readFile(path, 'utf8'), source);
      errors.forEach(error);
      for (let i = 0; i < posts.length; i += BATCH) await flush(posts.slice(i, i + BATCH));
      return report;
    }
    if (!mapping) throw new Error('a CSV or JSON lines import needs a column mapping');
    const batch: Post[] = [];
    for await (const item of importTabular(path, format, mapping, source)) {
      if ('error' in item) error(item.error);
      else if (batch.push(item.post) >= BATCH) await flush(batch);
    }
    await flush(batch);
    return report;
  }

  /** Coordination over the stored posts of a period; the clusters replace the previous run's. */
  async detect(settings: CoordinationSettings = {}, period: { since?: number; until?: number } = {}, now = Date.now()): Promise<DetectionRun> {
    const corpus = newCorpus(settings);
    for await (const post of this.store.eachPost(period.since ?? 0, period.until ?? 8.64e15)) corpus.add(post);
    const result = detectCoordination(corpus, settings);
    await this.store.saveClusters(result.clusters, now);
    return { result, alerts: this.stateMediaAlerts(result.clusters) };
  }

  stateMediaAlerts(clusters: readonly Cluster[]): StateMediaAlert[] {
    return clusters.flatMap((c) => {
      const outlets = amplifiedBy(c, this.stateMedia);
      return outlets.length ? [{ cluster: c.id, accounts: c.accounts.length, outlets }] : [];
    });
  }

  async addSource(raw: unknown, actor: string): Promise<SourceConfig> {
    const parsed = sourceConfigSchema.safeParse(raw);
    if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`).join('; '));
    const existing = (await this.store.sources()).find((s) => s.config.name === parsed.data.name);
    await this.store.saveSource(parsed.data, existing?.state ?? initialState(), actor);
    return parsed.data;
  }

  /** Polls the sources that are due (all with force), stores their posts, keeps their state. */
  async poll(options: { force?: boolean; now?: number } = {}): Promise<(PollOutcome & { inserted: number })[]> {
    const now = options.now ?? Date.now();
    const outcomes: (PollOutcome & { inserted: number })[] = [];
    for (const { config, state } of await this.store.sources()) {
      if (!options.force && state.nextPollAt > now) continue;
      const outcome = await pollSource(config, state, this.options.policy, now);
      const { inserted } = await this.store.addPosts(outcome.posts);
      await this.store.saveSourceState(config.name, outcome.state);
      outcomes.push({ ...outcome, inserted });
    }
    return outcomes;
  }

  async openCase(clusterId: string, actor: string, options: { title?: string; tlp?: Tlp; techniques?: string[] } = {}): Promise<{ infoCase: InfoCase; created: boolean } | null> {
    const cluster = (await this.store.clusters()).clusters.find((c) => c.id === clusterId);
    if (!cluster) return null;
    const infoCase = createCase(cluster, { actor, ...options, amplified: amplifiedBy(cluster, this.stateMedia) });
    const existing = await this.store.getCase(infoCase.id);
    if (existing) return { infoCase: existing, created: false };
    await this.store.saveCase(infoCase, actor, 'case.open');
    return { infoCase, created: true };
  }

  async updateCase(id: string, actor: string, change: { note?: string; techniques?: string[]; status?: InfoCase['status'] }): Promise<InfoCase | null> {
    let infoCase = await this.store.getCase(id);
    if (!infoCase) return null;
    if (change.note !== undefined) infoCase = addNote(infoCase, actor, change.note);
    if (change.techniques) infoCase = setTechniques(infoCase, change.techniques);
    if (change.status) infoCase = setStatus(infoCase, change.status);
    await this.store.saveCase(infoCase, actor, 'case.update');
    return infoCase;
  }

  /** The case's STIX bundle and what the schemas say of it (empty when valid). */
  async exportStix(id: string, organisation: string): Promise<{ bundle: StixBundle; errors: string[] } | null> {
    const infoCase = await this.store.getCase(id);
    if (!infoCase) return null;
    const bundle = caseToStix(infoCase, organisation);
    return { bundle, errors: validateBundle(bundle) };
  }

  async exportBrief(id: string, now = Date.now()): Promise<string | null> {
    const infoCase = await this.store.getCase(id);
    return infoCase ? renderBrief(infoCase, now) : null;
  }

  async exportPdf(id: string, now = Date.now()): Promise<Buffer | null> {
    const html = await this.exportBrief(id, now);
    return html === null ? null : renderPdf(html);
  }

  /** Watchlist terms rising above their usual rate over the stored posts. */
  async trends(options: Partial<TrendOptions> = {}): Promise<TrendAlert[]> {
    const opts: TrendOptions = { ...DEFAULT_TRENDS, now: Date.now(), ...options };
    const terms = compileWatchlists(loadWatchlists(this.options.watchlistsFile));
    const since = opts.now - opts.windowHours * 3_600_000 - opts.baselineDays * 86_400_000;
    const counter = new TrendCounter(terms, opts);
    for await (const post of this.store.eachPost(since, opts.now)) counter.add(post);
    return counter.alerts();
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
