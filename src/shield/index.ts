import { writeFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Allowlist, type AllowlistConfig } from '../decisions/allowlist.js';
import type { Decision } from '../decisions/decision.js';
import { DuckDbDecisionStore } from '../decisions/duckdb-decision-store.js';
import { parseListen } from '../decisions/index.js';
import { DecisionService } from '../decisions/service.js';
import { BoundedMap } from '../lib/bounded-map.js';
import type { Finding } from '../model/index.js';
import { LiveAnalyzer } from '../pipeline/live.js';
import { buildTrafficStages } from '../pipeline/traffic-stages.js';
import { ResponseCache } from './cache.js';
import { Tickets } from './challenge/challenge.js';
import { ProofOfWork } from './challenge/pow.js';
import { TimedWait } from './challenge/wait.js';
import { PassCookie } from './cookie.js';
import type { ShieldCore } from './core.js';
import { EventFeed } from './events.js';
import { Gate } from './gate.js';
import { Counters } from './metrics.js';
import { createNginxAuthServer, nginxInclude } from './nginx.js';
import { OriginProxy } from './proxy.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { loadSecret } from './secret.js';
import { createProxyServer, DEFAULT_LIMITS, type ServerLimits } from './server.js';
import { Tarpit } from './tarpit.js';
import { UnderAttack } from './under-attack.js';

export { nginxInclude } from './nginx.js';
export { solvePow } from './challenge/pow.js';
export { COOKIE_NAME } from './cookie.js';
export type { RateLimits } from './rate-limit.js';

export interface ShieldOptions {
  dataDir: string;
  /** The site behind the shield ("http://127.0.0.1:8080"); with `listen`. */
  origin?: string;
  /** host:port of the reverse proxy. */
  listen?: string;
  /** host:port of the nginx auth_request endpoint (loopback: it believes X-Real-IP). */
  nginxAuth?: string;
  /** Where the nginx include is written (default <dataDir>/shield-nginx.conf). */
  nginxIncludePath?: string;
  home?: string;
  underAttack?: boolean;
  /** Minutes under attack after a flood finding (default 15). */
  underAttackMinutes?: number;
  /** Believe X-Forwarded-For/-Proto from loopback peers (a proxy in front, tests, benchmarks). */
  trustForwarded?: boolean;
  rateLimits?: Partial<RateLimits>;
  /** Leading zero bits of the proof of work for a low-risk client (default 16). */
  powBits?: number;
  /** Seconds the no-script fallback waits for a low-risk client (default 5). */
  waitSeconds?: number;
  passTtlMs?: number;
  cacheBytes?: number;
  cacheEntryBytes?: number;
  originTimeoutMs?: number;
  /** With a stale copy at hand, serve it when the origin has not answered within this (default 2 s; 0: off). */
  staleAfterMs?: number;
  maxBodyBytes?: number;
  staleIfErrorSeconds?: number;
  limits?: Partial<ServerLimits>;
  allowlist?: AllowlistConfig;
  /** Decisions of an embedding process (vigie serve); otherwise the data directory's store is opened. */
  service?: DecisionService;
  /** Failed, forged or replayed answers from one address (in 10 minutes) that earn it a ban; 0: never. */
  evidenceBanAt?: number;
  /** How long the proxy holds a block or rate-limit refusal before sending it (default 1 s; 0: at once). */
  refusalDelayMs?: number;
  feedIntervalMs?: number;
  onFinding?: (finding: Finding, decision: Decision | null, reason: string) => void;
  onUnderAttack?: (on: boolean, reason: string) => void;
}

