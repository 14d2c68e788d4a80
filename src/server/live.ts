import type { ServerResponse } from 'node:http';
import type { Decision } from '../decisions/decision.js';
import type { DecisionChange } from '../decisions/service.js';
import type { Finding, HttpEvent } from '../model/index.js';
import { BoundedMap } from '../lib/bounded-map.js';
import type { StatsEvent } from './contract.js';

export interface LiveHubOptions {
  /** Live connections at most; more get a 503 (each holds a socket). */
  maxClients?: number;
  statsIntervalMs?: number;
  /** Comment lines that keep proxies from closing an idle stream. */
  keepAliveMs?: number;
}

/**
 * Server-sent events for the dashboard: `stats` every second (requests and attacks per second),
 * `finding` and `decision` as they happen. A client too slow to read is dropped rather than
 * buffered without bound.
 */
export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly maxClients: number;
  private requests = 0;
  private attacks = 0;
  private totalEvents = 0;
  private totalFindings = 0;
  private lastTick = Date.now();
  private readonly timers: NodeJS.Timeout[] = [];
  /** The newest event time seen per source key (file or source name), for the sources page's lag. */
  readonly newestBySource = new Map<string, number>();
  /** AS names seen in the traffic, for pages that list ASes. */
  readonly asNames = new BoundedMap<number, string>(20_000);

  constructor(options: LiveHubOptions = {}) {
    this.maxClients = options.maxClients ?? 50;
    const stats = setInterval(() => this.tick(), options.statsIntervalMs ?? 1000);
    const keepAlive = setInterval(() => this.write(': keep-alive\n\n'), options.keepAliveMs ?? 15_000);
    stats.unref();
    keepAlive.unref();
    this.timers.push(stats, keepAlive);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes a response over as an event stream; false when full. */
  attach(response: ServerResponse, headers: Record<string, string>): boolean {
    if (this.clients.size >= this.maxClients) return false;
    response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    response.write('retry: 3000\n\n');
    this.clients.add(response);
    const drop = () => this.clients.delete(response);
    response.on('close', drop);
    response.on('error', drop);
    return true;
  }

  events(batch: readonly HttpEvent[]): void {
    this.totalEvents += batch.length;
    this.requests += batch.length;
    for (const e of batch) {
      if (e.tags.length > 0) this.attacks++;
      if (e.asn !== null && e.org !== null && !this.asNames.has(e.asn)) this.asNames.set(e.asn, e.org);
      const previous = this.newestBySource.get(e.file) ?? 0;
      if (e.time > previous && this.newestBySource.size < 10_000) this.newestBySource.set(e.file, e.time);
    }
  }

  finding(finding: Finding, decision: Decision | null): void {
    this.totalFindings++;
    this.send('finding', { finding, decisionId: decision?.id ?? null });
  }

  decision(change: DecisionChange): void {
    this.send('decision', { kind: change.kind, decision: change.decision });
  }

  /** The figures of the last second, as sent. */
  tick(): StatsEvent {
    const at = Date.now();
    const seconds = Math.max(0.001, (at - this.lastTick) / 1000);
    const stats: StatsEvent = {
      at,
      requestsPerSecond: Math.round(this.requests / seconds),
      attacksPerSecond: Math.round(this.attacks / seconds),
      events: this.totalEvents,
      findings: this.totalFindings,
    };
    this.requests = 0;
    this.attacks = 0;
    this.lastTick = at;
    this.send('stats', stats);
    return stats;
  }

  send(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(text: string): void {
    for (const client of this.clients) {
      // a client that has not read the last megabyte is gone in all but name
      if (client.writableLength > 1_048_576) {
        client.destroy();
        this.clients.delete(client);
        continue;
      }
      client.write(text);
    }
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
