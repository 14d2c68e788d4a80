import net from 'node:net';

/**
 * A lean HTTP/1.1 client for the one origin behind the shield, over kept-alive connections.
 * Node's http.request (ClientRequest, Agent, a second IncomingMessage and their streams) cost about
 * 30 µs of CPU per request, a third of the shield's time: this client writes each request head as
 * one string and reads the answer with a small parser, calling the proxy back directly.
 * It speaks what a reverse proxy needs: Content-Length, chunked and close-delimited bodies, interim
 * 1xx answers, HEAD/204/304 without a body, and request bodies streamed as they are or re-chunked.
 */

/** What the proxy hears back of one exchange; nothing is called after onEnd or onError. */
export interface ExchangeHandlers {
  /** The final answer (1xx interim answers are skipped): status and header name/value pairs. */
  onResponse(status: number, rawHeaders: string[]): void;
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(error: Error): void;
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4096;
/** Idle connections are closed before the origin's own keep-alive timeout (Node's is 5 s) can race a new request. */
const IDLE_MS = 4000;
const MAX_BUFFERED_BODY = 64 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

const enum Mode {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilClose,
}

interface Head {
  status: number;
  pairs: string[];
  keepAlive: boolean;
  contentLength: number | null;
  /** Transfer-Encoding given: chunked when its last coding is chunked, else the body runs to the close. */
  transfer: 'chunked' | 'other' | null;
}

/** Parses a response head (without its blank line); an Error for anything a proxy must not pass on. */
function parseHead(text: string): Head | Error {
  const lines = text.split('\r\n');
  const statusLine = lines[0] as string;
  const match = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(statusLine);
  if (!match) return new Error('origin: malformed status line');
  const status = Number(match[2]);
  let keepAlive = match[1] === '1';
  let contentLength: number | null = null;
  let transfer: Head['transfer'] = null;
  const pairs: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    const colon = line.indexOf(':');
    if (colon <= 0) return new Error('origin: malformed header line');
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return new Error('origin: malformed header name');
    const value = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (contentLength !== null && contentLength !== Number(value))) return new Error('origin: bad content-length');
      contentLength = Number(value);
    } else if (lower === 'transfer-encoding') {
      transfer = /(?:^|,)\s*chunked\s*$/i.test(value) ? 'chunked' : 'other';
    } else if (lower === 'connection') {
      const tokens = value.toLowerCase();
      if (/(?:^|,)\s*close\s*(?:,|$)/.test(tokens)) keepAlive = false;
      else if (match[1] === '0' && /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(tokens)) keepAlive = true;
    }
    pairs.push(name, value);
  }
  return { status, pairs, keepAlive, contentLength, transfer };
}

/** One request to the origin and its answer. */
export class Exchange {
  conn: OriginConnection | null = null;
  done = false;
  /** The whole request (head and body) was written: the connection may carry another after the answer. */
  requestEnded = false;
  /** Retried once on a new connection when a kept-alive one closed before any answer. */
  retried = false;
  onDrain: (() => void) | null = null;
  /** Called once when the exchange is over, however it ended (the pool's count of low-priority requests). */
  whenDone: (() => void) | null = null;
  private buffered: Buffer[] | null = null;
  private bufferedBytes = 0;
  private ended = false;

  constructor(
    private readonly pool: OriginPool,
    readonly method: string,
    readonly head: string,
    readonly chunked: boolean,
    readonly hasBody: boolean,
    readonly handlers: ExchangeHandlers,
  ) {
    if (!hasBody) this.ended = true;
  }

  /** Marks the exchange over; false when it already was. */
  markDone(): boolean {
    if (this.done) return false;
    this.done = true;
    const whenDone = this.whenDone;
    this.whenDone = null;
    whenDone?.();
    return true;
  }

  /** Streams a piece of the request body; false when the caller should wait for onDrain. */
  write(chunk: Buffer): boolean {
    if (this.done || this.ended || chunk.length === 0) return true;
    const parts = this.chunked ? [Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, CRLF] : [chunk];
    if (!this.conn) {
      (this.buffered ??= []).push(...parts);
      this.bufferedBytes += chunk.length;
      return this.bufferedBytes < MAX_BUFFERED_BODY;
    }
    let ok = true;
    for (const part of parts) ok = this.conn.socket.write(part) && ok;
    return ok;
  }

