import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Intel } from '../intel/intel.js';
import type { Challenge } from './challenge/challenge.js';
import { isLoopback, type Client } from './client.js';
import { COOKIE_NAME, readCookie, type PassCookie } from './cookie.js';
import type { EventFeed } from './events.js';
import type { Gate } from './gate.js';
import type { RateKind } from './rate-limit.js';
import type { Counters } from './metrics.js';
import { blockedPage, challengePage, limitedPage, safeBack, SHIELD_PREFIX, waitPage } from './pages.js';
import { sendPage } from './proxy.js';
import type { Tarpit } from './tarpit.js';
import type { UnderAttack } from './under-attack.js';

const MAX_FORM_BYTES = 4096;

/** What a visitor is shown instead of the page asked for. */
export type Refusal = { action: 'block' } | { action: 'limit'; kind: RateKind; retryAfter: number } | { action: 'challenge'; risk: number };

/** The parts both front doors (the proxy, and nginx's auth endpoint) share. */
export interface ShieldCore {
  intel: Intel;
  gate: Gate;
  cookie: PassCookie;
  pow: Challenge;
  wait: Challenge;
  counters: Counters;
  underAttack: UnderAttack;
  feed: EventFeed;
  /** Where blocks and rate-limit refusals of the proxy wait before they are sent. */
  tarpit: Tarpit;
  passTtlMs: number;
  /** Passes earned by waiting (no script) last less: a bot would rather wait than compute. */
  waitPassTtlMs: number;
  /** Gauges for the metrics page. */
  gauges(): Record<string, number>;
}

export function cookieOf(req: IncomingMessage): string | undefined {
  return readCookie(req.headers.cookie, COOKIE_NAME);
}

/**
 * The page for a request the gate did not let through. Refusals are counted at once; `hold`
 * decides when a block or limit page is sent (the proxy's tarpit).
 */
export function respondToGate(core: ShieldCore, res: ServerResponse, client: Client, verdict: Refusal, back: string, challengeStatus = 200, hold?: (send: () => void) => void): void {
  switch (verdict.action) {
    case 'block': {
      core.counters.count('blocked');
      const send = () => sendPage(res, 403, blockedPage(client.lang));
      return hold ? hold(send) : send();
    }
    case 'limit': {
      core.counters.count(`rate-limited-${verdict.kind}`);
      const send = () => sendPage(res, 429, limitedPage(client.lang, verdict.retryAfter), { 'retry-after': String(verdict.retryAfter) });
      return hold ? hold(send) : send();
    }
    case 'challenge': {
      core.counters.count('challenged');
      const html = challengePage(client.lang, core.pow.issue(client.binding, verdict.risk), core.wait.issue(client.binding, verdict.risk), back);
      // 200: the page is the answer a person should see (a failed answer gets 403); never cached
      return sendPage(res, challengeStatus, html);
    }
  }
}

function readForm(req: IncomingMessage): Promise<Record<string, string> | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_FORM_BYTES ? null : Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('latin1')))));
    req.on('error', () => resolve(null));
  });
}

function passCookieHeader(core: ShieldCore, client: Client, ttlMs: number, secure: boolean): string {
  const pass = core.cookie.issue(client.binding, ttlMs);
  return `${COOKIE_NAME}=${pass.value}; Path=/; Max-Age=${pass.maxAgeSeconds}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * The shield's own pages under /.vigie/: answers to challenges (proof of work posted by the page,
 * or the no-script wait), health, and metrics (loopback only).
 */
export async function handleShieldRoute(core: ShieldCore, req: IncomingMessage, res: ServerResponse, client: Client, secure: boolean): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://shield.invalid');
  const route = url.pathname.slice(SHIELD_PREFIX.length);
  const { counters } = core;
  if (route === 'health') {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    return void res.end('ok\n');
  }
  // the client as resolved, not only the peer: behind nginx or a local proxy the peer is always loopback
  if (route === 'metrics' && isLoopback(client.peer) && isLoopback(client.ip)) {
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'cache-control': 'no-store' });
    return void res.end(counters.prometheus(core.gauges()));
  }
  let fields: Record<string, string> | null = null;
  let challenge: Challenge | null = null;
  if (route === 'pow' && req.method === 'POST') {
    challenge = core.pow;
    fields = await readForm(req);
  } else if (route === 'wait' && (req.method === 'GET' || req.method === 'HEAD')) {
    challenge = core.wait;
    fields = Object.fromEntries(url.searchParams);
    req.resume();
  }
  if (!challenge) {
    req.resume();
    res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    return void res.end('not found\n');
  }
  const verdict = fields === null ? 'malformed' : challenge.verify(fields, client.binding);
  counters.count(`challenge-${verdict}`);
  const back = safeBack(fields?.back);
  if (verdict === 'solved') {
    const ttl = challenge === core.wait ? core.waitPassTtlMs : core.passTtlMs;
    res.writeHead(303, { location: back, 'set-cookie': passCookieHeader(core, client, ttl, secure), 'cache-control': 'no-store', 'content-length': 0 });
    return void res.end();
  }
  if (verdict === 'early') return sendPage(res, 403, waitPage(client.lang));
  // a late answer is a person who was slow; anything else is a bot trying its luck
  if (verdict !== 'expired') core.gate.fail(client.ip);
  respondToGate(core, res, client, { action: 'challenge', risk: core.gate.failuresOf(client.ip) }, back, 403);
}
