import { internSlice } from '../../lib/interner.js';
import type { ParsedRequest } from '../../model/index.js';

/** Lines longer than this are rejected before any scanning, so one bad file cannot stall a run. */
export const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Every request is built here so that all results share one object shape (V8 keeps property access
 * monomorphic downstream); absent optional fields are `undefined`.
 */
export function makeRequest(
  time: number,
  ip: string,
  method: string,
  path: string,
  protocol: string,
  status: number,
  bytes: number,
  referer: string,
  userAgent: string,
  host: string | undefined,
  forwardedFor: string | undefined,
  durationMs: number | undefined,
): ParsedRequest {
  return { time, ip, method, path, protocol, status, bytes, referer, userAgent, host, forwardedFor, durationMs };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

/** Dotted-quad IPv4 in s[start, end). */
export function isIpv4(s: string, start: number, end: number): boolean {
  let dots = 0;
  let digits = 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      if (digits === 3) return false;
      value = value * 10 + c - 48;
      if (value > 255) return false;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || ++dots > 3) return false;
      digits = 0;
      value = 0;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

/** IPv6 (with optional embedded IPv4 tail and %zone) in s[start, end). */
export function isIpv6(s: string, start: number, end: number): boolean {
  const zone = s.indexOf('%', start);
  if (zone !== -1 && zone < end) end = zone;
  if (end - start < 2 || end - start > 45) return false;
  let i = start;
  let groups = 0;
  let compressed = false;
  if (s.charCodeAt(i) === 58) {
    if (s.charCodeAt(i + 1) !== 58) return false;
    compressed = true;
    i += 2;
    if (i === end) return true;
  }
  for (;;) {
    let j = i;
    while (j < end && isHex(s.charCodeAt(j))) j++;
    if (j < end && s.charCodeAt(j) === 46) {
      if (!isIpv4(s, i, end)) return false;
      groups += 2;
      break;
    }
    if (j === i || j - i > 4) return false;
    groups++;
    if (j === end) break;
    if (s.charCodeAt(j) !== 58) return false;
    j++;
    if (j < end && s.charCodeAt(j) === 58) {
      if (compressed) return false;
      compressed = true;
      j++;
      if (j === end) break;
    } else if (j === end) return false;
    i = j;
  }
  return compressed ? groups <= 7 : groups === 8;
}

export function isIpAddress(s: string, start = 0, end = s.length): boolean {
  if (end <= start) return false;
  return isIpv4(s, start, end) || isIpv6(s, start, end);
}

/**
 * The address part of "addr", "addr:port", "[v6]" or "[v6]:port", or null when it is not an
 * address. A bare IPv6 is taken whole (it has no port unless bracketed).
 */
export function stripPort(raw: string): string | null {
  const s = raw.trim();
  if (s.charCodeAt(0) === 91) {
    const close = s.indexOf(']');
    if (close === -1) return null;
    return isIpv6(s, 1, close) ? s.slice(1, close) : null;
  }
  const colon = s.indexOf(':');
  if (colon !== -1 && s.indexOf(':', colon + 1) === -1) return isIpv4(s, 0, colon) ? s.slice(0, colon) : null;
  return isIpAddress(s) ? s : null;
}

/** For formats that always log "addr:port" (HAProxy, ALB), IPv6 included without brackets. */
export function addressBeforePort(s: string, start: number, end: number): string | null {
  if (s.charCodeAt(start) === 91) {
    const close = s.indexOf(']', start);
    if (close === -1 || close >= end) return null;
    return isIpv6(s, start + 1, close) ? s.slice(start + 1, close) : null;
  }
  const colon = s.lastIndexOf(':', end - 1);
  if (colon < start) return null;
  return isIpAddress(s, start, colon) ? s.slice(start, colon) : null;
}

/** A non-negative integer in s[start, end), or -1. */
export function parseUint(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

/** A three-digit HTTP status in s[start, end), or -1. */
export function parseStatus(s: string, start: number, end: number): number {
  if (end - start !== 3) return -1;
  const a = s.charCodeAt(start) - 48;
  const b = s.charCodeAt(start + 1) - 48;
  const c = s.charCodeAt(start + 2) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return -1;
  return a * 100 + b * 10 + c;
}

/** Seconds as a decimal text ("0.004") to milliseconds, or undefined for "-" and garbage. */
export function secondsToMs(text: string): number | undefined {
  if (text === '' || text === '-') return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
}

/**
 * Index of the double quote that closes a field opened just before `from`, skipping quotes escaped
 * with a backslash (Apache writes `\"`), or -1.
 */
export function findClosingQuote(s: string, from: number): number {
  let q = s.indexOf('"', from);
  while (q !== -1) {
    let backslashes = 0;
    for (let k = q - 1; k >= from && s.charCodeAt(k) === 92; k--) backslashes++;
    if ((backslashes & 1) === 0) return q;
    q = s.indexOf('"', q + 1);
  }
  return -1;
}

/** Log-escaped text (`\"`, `\\`, `\xHH`, `\n`, `\t`) to plain text; unknown escapes stay as written. */
export function unescapeLogText(s: string, start: number, end: number): string {
  const first = s.indexOf('\\', start);
  if (first === -1 || first >= end) return s.slice(start, end);
  let out = s.slice(start, first);
  let highBytes = false;
  let i = first;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c !== 92 || i + 1 >= end) {
      out += s[i];
      i++;
      continue;
    }
    const next = s.charCodeAt(i + 1);
    if (next === 34 || next === 92) {
      out += s[i + 1];
      i += 2;
    } else if (next === 110) {
      out += '\n';
      i += 2;
    } else if (next === 116) {
      out += '\t';
      i += 2;
    } else if (next === 120 && i + 3 < end && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3))) {
      const byte = parseInt(s.slice(i + 2, i + 4), 16);
      if (byte >= 0x80) highBytes = true;
      out += String.fromCharCode(byte);
      i += 4;
    } else {
      out += '\\';
      i++;
    }
  }
  return highBytes ? utf8FromEscapedBytes(out) : out;
}