  end(): void {
    if (this.done || this.ended) return;
    this.ended = true;
    if (this.conn) this.finishRequest();
  }

  /** Called by the pool once a connection is ours: the head, then what the body already gave. */
  start(conn: OriginConnection): void {
    this.conn = conn;
    if (!this.hasBody) {
      conn.socket.write(this.head, 'latin1');
      this.requestEnded = true;
      return;
    }
    conn.socket.cork();
    conn.socket.write(this.head, 'latin1');
    for (const part of this.buffered ?? []) conn.socket.write(part);
    const waited = this.bufferedBytes >= MAX_BUFFERED_BODY;
    this.buffered = null;
    this.bufferedBytes = 0;
    if (this.ended) this.finishRequest();
    conn.socket.uncork();
    if (waited) this.onDrain?.();
  }

  private finishRequest(): void {
    if (this.chunked) this.conn?.socket.write(LAST_CHUNK);
    this.requestEnded = true;
  }

  pause(): void {
    this.conn?.socket.pause();
  }

  resume(): void {
    this.conn?.socket.resume();
  }

  /** Abandons the exchange (its connection is closed); with an error, onError hears of it. */
  destroy(error?: Error): void {
    if (!this.markDone()) return;
    const conn = this.conn;
    this.conn = null;
    if (conn) {
      conn.exchange = null;
      conn.socket.destroy();
    } else {
      this.pool.unqueue(this);
    }
    if (error) this.handlers.onError(error);
  }
}

/** One kept-alive connection to the origin and the parser of its answers. */
export class OriginConnection {
  readonly socket: net.Socket;
  exchange: Exchange | null = null;
  idleSince = 0;
  /** It carried an answer before: a close before the next answer may be the origin's idle timeout. */
  reused = false;
  private mode = Mode.Head;
  private pending: Buffer | null = null;
  private remaining = 0;
  private keepAlive = false;
  private answered = false;
  private gotBytes = false;
  private failure: Error | null = null;

