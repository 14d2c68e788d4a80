import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Lang } from '../i18n/index.js';
import { cachePolicy } from './cache-control.js';
import type { CachedResponse, ResponseCache } from './cache.js';
import { headerObject, requestHeadersForOrigin, responseHeadersForClient, type ForwardFacts } from './headers.js';
import type { Counters } from './metrics.js';
import { badRequestPage, heavyLoadPage } from './pages.js';
import { OriginPool, type Exchange } from './upstream.js';

/** Statuses a shared cache may store by default (RFC 9110 §15.1), minus partial content. */
const CACHEABLE_STATUS = new Set([200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501]);
const ORIGIN_FAILURE_STATUS = new Set([500, 502, 503, 504]);
/** After this many failures in a row the origin is taken as down for a moment: no one waits on it. */
const FAILURES_TO_OPEN = 3;
const OPEN_MS = 2000;
const MAX_REVALIDATIONS = 256;
/** Not kept with a cached copy: Node frames the body, and the copy says where it came from itself. */
const NOT_CACHED = new Set(['content-length', 'x-vigie-cache']);

type BodyKind = 'none' | 'length' | 'chunked';

/** How a request's body is framed (without either header it has none: RFC 9112 §6.3; chunked wins over a length). */
function bodyKind(req: IncomingMessage): BodyKind {
  if (req.headers['transfer-encoding'] !== undefined) return 'chunked';
  return req.headers['content-length'] !== undefined ? 'length' : 'none';
}

function withoutField(pairs: string[], lower: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i < pairs.length; i += 2) if ((pairs[i] as string).toLowerCase() !== lower) kept.push(pairs[i] as string, pairs[i + 1] as string);
  return kept;
}

