import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Lang } from '../../../i18n/index.js';
import { MAX_LINE_CHARS } from '../files.js';
import { liveTranslator, type LiveMessageKey } from './messages.js';
import { ignoreNotices, notice, type LiveLine, type LiveSink, type LiveSource, type NoticeHandler, type SourceHealth } from './source.js';

export interface HttpIngestOptions {
  name: string;
  /** Accepted bearer tokens: one per shipper, so one can be revoked alone. Empty refuses everyone. */
  tokens: readonly string[];
  /** Larger bodies get 413 (default 5 MiB). */
  bodyLimit?: number;
  /** Route path (default /api/ingest). */
  path?: string;
  onNotice?: NoticeHandler;
}

/** What a client reads when its request is refused; `message` in the language it asked for. */
export interface IngestError {
  error: LiveMessageKey;
  message: string;
  line?: number;
}

const NOTICE_PERIOD_MS = 1000;

/**
 * `POST /api/ingest` for shippers that push. The body is either a JSON array, or JSON lines (one
 * value per line); each value is a log line as a string, or an object, passed on as its JSON text
 * for the `json` log format. `Authorization: Bearer <token>` is checked before the body is read.
 *
 * A request is all or nothing: one bad item refuses the whole body (400 naming the line), and a
 * body is handed to the sink as one batch, so a shipper that retries after an error never causes
 * a line to be counted twice by Vigie (it may still retry a request whose 202 it did not receive).
 *
 * Use: `app.register(ingest.plugin)` in the server, and `ingest.start(sink)` in the pipeline;
 * until started, requests get 503.
 */
export class HttpIngest implements LiveSource {
  readonly name: string;
  private readonly tokenDigests: Buffer[];
  private readonly bodyLimit: number;
  private readonly onNotice: NoticeHandler;
  private sink: LiveSink | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private lastNoticeAt = 0;
  private stats = { lines: 0, errors: 0, dropped: 0, rejected: 0, lastLineAt: null as number | null, lastError: null as string | null };

  constructor(private readonly options: HttpIngestOptions) {
    this.name = options.name;
    this.tokenDigests = options.tokens.filter((t) => t.length > 0).map(digest);
    this.bodyLimit = options.bodyLimit ?? 5 * 1024 * 1024;
    this.onNotice = options.onNotice ?? ignoreNotices;
  }

  async start(sink: LiveSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = null;
    await this.chain;
  }

  health(): SourceHealth {
    return {
      source: this.name,
      running: this.sink !== null,
      lines: this.stats.lines,
      errors: this.stats.errors,
      dropped: this.stats.dropped,
      details: { rejected: String(this.stats.rejected) },
      lastLineAt: this.stats.lastLineAt,
      lastError: this.stats.lastError,
    };
  }