  constructor(private readonly pool: OriginPool) {
    this.socket = net.connect({ host: pool.host, port: pool.port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (data: Buffer) => this.read(data));
    this.socket.on('error', (error: Error) => (this.failure = error));
    this.socket.on('close', () => this.closed());
    this.socket.on('drain', () => this.exchange?.onDrain?.());
  }

  assign(exchange: Exchange): void {
    // the last answer's reader may have paused it for a slow client, and never resumed it
    if (this.socket.isPaused()) this.socket.resume();
    this.exchange = exchange;
    this.mode = Mode.Head;
    this.pending = null;
    this.answered = false;
    this.gotBytes = false;
    exchange.start(this);
  }

  private read(data: Buffer): void {
    const exchange = this.exchange;
    if (!exchange) {
      // bytes nobody asked for: the origin does not follow the protocol, the connection is not reused
      this.socket.destroy();
      return;
    }
    this.gotBytes = true;
    let rest: Buffer = data;
    while (rest.length > 0) {
      if (this.exchange !== exchange) {
        // an answer ended and more bytes followed it
        this.socket.destroy();
        return;
      }
      switch (this.mode) {
        case Mode.Head: {
          const all = this.pending ? Buffer.concat([this.pending, rest]) : rest;
          const end = all.indexOf('\r\n\r\n');
          if (end < 0) {
            if (all.length > MAX_HEAD_BYTES) return this.fail(new Error('origin: response head too large'));
            this.pending = all;
            return;
          }
          this.pending = null;
          if (end > MAX_HEAD_BYTES) return this.fail(new Error('origin: response head too large'));
          rest = all.subarray(end + 4);
          const head = parseHead(all.toString('latin1', 0, end));
          if (head instanceof Error) return this.fail(head);
          // below 100 is no interim answer: it goes to the proxy, which refuses to pass it on (502)
          if (head.status >= 100 && head.status < 200) {
            if (head.status === 101) return this.fail(new Error('origin: unexpected protocol switch'));
            continue;
          }
          this.answered = true;
          this.keepAlive = head.keepAlive;
          const bodiless = exchange.method === 'HEAD' || head.status === 204 || head.status === 304;
          if (bodiless) this.remaining = 0;
          else if (head.transfer === 'chunked') this.mode = Mode.ChunkSize;
          else if (head.transfer === 'other' || head.contentLength === null) {
            this.mode = Mode.UntilClose;
            this.keepAlive = false;
          } else {
            this.mode = Mode.Length;
            this.remaining = head.contentLength;
          }
          exchange.handlers.onResponse(head.status, head.pairs);
          if (this.exchange !== exchange) return;
          if (bodiless || (this.mode === Mode.Length && this.remaining === 0)) this.finish(rest.length > 0);
          break;
        }
        case Mode.Length:
        case Mode.ChunkData: {
          const take = Math.min(rest.length, this.remaining);
          const part = take === rest.length ? rest : rest.subarray(0, take);
          rest = rest.subarray(take);
          this.remaining -= take;
          exchange.handlers.onData(part);
          if (this.exchange !== exchange || this.remaining > 0) break;
          if (this.mode === Mode.Length) this.finish(rest.length > 0);
          else {
            this.mode = Mode.ChunkEnd;
            this.remaining = 2;
          }
          break;
        }
        case Mode.ChunkEnd: {
          // the CRLF after a chunk's data, possibly split across reads
          const take = Math.min(rest.length, this.remaining);
          for (let i = 0; i < take; i++) {
            if (rest[i] !== (this.remaining - i === 2 ? 13 : 10)) return this.fail(new Error('origin: malformed chunk'));
          }
          this.remaining -= take;
          rest = rest.subarray(take);
          if (this.remaining === 0) this.mode = Mode.ChunkSize;
          break;
        }
        case Mode.ChunkSize:
        case Mode.Trailers: {
          const line = this.line(rest);
          if (line === null) return;
          if (line instanceof Error) return this.fail(line);
          rest = line.rest;
          if (this.mode === Mode.Trailers) {
            if (line.text === '') this.finish(rest.length > 0);
            break;
          }
          const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line.text);
          if (!size) return this.fail(new Error('origin: malformed chunk size'));
          this.remaining = parseInt(size[1] as string, 16);
          this.mode = this.remaining === 0 ? Mode.Trailers : Mode.ChunkData;
          break;
        }
        case Mode.UntilClose:
          exchange.handlers.onData(rest);
          rest = rest.subarray(rest.length);
          break;
      }
    }
  }

  /** One CRLF-ended line (chunk size or trailer), kept across reads; null while incomplete. */
  private line(data: Buffer): { text: string; rest: Buffer } | Error | null {
    const all = this.pending ? Buffer.concat([this.pending, data]) : data;
    const end = all.indexOf('\r\n');
    if (end < 0) {
      if (all.length > MAX_LINE_BYTES) return new Error('origin: chunk line too long');
      this.pending = all;
      return null;
    }
    this.pending = null;
    return { text: all.toString('latin1', 0, end), rest: all.subarray(end + 2) };
  }

  /** The answer is complete: the connection goes back to the pool when both sides allow it. */
  private finish(trailingBytes: boolean): void {
    const exchange = this.exchange as Exchange;
    this.exchange = null;
    exchange.conn = null;
    if (this.keepAlive && exchange.requestEnded && !trailingBytes) {
      this.reused = true;
      this.pool.release(this);
    } else {
      this.socket.destroy();
    }
    // after the release: a low-priority request let in now finds this connection idle
    exchange.markDone();
    exchange.handlers.onEnd();
  }

  private fail(error: Error): void {
    const exchange = this.exchange;
    this.exchange = null;
    this.socket.destroy();
    if (exchange && exchange.markDone()) {
      exchange.conn = null;
      exchange.handlers.onError(error);
    }
  }

  private closed(): void {
    this.pool.forget(this);
    const exchange = this.exchange;
    this.exchange = null;
    if (!exchange || exchange.done) return;
    exchange.conn = null;
    if (this.mode === Mode.UntilClose && !this.failure) {
      exchange.markDone();
      exchange.handlers.onEnd();
      return;
    }
    // a kept-alive connection the origin closed as we sent on it: the request never arrived
    if (this.reused && !this.gotBytes && !this.answered && !exchange.hasBody && !exchange.retried) {
      exchange.retried = true;
      this.pool.dispatch(exchange, true);
      return;
    }
    exchange.markDone();
    exchange.handlers.onError(this.failure ?? new Error('origin closed the connection'));
  }
}

