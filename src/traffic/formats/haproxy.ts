import type { ParsedRequest } from '../../model/index.js';
import type { FormatFactory, LogFormat } from './format.js';
import {
  MAX_LINE_LENGTH,
  isBlank,
  addressBeforePort,
  findClosingQuote,
  makeRequest,
  parseStatus,
  parseUint,
  splitRequest,
  type RequestParts,
} from './scan.js';
import { TimeCache, parseClfTime } from './time.js';

/** Space-separated fields between the accept date and the request: frontend ... queues. */
const MIDDLE_FIELDS = 10;
const TIMERS = 2;
const STATUS = 3;
const BYTES = 4;

/**
 * HAProxy's HTTP log format (`option httplog`), with or without the syslog prefix. The accept date
 * carries no zone: it is read as UTC.
 */
class HaproxyParser implements LogFormat {
  readonly name = 'haproxy';
  private readonly times = new TimeCache(parseClfTime);
  private readonly request: RequestParts = { method: '', path: '', protocol: '' };
  private readonly starts: number[] = new Array<number>(MIDDLE_FIELDS).fill(0);
  private readonly ends: number[] = new Array<number>(MIDDLE_FIELDS).fill(0);

  parse(line: string): ParsedRequest | string | null {
    if (line.length > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    // Whatever syslog prefix comes first (RFC 3164, RFC 5424, none), the payload starts with the
    // client address, just before " [06/Feb/2009:...".
    let open = line.indexOf(' [');
    for (let tries = 0; open !== -1 && tries < 8; tries++) {
      if (line.charCodeAt(open + 4) === 47 && line.charCodeAt(open + 8) === 47) {
        return this.parseAt(line, line.lastIndexOf(' ', open - 1) + 1);
      }
      open = line.indexOf(' [', open + 2);
    }
    return 'line does not match format';
  }

  private parseAt(s: string, start: number): ParsedRequest | string {
    const addressEnd = s.indexOf(' ', start);
    if (addressEnd === -1) return 'truncated line';
    const ip = addressBeforePort(s, start, addressEnd);
    if (ip === null) return 'bad client address';
    if (s.charCodeAt(addressEnd + 1) !== 91) return 'line does not match format';
    const close = s.indexOf(']', addressEnd);
    if (close === -1) return 'truncated line';
    const time = this.times.get(s, addressEnd + 2, close);
    if (Number.isNaN(time)) return 'bad time';
    let pos = close + 2;
    for (let k = 0; k < MIDDLE_FIELDS; k++) {
      const end = s.indexOf(' ', pos);
      if (end === -1) return 'truncated line';
      this.starts[k] = pos;
      this.ends[k] = end;
      pos = end + 1;
    }
    // Captured request and response headers, when configured: "{1wt.eu} {}".
    while (s.charCodeAt(pos) === 123) {
      const brace = s.indexOf('}', pos);
      if (brace === -1) return 'truncated line';
      pos = brace + 2;
    }
    if (s.charCodeAt(pos) !== 34) return pos >= s.length ? 'truncated line' : 'line does not match format';
    // HAProxy cuts long requests without closing the quote.
    let requestEnd = findClosingQuote(s, pos + 1);
    if (requestEnd === -1) requestEnd = s.length;

    const statusStart = this.starts[STATUS] as number;
    const statusEnd = this.ends[STATUS] as number;
    let status = parseStatus(s, statusStart, statusEnd);
    if (status < 0) {
      // -1: the client went away before a response.
      if (s.startsWith('-1', statusStart) && statusEnd - statusStart === 2) status = 0;
      else return 'bad status';
    }
    let bytesStart = this.starts[BYTES] as number;
    if (s.charCodeAt(bytesStart) === 43) bytesStart++;
    const bytes = parseUint(s, bytesStart, this.ends[BYTES] as number);
    if (bytes < 0) return 'bad bytes';
    const timersEnd = this.ends[TIMERS] as number;
    let totalStart = s.lastIndexOf('/', timersEnd - 1) + 1;
    if (totalStart <= (this.starts[TIMERS] as number)) return 'line does not match format';
    if (s.charCodeAt(totalStart) === 43) totalStart++;
    const total = parseUint(s, totalStart, timersEnd);

    splitRequest(s, pos + 1, requestEnd, this.request);
    return makeRequest(
      time,
      ip,
      this.request.method,
      this.request.path,
      this.request.protocol,
      status,
      bytes,
      '',
      '',
      undefined,
      undefined,
      total >= 0 ? total : undefined,
    );
  }
}

export const haproxyFormat: FormatFactory = {
  name: 'haproxy',
  description: 'HAProxy HTTP log (option httplog), with or without the syslog prefix',
  descriptionFr: 'journal HTTP de HAProxy (option httplog), avec ou sans préfixe syslog',
  create: () => new HaproxyParser(),
};
