import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Lang } from '../i18n/index.js';
import { cachePolicy } from './cache-control.js';
import type { CachedResponse, ResponseCache } from './cache.js';
import { requestHeadersForOrigin, responseHeadersForClient, type ForwardFacts } from './headers.js';
import type { Counters } from './metrics.js';
import { badRequestPage, heavyLoadPage } from './pages.js';

/** Statuses a shared cache may store by default (RFC 9110 §15.1), minus partial content. */
const CACHEABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);
const ORIGIN_FAILURE_STATUS = new Set([500, 502, 503, 504]);
/** After this many failures in a row the origin is taken as down for a moment: no one waits on it. */
const FAILURES_TO_OPEN = 3;
const OPEN_MS = 2000;
const MAX_REVALIDATIONS = 256;

export interface ProxyOptions {
  origin: URL;
  cache: ResponseCache;
  counters: Counters;
  /** An answer (headers) slower than this counts as a failure: a stale copy or the heavy-load page is served. */
  originTimeoutMs: number;
  maxBodyBytes: number;
  /** Seconds of stale-if-error when the origin says nothing (Deflect-style: keep the site up). */
  defaultStaleIfError: number;
  maxSockets?: number;
  /** With a stale copy at hand, the origin gets this long before the copy is served (0: wait for the timeout). */
  staleAfterMs?: number;
}

