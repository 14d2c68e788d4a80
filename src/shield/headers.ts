import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { COOKIE_NAME, withoutCookie } from './cookie.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Names listed in a Connection header are hop-by-hop too (RFC 9110 §7.6.1). */
function listedInConnection(headers: IncomingHttpHeaders): Set<string> | null {
  const connection = headers.connection;
  if (!connection) return null;
  const names = new Set<string>();
  for (const name of connection.toLowerCase().split(',').slice(0, 32)) names.add(name.trim());
  return names;
}

export interface ForwardFacts {
  /** The client's address (what the origin should log). */
  clientIp: string;
  /** X-Forwarded-For as received, when the peer is a trusted proxy: the peer is appended to it. */
  trustedForwardedFor?: string;
  peer: string;
  proto: 'http' | 'https';
  host: string;
  /** Keep Connection/Upgrade (a WebSocket handshake). */
  upgrade?: boolean;
}

function forwardedNode(ip: string): string {
  return ip.includes(':') ? `"[${ip}]"` : ip;
}

/**
 * The headers for the origin: hop-by-hop ones removed, the shield's own cookie removed, and the
 * client named in X-Forwarded-For/-Proto/-Host and Forwarded (RFC 7239). A client's own forwarding
 * headers are dropped unless its peer is trusted: otherwise any client could name another.
 */
export function requestHeadersForOrigin(incoming: IncomingHttpHeaders, facts: ForwardFacts): OutgoingHttpHeaders {
  const listed = listedInConnection(incoming);
  const out: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    if (HOP_BY_HOP.has(name) || listed?.has(name)) continue;
    if (name === 'x-forwarded-for' || name === 'x-forwarded-proto' || name === 'x-forwarded-host' || name === 'forwarded' || name === 'x-real-ip') continue;
    out[name] = incoming[name];
  }
  if (typeof incoming.cookie === 'string' && incoming.cookie.includes(COOKIE_NAME)) {
    const kept = withoutCookie(incoming.cookie, COOKIE_NAME);
    if (kept === undefined) delete out.cookie;
    else out.cookie = kept;
  }
  out['x-forwarded-for'] = facts.trustedForwardedFor ? `${facts.trustedForwardedFor}, ${facts.peer}` : facts.clientIp;
  out['x-forwarded-proto'] = facts.proto;
  out['x-real-ip'] = facts.clientIp;
  if (facts.host) out['x-forwarded-host'] = facts.host;
  const host = facts.host && /^[\w.:[\]-]{1,255}$/.test(facts.host) ? `;host="${facts.host}"` : '';
  out.forwarded = `for=${forwardedNode(facts.clientIp)};proto=${facts.proto}${host}`;
  if (facts.upgrade) {
    out.connection = 'Upgrade';
    out.upgrade = incoming.upgrade;
  }
  return out;
}

/** The origin's response headers without hop-by-hop ones (Node frames the body for the client itself). */
export function responseHeadersForClient(incoming: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = listedInConnection(incoming);
  const out: OutgoingHttpHeaders = {};
  for (const name in incoming) {
    if (HOP_BY_HOP.has(name) || listed?.has(name)) continue;
    out[name] = incoming[name];
  }
  return out;
}
