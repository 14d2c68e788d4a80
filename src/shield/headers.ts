import type { OutgoingHttpHeaders } from 'node:http';
import { COOKIE_NAME, withoutCookie } from './cookie.js';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
/** A client's own forwarding headers: replaced by the shield's (a client must not name another). */
const FORWARDING = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded', 'x-real-ip']);
/** Fields an origin must see once: the first wins, as in Node's own parsed headers. */
const SINGLE = new Set(['host', 'content-length']);

/** Names listed in a Connection header are hop-by-hop too (RFC 9110 §7.6.1). */
function listedInConnection(connection: string | undefined): Set<string> | null {
  if (!connection) return null;
  const lower = connection.toLowerCase();
  // what nearly every client sends names nothing beyond the hop-by-hop headers dropped anyway
  if (lower === 'keep-alive' || lower === 'close' || lower === 'upgrade') return null;
  const names = new Set<string>();
  for (const name of lower.split(',').slice(0, 32)) names.add(name.trim());
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

/** Hosts seen lately and whether they may be quoted in Forwarded (a test per request showed in profiles). */
const quotableHosts = new Map<string, boolean>();
function quotable(host: string): boolean {
  let ok = quotableHosts.get(host);
  if (ok === undefined) {
    ok = /^[\w.:[\]-]{1,255}$/.test(host);
    if (quotableHosts.size >= 256) quotableHosts.clear();
    quotableHosts.set(host, ok);
  }
  return ok;
}

/**
 * The headers for the origin, as name/value pairs in the client's order and spelling (what
 * http.request takes without building a header object first): hop-by-hop ones removed, the
 * shield's own cookie removed, and the client named in X-Forwarded-For/-Proto/-Host and Forwarded
 * (RFC 7239). A client's own forwarding headers are dropped unless its peer is trusted: otherwise
 * any client could name another.
 */
export function requestHeadersForOrigin(raw: readonly string[], facts: ForwardFacts): string[] {
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if ((raw[i] as string).length === 10 && (raw[i] as string).toLowerCase() === 'connection') connection = raw[i + 1];
  }
  const listed = listedInConnection(connection);
  const out: string[] = [];
  let seen: Set<string> | null = null;
  let upgrade: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    let value = raw[i + 1] as string;
    if (lower === 'upgrade' && upgrade === undefined) upgrade = value;
    if (HOP_BY_HOP.has(lower) || FORWARDING.has(lower) || listed?.has(lower)) continue;
    if (SINGLE.has(lower)) {
      if (seen?.has(lower)) continue;
      (seen ??= new Set()).add(lower);
    }
    if (lower === 'cookie' && value.includes(COOKIE_NAME)) {
      const kept = withoutCookie(value, COOKIE_NAME);
      if (kept === undefined) continue;
      value = kept;
    }
    out.push(name, value);
  }
  out.push('x-forwarded-for', facts.trustedForwardedFor ? `${facts.trustedForwardedFor}, ${facts.peer}` : facts.clientIp);
  out.push('x-forwarded-proto', facts.proto);
  out.push('x-real-ip', facts.clientIp);
  if (facts.host) out.push('x-forwarded-host', facts.host);
  const host = facts.host && quotable(facts.host) ? `;host="${facts.host}"` : '';
  out.push('forwarded', `for=${forwardedNode(facts.clientIp)};proto=${facts.proto}${host}`);
  if (facts.upgrade && upgrade !== undefined) out.push('connection', 'Upgrade', 'upgrade', upgrade);
  return out;
}

/** What the shield needs to know of an origin's answer, read in the same pass that filters its headers. */
export interface OriginHeaders {
  /** Name/value pairs for the client, without hop-by-hop ones (Node frames the body itself). */
  headers: string[];
  cacheControl: string | undefined;
  setsCookie: boolean;
  varyAll: boolean;
}

/** The origin's response headers for the client, from the raw pairs Node read. */
export function responseHeadersForClient(raw: readonly string[]): OriginHeaders {
  let headers: string[] = [];
  let cacheControl: string | undefined;
  let setsCookie = false;
  let varyAll = false;
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    const value = raw[i + 1] as string;
    if (HOP_BY_HOP.has(lower)) {
      if (lower === 'connection') connection = value;
      continue;
    }
    if (lower === 'cache-control') cacheControl = cacheControl === undefined ? value : `${cacheControl}, ${value}`;
    else if (lower === 'set-cookie') setsCookie = true;
    else if (lower === 'vary' && value.includes('*')) varyAll = true;
    headers.push(name, value);
  }
  const listed = listedInConnection(connection);
  if (listed) {
    const kept: string[] = [];
    for (let i = 0; i < headers.length; i += 2) if (!listed.has((headers[i] as string).toLowerCase())) kept.push(headers[i] as string, headers[i + 1] as string);
    headers = kept;
  }
  return { headers, cacheControl, setsCookie, varyAll };
}

/** Pairs as a header object (for the cache), without `drop` (lower-case names); repeated fields joined. */
export function headerObject(pairs: readonly string[], drop: ReadonlySet<string>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (let i = 0; i < pairs.length; i += 2) {
    const name = (pairs[i] as string).toLowerCase();
    if (drop.has(name)) continue;
    const value = pairs[i + 1] as string;
    const before = out[name];
    if (before === undefined) out[name] = value;
    else if (name === 'set-cookie') out[name] = [...(Array.isArray(before) ? before : [String(before)]), value];
    else out[name] = `${String(before)}, ${value}`;
  }
  return out;
}