/**
 * The connections to the origin: at most `maxSockets`, the most recently used first (lifo).
 * Requests marked low (from hosting, Tor and VPN networks, where floods are rented) have at most
 * `maxLow` at the origin at once; more wait their turn: a burst of them that the rate limits let
 * through reaches the origin a few at a time, and requests from access networks pass meanwhile.
 */
export class OriginPool {
  private readonly idle: OriginConnection[] = [];
  private readonly waiting: Exchange[] = [];
  private readonly lowWaiting: Exchange[] = [];
  private lowActive = 0;
  private readonly all = new Set<OriginConnection>();
  private open = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly maxSockets = 256,
    private readonly maxIdle = 64,
    private readonly maxLow = 16,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.sweeper.unref();
  }

  /**
   * Sends a request. `headers` are name/value pairs written as they are (they come from Node's own
   * parser, or from the shield). A body is streamed with write() then end(): as it is when its
   * length is known, else chunked.
   */
  request(method: string, path: string, headers: readonly string[], body: 'none' | 'length' | 'chunked', handlers: ExchangeHandlers, low = false): Exchange {
    let head = `${method} ${path} HTTP/1.1\r\n`;
    for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    if (body === 'chunked') head += 'transfer-encoding: chunked\r\n';
    const exchange = new Exchange(this, method, `${head}\r\n`, body === 'chunked', body !== 'none', handlers);
    if (!low) this.dispatch(exchange, false);
    else if (this.lowActive < this.maxLow) this.admitLow(exchange);
    else this.lowWaiting.push(exchange);
    return exchange;
  }

  private admitLow(exchange: Exchange): void {
    this.lowActive++;
    exchange.whenDone = () => {
      this.lowActive--;
      const next = this.lowWaiting.shift();
      if (next) this.admitLow(next);
    };
    this.dispatch(exchange, false);
  }

  dispatch(exchange: Exchange, fresh: boolean): void {
    if (!fresh) {
      const now = Date.now();
      for (let conn = this.idle.pop(); conn; conn = this.idle.pop()) {
        if (now - conn.idleSince < IDLE_MS && !conn.socket.destroyed) return conn.assign(exchange);
        conn.socket.destroy();
      }
    }
    if (this.open >= this.maxSockets) {
      this.waiting.push(exchange);
      return;
    }
    this.open++;
    const conn = new OriginConnection(this);
    this.all.add(conn);
    conn.assign(exchange);
  }

  release(conn: OriginConnection): void {
    const next = this.waiting.shift();
    if (next) return conn.assign(next);
    if (this.idle.length >= this.maxIdle) {
      conn.socket.destroy();
      return;
    }
    conn.idleSince = Date.now();
    this.idle.push(conn);
  }

  /** A connection closed: it leaves the pool, and a waiting request may open another. */
  forget(conn: OriginConnection): void {
    this.open--;
    this.all.delete(conn);
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    const next = this.waiting.shift();
    if (next) this.dispatch(next, true);
  }

  unqueue(exchange: Exchange): void {
    const at = this.waiting.indexOf(exchange);
    if (at >= 0) this.waiting.splice(at, 1);
    const low = this.lowWaiting.indexOf(exchange);
    if (low >= 0) this.lowWaiting.splice(low, 1);
  }

  private sweep(): void {
    const now = Date.now();
    // the oldest idle connections are at the bottom of the stack
    while (this.idle.length > 0 && now - (this.idle[0] as OriginConnection).idleSince >= IDLE_MS) (this.idle.shift() as OriginConnection).socket.destroy();
  }

  get size(): { open: number; idle: number; waiting: number; lowActive: number; lowWaiting: number } {
    return { open: this.open, idle: this.idle.length, waiting: this.waiting.length, lowActive: this.lowActive, lowWaiting: this.lowWaiting.length };
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const exchange of [...this.lowWaiting.splice(0), ...this.waiting.splice(0)]) exchange.destroy(new Error('shield stopping'));
    this.idle.length = 0;
    for (const conn of this.all) conn.socket.destroy();
  }
}