export interface ShieldHandle {
  /** The proxy's URL, when it listens. */
  url: string | null;
  nginxAuthUrl: string | null;
  nginxIncludePath: string | null;
  service: DecisionService;
  counters: Counters;
  underAttack: UnderAttack;
  cache: ResponseCache;
  analyzer: LiveAnalyzer;
  /** Analyses pending requests and decides on findings now. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

function listenOn(server: http.Server, address: string, option: string): Promise<string> {
  const parsed = parseListen(address);
  if (!parsed) throw new Error(`${option}: expected host:port, got "${address}"`);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(parsed.port, parsed.host, () => {
      server.off('error', reject);
      const bound = server.address() as AddressInfo;
      resolve(`http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`);
    });
  });
}

function close(server: http.Server & { tunnels?: Set<{ destroy(): void }> }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    for (const tunnel of server.tunnels ?? []) tunnel.destroy();
  });
}

/** Starts the shield: the reverse proxy and/or the nginx auth endpoint, fed into the live pipeline. */
export async function startShield(options: ShieldOptions): Promise<ShieldHandle> {
  if (!options.listen && !options.nginxAuth) throw new Error('listen or nginxAuth: the shield needs a front door');
  let origin: URL | null = null;
  if (options.listen) {
    if (!options.origin) throw new Error('origin: required with listen');
    origin = new URL(options.origin);
    if (origin.protocol !== 'http:') throw new Error(`origin: only http:// origins are supported, got "${options.origin}"`);
  }
  const now = Date.now;
  const counters = new Counters();
  const built = await buildTrafficStages({ format: 'json', formatOptions: {}, trustedProxies: [], dataDir: options.dataDir });
  const analyzer = new LiveAnalyzer(built.stages, options.home ?? 'CA');
  const allowlist = new Allowlist(options.allowlist ?? {});
  if (allowlist.rejected.length > 0) throw new Error(`allowlist: not an address, network, AS or country: ${allowlist.rejected.join(', ')}`);
  const ownStore = options.service ? null : await DuckDbDecisionStore.open(options.dataDir);
  const service = options.service ?? new DecisionService(ownStore as DuckDbDecisionStore, { allowlist });
  const decisions = await service.loadActive();
  const underAttack = new UnderAttack(options.underAttack ?? false, (options.underAttackMinutes ?? 15) * 60_000, now, options.onUnderAttack);
  const secret = loadSecret(options.dataDir);
  const tickets = new Tickets(secret, now);
  const evidenceBanAt = options.evidenceBanAt ?? 10;
  const gate: Gate = new Gate({
    decisions,
    limiter: new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }),
    cookie: new PassCookie(secret, now),
    allowlist: (options.allowlist?.cidrs?.length ?? 0) + (options.allowlist?.asns?.length ?? 0) + (options.allowlist?.countries?.length ?? 0) > 0 ? allowlist : null,
    underAttack,
    counters,
    now,
    onFailure: (ip, count) => {
      if (count !== evidenceBanAt || allowlist.match('ip', ip) !== null) return;
      counters.count('evidence-bans');
      void service
        .add({ type: 'ban', scope: 'ip', value: ip, durationMs: 15 * 60_000, reason: 'vigie/shield-evidence', origin: 'vigie', actor: 'shield' })
        .catch(() => undefined);
    },
  });
  const decidedUntil = new BoundedMap<string, number>(50_000);
  const onFindings = async (findings: Finding[]): Promise<void> => {
    for (const finding of findings) {
      if (finding.category === 'flood') {
        counters.count('under-attack-auto');
        underAttack.trigger(`flood ${finding.scope.kind} ${finding.scope.value}`);
      }
      const target = `${finding.scope.kind}|${finding.scope.value}`;
      if ((decidedUntil.get(target) ?? 0) > now()) {
        options.onFinding?.(finding, null, 'already-decided');
        continue;
      }
      const facts = finding.scope.kind === 'ip' ? built.intel.lookup(finding.scope.value) : undefined;
      const { decision, reason } = await service.addFromFinding(finding, facts ? { asn: facts.asn ?? undefined, networkType: facts.networkType } : undefined);
      if (decision) decidedUntil.set(target, decision.until);
      options.onFinding?.(finding, decision, reason);
    }
  };
  const feed = new EventFeed(analyzer, onFindings, options.feedIntervalMs ?? 100);
  const cache = new ResponseCache(options.cacheBytes ?? 64 * 1024 * 1024, options.cacheEntryBytes ?? 2 * 1024 * 1024, now);
  const passTtlMs = options.passTtlMs ?? 24 * 3_600_000;
  // how long requests wait for the shield's one thread: the first sign that it is the bottleneck
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  loopDelay.enable();
  const core: ShieldCore = {
    intel: built.intel,
    gate,
    cookie: new PassCookie(secret, now),
    pow: new ProofOfWork(tickets, options.powBits ?? 16),
    wait: new TimedWait(tickets, options.waitSeconds ?? 5, now),
    counters,
    underAttack,
    feed,
    tarpit: new Tarpit(options.refusalDelayMs ?? 1000, limits.maxConnections),
    passTtlMs,
    waitPassTtlMs: Math.min(passTtlMs, 3_600_000),
    gauges: () => ({
      'under-attack': underAttack.isOn() ? 1 : 0,
      'cache-bytes': cache.usedBytes,
      'cache-entries': cache.size,
      'decisions-active': decisions.size(),
      'events-dropped': feed.dropped,
      'refusals-held': core.tarpit.held,
      'rss-bytes': process.memoryUsage.rss(),
      'event-loop-delay-p99-ms': Math.round(loopDelay.percentile(99) / 1e4) / 100,
      'event-loop-delay-max-ms': Math.round(loopDelay.max / 1e4) / 100,
    }),
  };
  const servers: http.Server[] = [];
  let proxy: OriginProxy | null = null;
  const timers: NodeJS.Timeout[] = [];
  const stop = async (): Promise<void> => {
    loopDelay.disable();
    for (const timer of timers) clearInterval(timer);
    core.tarpit.close();
    await Promise.all(servers.map(close));
    proxy?.close();
    await feed.stop();
    if (ownStore) {
      await service.sweep().catch(() => undefined);
      await ownStore.close();
    }
  };
  let url: string | null = null;
  let nginxAuthUrl: string | null = null;
  let nginxIncludePath: string | null = null;
  try {
    if (options.listen && origin) {
      proxy = new OriginProxy({
        origin,
        cache,
        counters,
        originTimeoutMs: options.originTimeoutMs ?? 10_000,
        staleAfterMs: options.staleAfterMs ?? 2000,
        maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
        defaultStaleIfError: options.staleIfErrorSeconds ?? 86_400,
      });
      const server = createProxyServer(core, proxy, origin, limits, options.trustForwarded ?? false);
      servers.push(server);
      url = await listenOn(server, options.listen, 'listen');
    }
    if (options.nginxAuth) {
      const server = createNginxAuthServer(core, limits);
      servers.push(server);
      nginxAuthUrl = await listenOn(server, options.nginxAuth, 'nginx-auth');
      nginxIncludePath = options.nginxIncludePath ?? join(options.dataDir, 'shield-nginx.conf');
      writeFileSync(nginxIncludePath, nginxInclude(nginxAuthUrl));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  feed.start();
  if (ownStore) timers.push(setInterval(() => void service.sweep().catch(() => undefined), 1000));
  timers.push(
    setInterval(() => {
      cache.prune();
      loopDelay.reset();
    }, 60_000),
  );
  for (const timer of timers) timer.unref();
  return { url, nginxAuthUrl, nginxIncludePath, service, counters, underAttack, cache, analyzer, flush: () => feed.flush(true), stop };
}
