import type { FastifyInstance } from 'fastify';
import { DuckDbDecisionStore } from './duckdb-decision-store.js';
import type { DecisionStore } from './store.js';
import { bouncerApi } from './lapi.js';
import { DecisionService, type DecisionServiceOptions } from './service.js';

export * from './decision.js';
export { Allowlist, type AllowlistConfig, type TargetFacts } from './allowlist.js';
export { decide, evaluate, parsePolicy, DEFAULT_POLICY, type DecideContext, type DecideResult, type Policy, type PolicyRule } from './policy.js';
export { MemoryDecisionStore, type AuditEntry, type Bouncer, type DecisionQuery, type DecisionStore } from './store.js';
export { DuckDbDecisionStore } from './duckdb-decision-store.js';
export { ActiveDecisions, type EnforcementTarget } from './active-index.js';
export { DecisionService, DecisionInputError, hashApiKey, type DecisionChange, type ManualDecision, type DecisionServiceOptions } from './service.js';
export { bouncerApi, toLapiDecision, type LapiDecision, type BouncerApiOptions } from './lapi.js';
export { parseDecisionFilter, matchesFilter, selectStream, type DecisionFilter, type StreamCursor, type StreamSelection } from './stream.js';

export interface BouncerApiServer {
  app: FastifyInstance;
  service: DecisionService;
  /** "http://127.0.0.1:8080" */
  url: string;
  close(): Promise<void>;
}

/** "127.0.0.1:8080", "[::1]:8080", ":8080" or { host, port } -> host and port; null when unreadable. */
export function parseListen(listen: string | { host: string; port: number }): { host: string; port: number } | null {
  if (typeof listen !== 'string') return Number.isInteger(listen.port) && listen.port >= 0 && listen.port < 65536 ? listen : null;
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(listen.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port > 65535) return null;
  return { host: match[1] ?? (match[2] || '127.0.0.1'), port };
}

/**
 * Serves the CrowdSec-compatible bouncer API from the data directory's store, and audits expiries
 * every few seconds. For `vigie serve`; the caller closes it.
 */
export async function startBouncerApi(options: {
  dataDir: string;
  listen: string | { host: string; port: number };
  service?: DecisionServiceOptions;
  sweepIntervalMs?: number;
  /** A decision store already open (e.g. on the main store's connection); closed by the caller. */
  store?: DecisionStore;
  /** Adds routes (an ingest endpoint, a status page) to the same server before it listens. */
  extend?: (app: FastifyInstance, service: DecisionService) => Promise<void>;
}): Promise<BouncerApiServer> {
  const address = parseListen(options.listen);
  if (!address) throw new Error(`listen: expected host:port, got "${String(options.listen)}"`);
  const owned = !options.store;
  const store = options.store ?? (await DuckDbDecisionStore.open(options.dataDir));
  const service = new DecisionService(store, options.service);
  // loaded on first use: commands that never serve the API need not load the HTTP framework
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  await app.register(bouncerApi, { service });
  if (options.extend) await options.extend(app, service);
  try {
    await app.listen({ host: address.host, port: address.port });
  } catch (error) {
    if (owned) await store.close();
    throw error;
  }
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound ? bound.port : address.port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const timer = setInterval(() => void service.sweep().catch(() => undefined), options.sweepIntervalMs ?? 5000);
  timer.unref();
  return {
    app,
    service,
    url: `http://${host}:${port}`,
    close: async () => {
      clearInterval(timer);
      await app.close();
      if (owned) await store.close();
    },
  };
}
