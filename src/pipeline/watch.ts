import { join } from 'node:path';
import type { Decision } from '../decisions/decision.js';
import { startBouncerApi, type BouncerApiServer } from '../decisions/index.js';
import type { AlertsConfig } from '../alerts/index.js';
import { createAlerting } from '../alerts/index.js';
import { Exporter, exportFormat, type ExportFormatName, type ExportRun } from '../decisions/export/index.js';
import type { Finding } from '../model/index.js';
import { createRuleDetectors, formatRuleError, loadRules } from '../rules/index.js';
import {
  FileCheckpoints,
  FileFollower,
  HttpIngest,
  SyslogReceiver,
  type LiveBatch,
  type LiveNotice,
  type LiveSource,
} from '../traffic/sources/live/index.js';
import { LiveAnalyzer, type LiveRejection } from './live.js';
import { buildTrafficStages, type TrafficConfig } from './traffic-stages.js';

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
}

export interface WatchHandle {
  url: string;
  api: BouncerApiServer;
  analyzer: LiveAnalyzer;
  sources: LiveSource[];
  stop(): Promise<void>;
}

/**
 * `vigie watch`: follows logs, runs the traffic stages on each batch, turns new findings into
 * decisions, and serves them to bouncers. A batch's decisions are stored before the follower
 * commits its checkpoint, so a crash replays the batch rather than losing it, and a replayed
 * finding finds its decision already made.
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
  const api = await startBouncerApi({
    dataDir: options.dataDir,
    listen: options.listen,
    sweepIntervalMs: 1000,
    extend: ingest ? async (app) => void (await app.register(ingest.plugin)) : undefined,
  });
  const sources: LiveSource[] = [];
  if (options.paths.length > 0) {
    sources.push(
      new FileFollower({
        name: 'files',
        paths: options.paths,
        onNotice: options.onNotice,
        checkpoints: new FileCheckpoints(join(options.dataDir, 'checkpoints.json')),
        startAt: options.fromStart ? 'beginning' : 'end',
        pollMs: options.pollMs,
      }),
    );
  }
  if (options.syslog) sources.push(new SyslogReceiver({ name: 'syslog', ...options.syslog, onNotice: options.onNotice }));
  if (ingest) sources.push(ingest);
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
  const stopAll = async () => {
    for (const source of sources) await source.stop();
    for (const exporter of exporters) await exporter.stop();
    await alerting?.stop();
    await api.close();
  };
  try {
    for (const exporter of exporters) await exporter.start();
    const sink = async (batch: LiveBatch): Promise<void> => {
      analyzer.process(batch.lines);
      for (const finding of analyzer.newFindings()) {
        const facts = finding.scope.kind === 'ip' ? built.intel.lookup(finding.scope.value) : undefined;
        const { decision, reason } = await api.service.addFromFinding(finding, facts ? { asn: facts.asn ?? undefined, networkType: facts.networkType } : undefined);
        alerting?.submitFinding(
          decision
            ? { finding, decision: { id: String(decision.id), action: decision.type, scope: finding.scope, durationMs: decision.until - decision.createdAt, reason: decision.scenario, createdAt: decision.createdAt } }
            : { finding },
        );
        options.onFinding?.(finding, decision, reason);
      }
    };
    for (const source of sources) await source.start(sink);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { url: api.url, api, analyzer, sources, stop: stopAll };
}
