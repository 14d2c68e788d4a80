import type { ParsedRequest } from '../../model/index.js';
import type { LogFormat } from './format.js';
import {
  MAX_LINE_LENGTH,
  isBlank,
  findClosingQuote,
  headerValue,
  hostWithoutPort,
  isIpAddress,
  makeRequest,
  parseStatus,
  parseUint,
  splitRequest,
  type RequestParts,
} from './scan.js';
import { TimeCache, parseClfTime } from './time.js';
import { internSlice } from '../../lib/interner.js';

/**
 * The NCSA family: `%h %l %u [%t] "%r" %>s %b`, optionally followed by `"referer" "user agent"`
 * (combined) and optionally preceded by a virtual host (`%v:%p` in Apache, `$host` in nginx).
 * Scans by index: this is the hot path of most runs.
 */
export class ClfParser implements LogFormat {
  private readonly times = new TimeCache(parseClfTime);
  private readonly request: RequestParts = { method: '', path: '', protocol: '' };

  constructor(
    readonly name: string,
    private readonly vhost: boolean,
    private readonly combined: boolean,
  ) {}

  parse(line: string): ParsedRequest | string | null {
    const len = line.length;
    if (len > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    let i = 0;
    let host: string | undefined;
    if (this.vhost) {
      const space = line.indexOf(' ');
      if (space <= 0) return 'line does not match format';
      host = hostWithoutPort(line, 0, space);
      i = space + 1;
    }
    const ipEnd = line.indexOf(' ', i);
    if (ipEnd === -1) return 'truncated line';
    if (!isIpAddress(line, i, ipEnd)) return 'bad client address';
    const ip = internSlice(line, i, ipEnd);

    const open = line.indexOf('[', ipEnd);
    if (open === -1) return 'line does not match format';
    const close = line.indexOf(']', open);
    if (close === -1) return 'truncated line';
    const time = this.times.get(line, open + 1, close);
    if (Number.isNaN(time)) return 'bad time';
    if (close + 2 >= len) return 'truncated line';
    if (line.charCodeAt(close + 1) !== 32 || line.charCodeAt(close + 2) !== 34) return 'line does not match format';

    // Some servers leave quotes in the request unescaped: the request ends at the quote followed by
    // a space and a digit (the status).
    const requestStart = close + 3;
    let requestEnd = findClosingQuote(line, requestStart);
    while (requestEnd !== -1 && !(line.charCodeAt(requestEnd + 1) === 32 && isDigitAt(line, requestEnd + 2))) {
      requestEnd = findClosingQuote(line, requestEnd + 1);
    }
    if (requestEnd === -1) return 'truncated line';
    const statusStart = requestEnd + 2;
    let statusEnd = line.indexOf(' ', statusStart);
    if (statusEnd === -1) statusEnd = len;
    const status = parseStatus(line, statusStart, statusEnd);
    if (status < 0) return 'bad status';
    if (statusEnd >= len) return 'truncated line';
    const bytesStart = statusEnd + 1;
    let bytesEnd = line.indexOf(' ', bytesStart);
    if (bytesEnd === -1) bytesEnd = line.charCodeAt(len - 1) === 13 ? len - 1 : len;
    let bytes = 0;
    if (!(bytesEnd - bytesStart === 1 && line.charCodeAt(bytesStart) === 45)) {
      bytes = parseUint(line, bytesStart, bytesEnd);
      if (bytes < 0) return bytesEnd === bytesStart ? 'truncated line' : 'bad bytes';
    }

    let referer = '';
    let userAgent = '';
    let forwardedFor: string | undefined;
    if (this.combined) {
      if (bytesEnd + 2 >= len) return 'truncated line';
      if (line.charCodeAt(bytesEnd + 1) !== 34) return 'line does not match format';
      const refererEnd = findClosingQuote(line, bytesEnd + 2);
      if (refererEnd === -1) return 'truncated line';
      if (line.charCodeAt(refererEnd + 1) !== 32 || line.charCodeAt(refererEnd + 2) !== 34) {
        return refererEnd + 2 >= len ? 'truncated line' : 'line does not match format';
      }
      const agentEnd = findClosingQuote(line, refererEnd + 3);
      if (agentEnd === -1) return 'truncated line';
      referer = headerValue(line, bytesEnd + 2, refererEnd);
      userAgent = headerValue(line, refererEnd + 3, agentEnd);
      // Many nginx configs append "$http_x_forwarded_for" as the next quoted field.
      if (line.charCodeAt(agentEnd + 1) === 32 && line.charCodeAt(agentEnd + 2) === 34) {
        const forwardedEnd = findClosingQuote(line, agentEnd + 3);
        if (forwardedEnd !== -1) {
          const value = headerValue(line, agentEnd + 3, forwardedEnd);
          if (value !== '') forwardedFor = value;
        }
      }
    } else if (!trailingSpaceOnly(line, bytesEnd)) return 'line does not match format';

    const request = this.request;
    splitRequest(line, requestStart, requestEnd, request);
    return makeRequest(
      time,
      ip,
      request.method,
      request.path,
      request.protocol,
      status,
      bytes,
      referer,
      userAgent,
      host,
      forwardedFor,
      undefined,
    );
  }
}

function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

/** True when s[from..] holds only spaces, tabs and a carriage return. */
function trailingSpaceOnly(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