/** Where the body of an origin's answer goes (to the client, to the cache, or nowhere). */
interface BodySink {
  data(chunk: Buffer): void;
  end(): void;
  error(): void;
}

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
  if (res.destroyed) return;
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
  readonly pool: OriginPool;
  private failuresInARow = 0;
  private openUntil = 0;
  private readonly revalidating = new Set<string>();

  constructor(private readonly options: ProxyOptions) {
    this.pool = new OriginPool(options.origin.hostname.replace(/^\[|\]$/g, ''), Number(options.origin.port || 80), options.maxSockets ?? 256, 64);
  }

  /** The client's headers for the origin; the body's framing is the pool's to write (chunked: no length). */
  private headersFor(req: IncomingMessage, facts: ForwardFacts, body: BodyKind): string[] {
    let headers = requestHeadersForOrigin(req.rawHeaders, facts);
    if (body !== 'length' && req.headers['content-length'] !== undefined) headers = withoutField(headers, 'content-length');
    if (req.headers.host === undefined) headers.push('host', this.options.origin.host);
    return headers;
  }

  private originDown(): boolean {
    return this.openUntil > Date.now();
  }

  private failed(): void {
    this.options.counters.count('origin-error');
    if (++this.failuresInARow >= FAILURES_TO_OPEN) this.openUntil = Date.now() + OPEN_MS;
  }

  /** `low`: the client's requests queue behind others for the origin (see OriginPool). */
  handle(req: IncomingMessage, res: ServerResponse, facts: ForwardFacts, lang: Lang, low = false): void {
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
    this.toOrigin(req, res, facts, lang, key, fallback, low);
  }

  private serveCached(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, label: 'HIT' | 'STALE'): void {
    const { cache, counters } = this.options;
    counters.count(label === 'HIT' ? 'cache-hit' : 'cache-stale');
    req.resume();
    res.writeHead(entry.status, { ...entry.headers, 'content-length': entry.body.length, age: String(cache.age(entry)), 'x-vigie-cache': label });
    res.end(req.method === 'HEAD' ? undefined : entry.body);
  }

  private toOrigin(req: IncomingMessage, res: ServerResponse, facts: ForwardFacts, lang: Lang, key: string | null, fallback: CachedResponse | undefined, low: boolean): void {
    const { counters } = this.options;
    let settled = false;
    let clientGone = false;
    let answeredStale = false;
    let body: BodySink | null = null;
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
    const kind = bodyKind(req);
    const exchange = this.pool.request(req.method ?? 'GET', req.url ?? '/', this.headersFor(req, facts, kind), kind, {
      onResponse: (status, raw) => {
        clearTimeout(timeout);
        if (staleTimer) clearTimeout(staleTimer);
        if (answeredStale) {
          body = this.keeper(key as string, status, raw, () => this.revalidating.delete(key as string));
          return;
        }
        try {
          body = this.relay(req, res, exchange, status, raw, key, fallback, fail, () => (settled = true));
        } catch {
          // an answer Node cannot pass on (a header it refuses...): the origin's fault, not a crash
          exchange.destroy();
          counters.count('internal-error');
          if (!res.headersSent) sendPage(res, 502, badRequestPage(lang));
          else res.destroy();
        }
      },
      onData: (chunk) => body?.data(chunk),
      onEnd: () => body?.end(),
      onError: () => {
        clearTimeout(timeout);
        if (body) body.error();
        else fail();
      },
    }, low);
    const timeout = setTimeout(() => exchange.destroy(new Error('origin timeout')), this.options.originTimeoutMs);
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
      if (res.writableFinished) return;
      clientGone = true;
      clearTimeout(timeout);
      if (staleTimer) clearTimeout(staleTimer);
      exchange.destroy();
    });
    if (kind !== 'none') this.sendBody(req, res, exchange, lang);
  }

  /** Passes the origin's answer to the client (or the stale copy when the origin failed), keeping a copy when allowed. */
  private relay(
    req: IncomingMessage,
    res: ServerResponse,
    exchange: Exchange,
    status: number,
    raw: string[],
    key: string | null,
    fallback: CachedResponse | undefined,
    fail: () => void,
    settle: () => void,
  ): BodySink | null {
    // the body of a failed answer is read and dropped: the connection stays usable
    if (fallback && ORIGIN_FAILURE_STATUS.has(status)) {
      fail();
      return null;
    }
    settle();
    this.failuresInARow = 0;
    const answer = responseHeadersForClient(raw);
    const headers = answer.headers;
    const policy =
      key && req.method === 'GET' && CACHEABLE_STATUS.has(status) && !answer.varyAll
        ? cachePolicy(answer.cacheControl, answer.setsCookie, this.options.defaultStaleIfError)
        : null;
    if (key) headers.push('x-vigie-cache', 'MISS');
    res.writeHead(status, headers);
    this.options.counters.count('proxied');
    let chunks: Buffer[] | null = policy && policy.ttl !== null ? [] : null;
    let size = 0;
    return {
      data: (chunk) => {
        if (chunks) {
          size += chunk.length;
          if (size > this.options.cache.maxEntryBytes) chunks = null;
          else chunks.push(chunk);
        }
        if (!res.write(chunk)) {
          exchange.pause();
          res.once('drain', () => exchange.resume());
        }
      },
      end: () => {
        res.end();
        if (chunks && policy && key) this.options.cache.set(key, { status, headers: headerObject(headers, NOT_CACHED), body: Buffer.concat(chunks), policy });
      },
      error: () => res.destroy(),
    };
  }

  /** Streams the client's body to the origin, cut off (413) past the size limit. */
  private sendBody(req: IncomingMessage, res: ServerResponse, exchange: Exchange, lang: Lang): void {
    let size = 0;
    exchange.onDrain = () => req.resume();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.options.maxBodyBytes) {
        if (exchange.done) return;
        this.options.counters.count('body-too-large');
        exchange.destroy();
        sendPage(res, 413, badRequestPage(lang), { connection: 'close' });
        req.resume();
        return;
      }
      if (!exchange.write(chunk)) req.pause();
    });
    req.on('end', () => exchange.end());
    req.on('error', () => exchange.destroy());
  }

  /** Refreshes a cached response in the background (one refresh per key at a time). */
  private revalidate(key: string, req: IncomingMessage, facts: ForwardFacts): void {
    if (this.revalidating.has(key) || this.revalidating.size >= MAX_REVALIDATIONS) return;
    this.revalidating.add(key);
    const done = () => this.revalidating.delete(key);
    let body: BodySink | null = null;
    const exchange = this.pool.request('GET', req.url ?? '/', this.headersFor(req, facts, 'none'), 'none', {
      onResponse: (status, raw) => {
        clearTimeout(timeout);
        body = this.keeper(key, status, raw, done);
      },
      onData: (chunk) => body?.data(chunk),
      onEnd: () => body?.end(),
      onError: () => {
        clearTimeout(timeout);
        if (!body) this.failed();
        done();
      },
    });
    const timeout = setTimeout(() => exchange.destroy(new Error('origin timeout')), this.options.originTimeoutMs);
  }

  /** Reads an answer no client waits for, and keeps it in the cache when allowed. */
  private keeper(key: string, status: number, raw: string[], done: () => void): BodySink {
    const answer = responseHeadersForClient(raw);
    const policy = CACHEABLE_STATUS.has(status) && !answer.varyAll ? cachePolicy(answer.cacheControl, answer.setsCookie, this.options.defaultStaleIfError) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    return {
      data: (chunk) => {
        size += chunk.length;
        if (size <= this.options.cache.maxEntryBytes) chunks.push(chunk);
      },
      end: () => {
        done();
        if (ORIGIN_FAILURE_STATUS.has(status)) return this.failed();
        this.failuresInARow = 0;
        if (!policy || policy.ttl === null || size > this.options.cache.maxEntryBytes) return;
        this.options.cache.set(key, { status, headers: headerObject(answer.headers, NOT_CACHED), body: Buffer.concat(chunks), policy });
      },
      error: done,
    };
  }

  close(): void {
    this.pool.close();
  }
}