  /** A Fastify plugin; encapsulated, so its body parsing does not change the rest of the server. */
  readonly plugin = async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: this.bodyLimit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
      if (error.statusCode === 413) return this.refuse(request, reply, 413, 'ingest.too-large', { limit: this.bodyLimit });
      this.stats.errors++;
      this.stats.lastError = error.message;
      return reply.code(error.statusCode ?? 500).send({ error: error.code ?? 'error', message: error.message });
    });
    app.addHook('onRequest', async (request, reply) => {
      if (!this.authorized(request.headers.authorization)) {
        reply.header('www-authenticate', 'Bearer');
        return this.refuse(request, reply, 401, 'ingest.unauthorized', {});
      }
    });
    app.post(this.options.path ?? '/api/ingest', { bodyLimit: this.bodyLimit }, (request, reply) => this.ingest(request, reply));
  };

  private authorized(header: string | undefined): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) return false;
    const offered = digest(match[1]!);
    // Compare against every token, without stopping early: the time says nothing about which matched.
    let ok = false;
    for (const token of this.tokenDigests) ok = timingSafeEqual(offered, token) || ok;
    return ok;
  }

  private async ingest(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const body = typeof request.body === 'string' ? request.body : '';
    const parsed = parseIngestBody(body);
    if (!parsed.ok) return this.refuse(request, reply, 400, parsed.key, parsed.line === undefined ? {} : { line: parsed.line }, parsed.line);
    const sink = this.sink;
    if (!sink) return this.refuse(request, reply, 503, 'ingest.unavailable', {});
    const now = Date.now();
    const peer = request.ip;
    const lines: LiveLine[] = parsed.texts.map((text) => ({
      source: this.name,
      line: ++this.seq,
      text: text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS + 1) : text,
      receivedAt: now,
      peer,
    }));
    // One sink call at a time across concurrent requests, as every live source promises.
    const delivery = this.chain.then(() => sink({ source: this.name, lines }));
    this.chain = delivery.catch(() => {});
    try {
      await delivery;
    } catch (error) {
      this.stats.dropped += lines.length;
      this.stats.errors++;
      this.stats.lastError = error instanceof Error ? error.message : String(error);
      this.onNotice(notice(this.name, 'sink-failed', 'sink.failed', { source: this.name, lines: lines.length, reason: this.stats.lastError }, 'error'));
      return this.refuse(request, reply, 503, 'ingest.unavailable', {});
    }
    this.stats.lines += lines.length;
    this.stats.lastLineAt = Date.now();
    return reply.code(202).send({ accepted: lines.length, message: liveTranslator(langOf(request))('ingest.accepted', { count: lines.length }) });
  }

  private refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: LiveMessageKey,
    vars: Record<string, string | number>,
    line?: number,
  ): FastifyReply {
    this.stats.rejected++;
    this.stats.errors++;
    this.stats.lastError = `${status} ${key}`;
    const now = Date.now();
    if (status !== 503 && now - this.lastNoticeAt >= NOTICE_PERIOD_MS) {
      this.lastNoticeAt = now;
      const reason = `${status} ${liveTranslator('en')(key, vars)}`;
      this.onNotice(notice(this.name, 'rejected', 'ingest.rejected', { source: this.name, peer: request.ip, reason }, 'warning'));
    }
    const body: IngestError = { error: key, message: liveTranslator(langOf(request))(key, vars) };
    if (line !== undefined) body.line = line;
    return reply.code(status).send(body);
  }
}

export type IngestParse = { ok: true; texts: string[] } | { ok: false; key: LiveMessageKey; line?: number };

/** A JSON array, or JSON lines; items are strings or objects. `line` is 1-based (array: item number). */
export function parseIngestBody(body: string): IngestParse {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('[')) {
    let items: unknown;
    try {
      items = JSON.parse(body);
    } catch (error) {
      return { ok: false, key: 'ingest.bad-json', line: errorLine(body, error) };
    }
    if (!Array.isArray(items)) return { ok: false, key: 'ingest.bad-json', line: 1 };
    const texts: string[] = [];
    for (let i = 0; i < items.length; i++) {
      const text = itemText(items[i]);
      if (text === null) return { ok: false, key: 'ingest.bad-item', line: i + 1 };
      texts.push(text);
    }
    return texts.length > 0 ? { ok: true, texts } : { ok: false, key: 'ingest.empty' };
  }
  const texts: string[] = [];
  const rows = body.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.trim();
    if (row === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(row);
    } catch {
      return { ok: false, key: 'ingest.bad-json', line: i + 1 };
    }
    const text = itemText(value);
    if (text === null) return { ok: false, key: 'ingest.bad-item', line: i + 1 };
    texts.push(text);
  }
  return texts.length > 0 ? { ok: true, texts } : { ok: false, key: 'ingest.empty' };
}

function itemText(item: unknown): string | null {
  if (typeof item === 'string') return item;
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) return JSON.stringify(item);
  return null;
}

/** The line of a JSON.parse error, from the position V8 puts in its message; 1 when unknown. */
function errorLine(body: string, error: unknown): number {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!position) return 1;
  return body.slice(0, Number(position[1])).split('\n').length;
}

function langOf(request: FastifyRequest): Lang {
  return /^\s*fr\b/i.test(request.headers['accept-language'] ?? '') ? 'fr' : 'en';
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