/**
 * nginx and Apache escape each byte of non-ASCII text ("é" as \xC3\xA9): read the bytes back as
 * UTF-8 when they are valid UTF-8, else keep one character per byte.
 */
function utf8FromEscapedBytes(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return text;
  const decoded = Buffer.from(text, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? text : decoded;
}

/** A logged header value: "-" (nothing) becomes "", escapes are undone. */
export function headerValue(s: string, start: number, end: number): string {
  if (end - start === 1 && s.charCodeAt(start) === 45) return '';
  const escape = s.indexOf('\\', start);
  if (escape === -1 || escape >= end) return internSlice(s, start, end);
  return unescapeLogText(s, start, end);
}

function isMethodChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95 || isDigit(c);
}

/** Result of splitting a request line; reused to avoid an allocation per line. */
export interface RequestParts {
  method: string;
  path: string;
  protocol: string;
}

/**
 * Methods and protocols are a handful of values on millions of lines: the shared constant instead of
 * a new string per line (less garbage, and evidence kept for findings does not hold copies).
 */
const METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

function knownMethod(s: string, start: number, end: number): string {
  const length = end - start;
  for (const method of METHODS) {
    if (method.length !== length) continue;
    let same = true;
    for (let i = 0; i < length && same; i++) same = s.charCodeAt(start + i) === method.charCodeAt(i);
    if (same) return method;
  }
  return s.slice(start, end);
}

/** `s[start, end)` starts with "HTTP/": the version decides. */
function knownProtocol(s: string, start: number, end: number): string {
  if (end - start === 8 && s.charCodeAt(start + 6) === 46) {
    const major = s.charCodeAt(start + 5);
    const minor = s.charCodeAt(start + 7);
    if (major === 49 && minor === 49) return 'HTTP/1.1';
    if (major === 50 && minor === 48) return 'HTTP/2.0';
    if (major === 49 && minor === 48) return 'HTTP/1.0';
  }
  return s.slice(start, end);
}

/**
 * Splits "METHOD target PROTOCOL" in s[start, end) into `out`. A request that cannot be split (a
 * TLS handshake sent to a plain port, "-", junk) keeps its raw text as the path with method "-":
 * detectors still see what was sent.
 */
export function splitRequest(s: string, start: number, end: number, out: RequestParts): void {
  const firstSpace = s.indexOf(' ', start);
  let methodOk = firstSpace !== -1 && firstSpace < end && firstSpace - start <= 24 && firstSpace > start;
  for (let i = start; methodOk && i < firstSpace; i++) if (!isMethodChar(s.charCodeAt(i))) methodOk = false;
  if (!methodOk) {
    out.method = '-';
    out.path = end - start === 1 && s.charCodeAt(start) === 45 ? '' : s.slice(start, end);
    out.protocol = '';
    return;
  }
  out.method = knownMethod(s, start, firstSpace);
  const lastSpace = s.lastIndexOf(' ', end - 1);
  if (lastSpace > firstSpace && s.startsWith('HTTP/', lastSpace + 1)) {
    out.path = s.slice(firstSpace + 1, lastSpace);
    out.protocol = knownProtocol(s, lastSpace + 1, end);
  } else {
    out.path = s.slice(firstSpace + 1, end);
    out.protocol = '';
  }
}

/** A text field where "-" means absent. */
export function dashToEmpty(value: string): string {
  return value === '-' ? '' : value;
}

/** "example.org:443" or "[2001:db8::1]:443" to the host alone; "-" and "" to undefined. */
export function hostWithoutPort(s: string, start: number, end: number): string | undefined {
  if (end <= start || (end - start === 1 && s.charCodeAt(start) === 45)) return undefined;
  if (s.charCodeAt(start) === 91) {
    const close = s.indexOf(']', start);
    return close !== -1 && close < end ? s.slice(start + 1, close) : s.slice(start, end);
  }
  const colon = s.indexOf(':', start);
  if (colon === -1 || colon >= end) return s.slice(start, end);
  if (s.indexOf(':', colon + 1) !== -1 && s.indexOf(':', colon + 1) < end) return s.slice(start, end);
  return parseUint(s, colon + 1, end) >= 0 ? s.slice(start, colon) : s.slice(start, end);
}

/** An empty or whitespace-only line: no request, and nothing wrong either. */
export function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '');
}
