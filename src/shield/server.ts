import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client } from './client.js';
import { normalizeIp } from '../intel/ip.js';
import { identify, isLoopback } from './client.js';
import { cookieOf, handleShieldRoute, respondToGate, type ShieldCore } from './core.js';
import type { ForwardFacts } from './headers.js';
import { SHIELD_PREFIX } from './pages.js';
import type { OriginProxy } from './proxy.js';
import { passUpgrade, refuseUpgrade } from './websocket.js';

export interface ServerLimits {
  /** Whole request headers must arrive within this (slowloris); 408 after. */
  headersTimeoutMs: number;
  /** The whole request (headers and body) within this. */
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
  /** Open connections at most (each costs memory whatever it sends); more are closed at once. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxHeaderBytes: 16_384, maxConnections: 20_000 };

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Records the request as an event once its answer is done (or abandoned). */
export function recordWhenDone(core: ShieldCore, req: IncomingMessage, res: ServerResponse, client: Client, started: number): void {
  res.once('close', () => {
    core.feed.record({
      time: Date.now(),
      ip: client.ip,
      method: req.method ?? '',
      path: req.url ?? '',
      protocol: `HTTP/${req.httpVersion}`,
      status: res.headersSent ? res.statusCode : 499,
      bytes: Number(res.getHeader('content-length') ?? 0) || 0,
      referer: single(req.headers.referer),
      userAgent: client.userAgent,
      host: single(req.headers.host),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  });
}

function recordUpgrade(core: ShieldCore, req: IncomingMessage, client: Client, status: number, started: number): void {
  core.feed.record({
    time: Date.now(), ip: client.ip, method: req.method ?? 'GET', path: req.url ?? '', protocol: `HTTP/${req.httpVersion}`, status, bytes: 0,
    referer: single(req.headers.referer), userAgent: client.userAgent, host: single(req.headers.host), durationMs: Math.round((performance.now() - started) * 100) / 100,
  });
}

/**
 * The server's answer to what Node's parser refuses before a request exists: headers too large
 * (431), too slow (408), anything malformed (400). Counted; the connection is closed.
 */
export function onClientError(core: ShieldCore) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    let status = '400 Bad Request';
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      status = '431 Request Header Fields Too Large';
      core.counters.count('header-too-large');
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = '408 Request Timeout';
      core.counters.count('header-timeout');
    } else {
      core.counters.count('bad-request');
    }
    if ((socket as Socket).writable && !(socket as Socket).destroyed) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    socket.destroy();
  };
}

export function createHttpServer(limits: ServerLimits, handler: http.RequestListener, onFault: () => void, onDrop: () => void): http.Server {
  // a fault of ours on one request must not take the site down: that request gets a 500
  const guarded: http.RequestListener = (req, res) => {
    try {
      handler(req, res);
    } catch {
      onFault();
      if (!res.headersSent) {
        res.writeHead(500, { 'content-length': 0, connection: 'close' });
        res.end();
      } else {
        res.destroy();
      }
    }
  };
  const server = http.createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // the timeouts above are checked this often (Node's default of 30 s lets slowloris sit)
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    guarded,
  );
  server.maxRequestsPerSocket = 10_000;
  server.maxConnections = limits.maxConnections;
  server.on('drop', () => onDrop());
  return server;
}

/** The reverse proxy's front door: gate, shield pages, then the cache and the origin. */
/** An HTTP server and the WebSocket tunnels it opened (Node's closeAllConnections does not see those). */
export type ProxyServer = http.Server & { tunnels: Set<Duplex> };

export function createProxyServer(core: ShieldCore, proxy: OriginProxy, origin: URL, limits: ServerLimits, trustForwarded: boolean): ProxyServer {
  const tunnels = new Set<Duplex>();
  const trust = trustForwarded ? 'forwarded' : 'none';
  const hold = (send: () => void): void => core.tarpit.hold(send);
  const factsOf = (req: IncomingMessage, client: Client): ForwardFacts => {
    const trusted = trustForwarded && isLoopback(client.peer);
    const proto = trusted && single(req.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
    return { clientIp: client.ip, peer: client.peer, trustedForwardedFor: trusted ? single(req.headers['x-forwarded-for']) || undefined : undefined, proto, host: single(req.headers.host) };
  };
  const server = createHttpServer(limits, (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    core.counters.count('requests');
    const client = identify(req, core.intel, trust);
    recordWhenDone(core, req, res, client, started);
    const shieldPage = (req.url ?? '').startsWith(SHIELD_PREFIX);
    const verdict = core.gate.check(client, cookieOf(req));
    if (verdict.action === 'block' || verdict.action === 'limit') {
      req.resume();
      // a banned client without a proxy in front: its next connection is refused before any request
      if (verdict.action === 'block' && client.ip === client.peer) res.setHeader('connection', 'close');
      return respondToGate(core, res, client, verdict, req.url ?? '/', 200, hold);
    }
    if (verdict.action === 'challenge' && !shieldPage) {
      req.resume();
      return respondToGate(core, res, client, verdict, req.url ?? '/');
    }
    const facts = factsOf(req, client);
    if (shieldPage) {
      void handleShieldRoute(core, req, res, client, facts.proto === 'https').catch(() => res.destroy());
      return;
    }
    proxy.handle(req, res, facts, client.lang, client.obscured);
  }, () => core.counters.count('internal-error'), () => core.counters.count('connection-dropped'));
  server.on('clientError', onClientError(core));
  // a banned address is refused as it connects, before Node reads a byte of HTTP from it (when no
  // trusted proxy stands in front: then the address is only known from each request)
  server.on('connection', (socket: Socket) => {
    const raw = socket.remoteAddress ?? '';
    const peer = normalizeIp(raw) ?? raw;
    if (trustForwarded && isLoopback(peer)) return;
    if (core.gate.banned(peer, core.intel.lookup(peer))) {
      core.counters.count('connection-refused');
      socket.destroy();
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch {
      core.counters.count('internal-error');
      socket.destroy();
    }
  });
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const started = performance.now();
    core.counters.count('requests');
    const client = identify(req, core.intel, trust);
    const verdict = core.gate.check(client, cookieOf(req));
    if (verdict.action !== 'pass') {
      core.counters.count('websocket-refused');
      recordUpgrade(core, req, client, verdict.action === 'limit' ? 429 : 403, started);
      return refuseUpgrade(socket, verdict.action === 'limit' ? 429 : 403, verdict.action === 'limit' ? 'Too Many Requests' : 'Forbidden');
    }
    core.counters.count('websocket');
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
    passUpgrade(req, socket, head, origin, factsOf(req, client), 10_000);
    recordUpgrade(core, req, client, 101, started);
  };
  return Object.assign(server, { tunnels });
}