export function sendPage(res: ServerResponse, status: number, html: string, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(html);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

function cacheKey(req: IncomingMessage): string {
  const encoding = req.headers['accept-encoding'] ?? '';
  const accepts = encoding.includes('br') ? 'br' : encoding.includes('gzip') ? 'gz' : '';
  return `${accepts}|${req.headers.host ?? ''}|${req.url ?? '/'}`;
}

/**
 * Forwards requests to the origin over kept-alive connections, streaming both bodies, and keeps
 * public GET responses in the cache. A stale copy is served while it is refreshed in the
 * background (stale-while-revalidate) or when the origin fails (stale-if-error); with nothing to
 * serve, the visitor gets the bilingual heavy-load page (503) rather than an error.
 */
export class OriginProxy {
  readonly agent: http.Agent;
  private failuresInARow = 0;
  private openUntil = 0;
  private readonly revalidating = new Set<string>();

  constructor(private readonly options: ProxyOptions) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256, maxFreeSockets: 64, scheduling: 'lifo' });
  }

  private originDown(): boolean {
    return this.openUntil > Date.now();
  }

  private failed(): void {
    this.options.counters.count('origin-error');
    if (++this.failuresInARow >= FAILURES_TO_OPEN) this.openUntil = Date.now() + OPEN_MS;
  }

  handle(req: IncomingMessage, res: ServerResponse, facts: ForwardFacts, lang: Lang): void {
    const { cache, counters } = this.options;
    const method = req.method ?? 'GET';
    const contentLength = Number(req.headers['content-length'] ?? 0);
    if (contentLength > this.options.maxBodyBytes) {
      counters.count('body-too-large');
      sendPage(res, 413, badRequestPage(lang), { connection: 'close' });
      req.resume();
      return;
    }
    const key = (method === 'GET' || method === 'HEAD') && !req.headers.authorization && !req.headers.range ? cacheKey(req) : null;
    const entry = key ? cache.get(key) : undefined;
    let fallback: CachedResponse | undefined;
    if (entry) {
      const freshness = cache.freshness(entry);
      if (freshness === 'fresh') return this.serveCached(req, res, entry, 'HIT');
      if (freshness === 'stale-while-revalidate') {
        this.serveCached(req, res, entry, 'STALE');
        this.revalidate(key as string, req, facts);
        return;
      }
      if (freshness === 'stale-if-error') {
        // the origin is already being asked for this (and is slow): no need to pile on
        if (this.revalidating.has(key as string)) return this.serveCached(req, res, entry, 'STALE');
        fallback = entry;
      }
    }
    if (this.originDown()) {
      if (fallback) return this.serveCached(req, res, fallback, 'STALE');
      counters.count('heavy-load');
      req.resume();
      return sendPage(res, 503, heavyLoadPage(lang), { 'retry-after': '30' });
    }
    if (key) counters.count('cache-miss');
    this.toOrigin(req, res, facts, lang, key, fallback);
  }

  private serveCached(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, label: 'HIT' | 'STALE'): void {
    const { cache, counters } = this.options;
    counters.count(label === 'HIT' ? 'cache-hit' : 'cache-stale');
    req.resume();
    res.writeHead(entry.status, { ...entry.headers, 'content-length': entry.body.length, age: String(cache.age(entry)), 'x-vigie-cache': label });
    res.end(req.method === 'HEAD' ? undefined : entry.body);
  }

  private toOrigin(req: IncomingMessage, res: ServerResponse, facts: ForwardFacts, lang: Lang, key: string | null, fallback: CachedResponse | undefined): void {
    const { origin, counters } = this.options;
    const upstream = http.request({
      host: origin.hostname.replace(/^\[|\]$/g, ''),
      port: origin.port || 80,
      method: req.method,
      path: req.url,
      headers: requestHeadersForOrigin(req.headers, facts),
      agent: this.agent,
    });
    let settled = false;
    let clientGone = false;
    let answeredStale = false;
    const fail = (): void => {
      if (staleTimer) clearTimeout(staleTimer);
      if (answeredStale) this.revalidating.delete(key as string);
      if (settled || clientGone) return;
      settled = true;
      this.failed();
      if (res.headersSent) return void res.destroy();
      if (fallback) return this.serveCached(req, res, fallback, 'STALE');
      counters.count('heavy-load');
      sendPage(res, 503, heavyLoadPage(lang), { 'retry-after': '30' });
    };
    upstream.setTimeout(this.options.originTimeoutMs, () => upstream.destroy(new Error('origin timeout')));
    upstream.on('error', fail);
    // a slow origin: the visitor gets the stale copy now, and the origin's answer refreshes the cache
    const staleAfter = this.options.staleAfterMs ?? 0;
    const staleTimer =
      fallback && key && staleAfter > 0
        ? setTimeout(() => {
            if (settled || clientGone) return;
            settled = answeredStale = true;
            counters.count('origin-slow');
            if (this.revalidating.size < MAX_REVALIDATIONS) this.revalidating.add(key);
            this.serveCached(req, res, fallback, 'STALE');
          }, staleAfter)
        : null;
    res.on('close', () => {
      if (!res.writableFinished) {
        clientGone = true;
        upstream.destroy();
      }
    });
    upstream.on('response', (up) => {
      if (staleTimer) clearTimeout(staleTimer);
      if (answeredStale) return this.keep(key as string, up, () => this.revalidating.delete(key as string));
      try {
        this.relay(req, res, up, key, fallback, fail, () => {
          settled = true;
          upstream.setTimeout(0);
        });
      } catch {
        // an answer Node cannot pass on (a status outside 100-999...): the origin's fault, not a crash
        up.resume();
        this.options.counters.count('internal-error');
        if (!res.headersSent) sendPage(res, 502, badRequestPage(lang));
        else res.destroy();
      }
    });
    this.sendBody(req, res, upstream, lang);
  }

  /** Passes the origin's answer to the client (or the stale copy when the origin failed), keeping a copy when allowed. */
  private relay(req: IncomingMessage, res: ServerResponse, up: IncomingMessage, key: string | null, fallback: CachedResponse | undefined, fail: () => void, settle: () => void): void {
    const status = up.statusCode ?? 502;
    if (fallback && ORIGIN_FAILURE_STATUS.has(status)) {
      up.resume();
      return fail();
    }
    settle();
    this.failuresInARow = 0;
    const headers = responseHeadersForClient(up.headers);
    const policy =
      key && req.method === 'GET' && CACHEABLE_STATUS.has(status) && !String(up.headers.vary ?? '').includes('*')
        ? cachePolicy(up.headers['cache-control'], up.headers['set-cookie'] !== undefined, this.options.defaultStaleIfError)
        : null;
    if (key) headers['x-vigie-cache'] = 'MISS';
    res.writeHead(status, headers);
    this.options.counters.count('proxied');
    let chunks: Buffer[] | null = policy && policy.ttl !== null ? [] : null;
    let size = 0;
    up.on('data', (chunk: Buffer) => {
      if (chunks) {
        size += chunk.length;
        if (size > this.options.cache.maxEntryBytes) chunks = null;
        else chunks.push(chunk);
      }
      if (!res.write(chunk)) {
        up.pause();
        res.once('drain', () => up.resume());
      }
    });
    up.on('end', () => {
      res.end();
      if (chunks && policy && key) {
        delete headers['content-length'];
        delete headers['x-vigie-cache'];
        this.options.cache.set(key, { status, headers, body: Buffer.concat(chunks), policy });
      }
    });
    up.on('close', () => {
      if (!up.complete) res.destroy();
    });
  }

  /** Streams the client's body to the origin, cut off (413) past the size limit. */
  private sendBody(req: IncomingMessage, res: ServerResponse, upstream: http.ClientRequest, lang: Lang): void {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.options.maxBodyBytes) {
        if (upstream.destroyed) return;
        this.options.counters.count('body-too-large');
        upstream.removeAllListeners('error');
        upstream.on('error', () => undefined);
        upstream.destroy();
        sendPage(res, 413, badRequestPage(lang), { connection: 'close' });
        req.resume();
        return;
      }
      if (!upstream.write(chunk)) {
        req.pause();
        upstream.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      if (!upstream.destroyed) upstream.end();
    });
    req.on('error', () => upstream.destroy());
  }

  /** Refreshes a cached response in the background (one refresh per key at a time). */
  private revalidate(key: string, req: IncomingMessage, facts: ForwardFacts): void {
    if (this.revalidating.has(key) || this.revalidating.size >= MAX_REVALIDATIONS) return;
    this.revalidating.add(key);
    const { origin } = this.options;
    const done = () => this.revalidating.delete(key);
    const upstream = http.request({
      host: origin.hostname.replace(/^\[|\]$/g, ''),
      port: origin.port || 80,
      method: 'GET',
      path: req.url,
      headers: requestHeadersForOrigin(req.headers, facts),
      agent: this.agent,
      timeout: this.options.originTimeoutMs,
    });
    upstream.on('timeout', () => upstream.destroy());
    upstream.on('error', () => {
      this.failed();
      done();
    });
    upstream.on('response', (up) => this.keep(key, up, done));
    upstream.end();
  }

  /** Reads an answer no client waits for, and keeps it in the cache when allowed. */
  private keep(key: string, up: IncomingMessage, done: () => void): void {
    const status = up.statusCode ?? 502;
    const policy = CACHEABLE_STATUS.has(status) ? cachePolicy(up.headers['cache-control'], up.headers['set-cookie'] !== undefined, this.options.defaultStaleIfError) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    up.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.options.cache.maxEntryBytes) chunks.push(chunk);
    });
    up.on('end', () => {
      done();
      if (ORIGIN_FAILURE_STATUS.has(status)) return this.failed();
      this.failuresInARow = 0;
      if (!policy || policy.ttl === null || size > this.options.cache.maxEntryBytes) return;
      const headers = responseHeadersForClient(up.headers);
      delete headers['content-length'];
      this.options.cache.set(key, { status, headers, body: Buffer.concat(chunks), policy });
    });
    up.on('error', done);
  }

  close(): void {
    this.agent.destroy();
  }
}
