import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Decision } from '../decisions/decision.js';
import { decisionsAdminApi } from '../decisions/admin-api.js';
import { DuckDbDecisionStore, startBouncerApi, type BouncerApiServer } from '../decisions/index.js';
import { WriteBehindDecisionStore } from '../decisions/write-behind-store.js';
import { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import { RollupBuilder } from '../traffic/rollup.js';
import { BoundedMap } from '../lib/bounded-map.js';
import type { AlertsConfig } from '../alerts/index.js';
import { createAlerting } from '../alerts/index.js';
import { Exporter, exportFormat, type ExportFormatName, type ExportRun } from '../decisions/export/index.js';
import type { DataAttribution, Finding, HttpEvent } from '../model/index.js';
import type { Intel } from '../intel/intel.js';
import type { DecisionService } from '../decisions/service.js';
import { createRuleDetectors, formatRuleError, loadRules } from '../rules/index.js';
import {
  FileCheckpoints,
  FileFollower,
  HttpIngest,
  SyslogReceiver,
  type FilePosition,
  type LiveBatch,
  type LiveNotice,
  type LiveSource,
} from '../traffic/sources/live/index.js';
import { LiveAnalyzer, type LiveRejection } from './live.js';
import { buildTrafficStages, type TrafficConfig } from './traffic-stages.js';

// changed findings only: cheap enough to ask ten times a second, which is most of the ban delay
const FINDINGS_CHECK_MS = 100;

export interface WatchOptions extends TrafficConfig {
  paths: string[];
  dataDir: string;
  home: string;
  /** host:port of the bouncer API. */
  listen: string;
  /** Read existing files from their start on the first run (default: from their end). */
  fromStart?: boolean;
  pollMs?: number;
  onNotice?: (notice: LiveNotice) => void;
  onFinding?: (finding: Finding, decision: Decision | null, reason: string) => void;
  onRejected?: (rejection: LiveRejection) => void;
  onFormat?: (source: string, format: string | Error) => void;
  /** Directories or files of operator rules (YAML), run beside the built-in detectors. */
  rules?: string[];
  /** Files kept in step with the decisions (nginx include, nftables, ipset, text). */
  exports?: { format: ExportFormatName; path: string; reload?: string[] }[];
  onExport?: (run: ExportRun) => void;
  alerts?: AlertsConfig;
  /** Receive access-log lines as syslog (nginx `access_log syslog:server=...`). */
  syslog?: { host?: string; udpPort?: number | null; tcpPort?: number | null };
  /** Accept JSON lines on `POST /api/ingest` of the API server with one of these bearer tokens. */
  ingestTokens?: string[];
  /** Bearer tokens for the manual decisions API (`/api/decisions`); off when empty. */
  adminTokens?: string[];
  /** Days of rollups, findings and events kept in the store (default 30). */
  retentionDays?: number;
  /** How often findings and complete minutes are written to the store (default 5 s). */
  flushIntervalMs?: number;
  /** Sources the caller made (the demo of `vigie serve`), started and stopped with the others. */
  extraSources?: LiveSource[];
  /**
   * Sources whose findings yield simulated decisions only (shown, never sent to bouncers or the
   * shield): the demo, whose simulated attackers have the addresses of real networks.
   */
  rehearsalSources?: string[];
  /** Keep every analysed event in the store (for drill-down pages), not only rollups and findings. */
  storeEvents?: boolean;
  /** Each analysed batch's events, after the detectors saw them. */
  onEvents?: (events: readonly HttpEvent[]) => void;
  /** Adds routes to the API server before it listens (the dashboard of `vigie serve`). */
  extendApi?: (app: FastifyInstance, context: WatchContext) => Promise<void>;
}

/** The running pipeline's parts, for a caller that serves them (`vigie serve`). */
export interface WatchContext {
  service: DecisionService;
  store: DuckDbStore;
  runId: string;
  analyzer: LiveAnalyzer;
  intel: Intel;
  dataSources: DataAttribution[];
  /** Filled once the API listens. */
  sources: LiveSource[];
  setRetentionDays(days: number): Promise<void>;
}

export interface WatchHandle {
  url: string;
  api: BouncerApiServer;
  store: DuckDbStore;
  runId: string;
  /** Writes current findings and complete minutes to the store now. */
  flush(): Promise<void>;
  analyzer: LiveAnalyzer;
  sources: LiveSource[];
  /** Keeps events of the last `days` days; the next flush prunes the rest. */
  setRetentionDays(days: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `vigie watch`: follows logs, runs the traffic stages on each batch, turns new findings into
 * decisions, and serves them to bouncers. Decisions are recorded beside the reading (the store's
 * latency must not slow the follower). Every few seconds the pending decisions, the rollups and the
 * findings are written, and only then the files' checkpoints: a crash replays what was not yet
 * stored, so no line is lost, and a replayed attacker finds its decision already made.
 */
export async function startWatch(options: WatchOptions): Promise<WatchHandle> {
  const built = await buildTrafficStages(options);
  if (options.rules && options.rules.length > 0) {
    // the built-in rules mirror built-in detectors: only the operator's own rules are added here
    const loaded = loadRules({ dirs: options.rules, builtin: false });
    if (loaded.errors.length > 0) throw new Error(loaded.errors.map(formatRuleError).join('\n'));
    built.stages.detectors.push(...createRuleDetectors(loaded.rules));
  }
  const analyzer = new LiveAnalyzer(built.stages, options.home, options.onRejected, options.onFormat);
  const ingest =
    options.ingestTokens && options.ingestTokens.length > 0
      ? new HttpIngest({ name: 'ingest', tokens: options.ingestTokens, onNotice: options.onNotice })
      : null;
  const store = await DuckDbStore.open(options.dataDir);
  let retentionMs = (options.retentionDays ?? 30) * 86_400_000;
  await store.prune(Date.now() - retentionMs);
  const runId = await store.beginRun({ kind: 'watch', inputs: options.paths, home: options.home, startedAt: Date.now() });
  const decisionConnection = await store.connect();
  // decisions are recorded in memory at once and written in batches by flush(), before checkpoints
  const decisionStore = await WriteBehindDecisionStore.open(
    await DuckDbDecisionStore.withConnection(decisionConnection, () => decisionConnection.closeSync()),
  );
  const rollups = new RollupBuilder();
  const checkpoints = new FileCheckpoints(join(options.dataDir, 'checkpoints.json'));
  /** Where each file has been analysed to; committed only once that work is in the store. */
  const analysedTo = new Map<string, FilePosition>();
  let settle: () => Promise<void> = async () => undefined;
  let lastPrune = Date.now();
  // the next flush prunes: the store's writes stay in one sequence
  const setRetentionDays = async (days: number): Promise<void> => {
    retentionMs = days * 86_400_000;
    lastPrune = 0;
  };
  const flush = async (): Promise<void> => {
    const positions = [...analysedTo.values()];
    analysedTo.clear();
    await settle();
    await decisionStore.flush();
    // every minute so far, complete or not: rows of one minute add up when read
    await store.appendRollups(runId, rollups.drain(true));
    const changed = analyzer.takeChangedFindings();
    await store.upsertFindings(runId, changed).catch((error: unknown) => {
      analyzer.restoreChangedFindings(changed);
      throw error;
    });
    if (positions.length > 0) await checkpoints.commit(positions);
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      await store.prune(lastPrune - retentionMs);
    }
  };
  const sources: LiveSource[] = [];
  const api = await startBouncerApi({
    store: decisionStore,
    dataDir: options.dataDir,
    listen: options.listen,
    sweepIntervalMs: 1000,
    extend: async (app, service) => {
      if (ingest) await app.register(ingest.plugin);
      const tokens = options.adminTokens ?? [];
      if (tokens.length > 0) await app.register(async (scope) => decisionsAdminApi(scope, { service, tokens }));
      if (options.extendApi) await options.extendApi(app, { service, store, runId, analyzer, intel: built.intel, dataSources: built.dataSources, sources, setRetentionDays });
    },
  }).catch(async (error: unknown) => {
    await decisionStore.close();
    await store.close();
    throw error;
  });
  if (options.paths.length > 0) {
    sources.push(
      new FileFollower({
        name: 'files',
        paths: options.paths,
        onNotice: options.onNotice,
        checkpoints,
        commit: 'manual',
        startAt: options.fromStart ? 'beginning' : 'end',
        pollMs: options.pollMs,
        // small batches die young: 5,000-line batches outlived the young generation, and the
        // promoted garbage took a 60 s run at 50,000 lines/s from 526 to 786 MB
        maxBatchLines: 1000,
      }),
    );
  }
  if (options.syslog) sources.push(new SyslogReceiver({ name: 'syslog', ...options.syslog, onNotice: options.onNotice }));
  if (ingest) sources.push(ingest);
  sources.push(...(options.extraSources ?? []));
  const exporters = (options.exports ?? []).map(
    (e) =>
      new Exporter(api.service, {
        format: exportFormat(e.format),
        path: e.path,
        reload: e.reload ? { argv: e.reload } : undefined,
        onExport: options.onExport,
      }),
  );
  const alerting = options.alerts ? createAlerting(options.alerts, { asnOf: (ip) => built.intel.lookup(ip).asn }) : null;
  alerting?.start();
  let checkTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const flushSerially = () => (flushing = flushing.then(flush, flush));
  const flushTimer = setInterval(() => void flushSerially().catch(() => undefined), options.flushIntervalMs ?? 5000);
  flushTimer.unref();
  const stopAll = async () => {
    clearInterval(flushTimer);
    clearInterval(checkTimer);
    for (const source of sources) await source.stop();
    await settle();
    for (const exporter of exporters) await exporter.stop();
    await alerting?.stop();
    await api.close();
    await flushSerially().catch(() => undefined);
    await decisionStore.close();
    await store.close();
  };
  try {
    for (const exporter of exporters) await exporter.start();
    // collecting findings walks every detector's state: done a few times a second, not per batch
    let lastCheck = 0;
    let dirty = false;
    const rehearsal = new Set(options.rehearsalSources ?? []);
    const decideNew = async (): Promise<void> => {
      lastCheck = performance.now();
      dirty = false;
      for (const finding of analyzer.newFindings()) {
        const target = `${finding.scope.kind}|${finding.scope.value}`;
        if ((decidedUntil.get(target) ?? 0) > Date.now()) {
          options.onFinding?.(finding, null, 'already-decided');
          continue;
        }
        const facts = finding.scope.kind === 'ip' ? built.intel.lookup(finding.scope.value) : undefined;
        const simulated = finding.evidence.length > 0 && finding.evidence.every((e) => rehearsal.has(e.file));
        const { decision, reason } = await api.service.addFromFinding(finding, facts ? { asn: facts.asn ?? undefined, networkType: facts.networkType } : undefined, { simulated });
        if (decision) decidedUntil.set(target, decision.until);
        alerting?.submitFinding(
          decision
            ? { finding, decision: { id: String(decision.id), action: decision.type, scope: finding.scope, durationMs: decision.until - decision.createdAt, reason: decision.scenario, createdAt: decision.createdAt } }
            : { finding },
        );
        options.onFinding?.(finding, decision, reason);
      }
    };
    // targets decided in this session: their later findings need no trip to the store
    const decidedUntil = new BoundedMap<string, number>(50_000);
    let deciding: Promise<void> = Promise.resolve();
    const check = (): Promise<void> => (deciding = deciding.then(decideNew, decideNew));
    settle = () => check().catch(() => undefined);
    checkTimer = setInterval(() => {
      if (dirty) void check().catch(() => undefined);
    }, FINDINGS_CHECK_MS);
    checkTimer.unref();
    const sink = async (batch: LiveBatch): Promise<void> => {
      const events = analyzer.process(batch.lines);
      rollups.add(events);
      if (options.storeEvents) await store.appendEvents(runId, events);
      options.onEvents?.(events);
      if (batch.position) analysedTo.set(`${batch.position.dev}:${batch.position.ino}`, batch.position);
      dirty = true;
      // decisions are recorded beside the reading, not in its way: the store's latency must not
      // slow the follower down (a replayed batch finds its decisions already made)
      if (performance.now() - lastCheck >= FINDINGS_CHECK_MS) void check().catch(() => undefined);
    };
    for (const source of sources) await source.start(sink);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { url: api.url, api, store, runId, flush: flushSerially, analyzer, sources, setRetentionDays, stop: stopAll };
}
