import type { ParsedRequest } from '../../model/index.js';
import type { FormatFactory, LogFormat } from './format.js';
import { FieldSplitter } from './fields.js';
import { MAX_LINE_LENGTH, isBlank, isIpAddress, makeRequest, parseStatus, parseUint } from './scan.js';
import { digitsAt, epochMs } from './time.js';

/** How one dialect of the W3C extended format writes its values. */
export interface W3cDialect {
  name: string;
  separator: string;
  /** Columns to assume until a `#Fields:` line says otherwise. */
  defaultFields: string[];
  /** Milliseconds per unit of `time-taken` (IIS: ms, CloudFront: seconds). */
  timeTakenMs: number;
  /** Undoes the dialect's encoding of header values (IIS: '+' for spaces; CloudFront: %-encoding). */
  decodeHeader(value: string): string;
  /** Column names for the host, best first. */
  hostFields: string[];
}

/** Column positions of the fields Vigie reads; -1 when absent. */
interface Columns {
  count: number;
  date: number;
  time: number;
  ip: number;
  method: number;
  stem: number;
  query: number;
  uri: number;
  protocol: number;
  status: number;
  bytes: number;
  userAgent: number;
  referer: number;
  host: number;
  forwardedFor: number;
  timeTaken: number;
  /** Fewest columns a line needs to reach every column above. */
  needed: number;
}

function columnsOf(names: string[], dialect: W3cDialect): Columns {
  const lower = names.map((n) => n.toLowerCase());
  const find = (...candidates: string[]): number => {
    for (const c of candidates) {
      const i = lower.indexOf(c);
      if (i !== -1) return i;
    }
    return -1;
  };
  const columns: Columns = {
    count: names.length,
    date: find('date'),
    time: find('time'),
    ip: find('c-ip'),
    method: find('cs-method'),
    stem: find('cs-uri-stem'),
    query: find('cs-uri-query'),
    uri: find('cs-uri'),
    protocol: find('cs-protocol-version', 'cs-version'),
    status: find('sc-status'),
    bytes: find('sc-bytes'),
    userAgent: find('cs(user-agent)'),
    referer: find('cs(referer)', 'cs(referrer)'),
    host: find(...dialect.hostFields),
    forwardedFor: find('x-forwarded-for', 'cs(x-forwarded-for)'),
    timeTaken: find('time-taken'),
    needed: 0,
  };
  columns.needed = Math.max(...Object.entries(columns).filter(([k]) => k !== 'count').map(([, v]) => v)) + 1;
  return columns;
}

/** "-" is W3C's empty value. */
function isDash(s: string, start: number, end: number): boolean {
  return end - start === 1 && s.charCodeAt(start) === 45;
}

/** W3C extended log lines; `#Fields:` directives set the columns for the lines after them. */
export class W3cParser implements LogFormat {
  readonly name: string;
  private readonly fields = new FieldSplitter(64);
  private columns: Columns;
  private fromHeader = false;

  constructor(private readonly dialect: W3cDialect) {
    this.name = dialect.name;
    this.columns = columnsOf(dialect.defaultFields, dialect);
  }

  parse(line: string): ParsedRequest | string | null {
    if (line.length > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    if (line.charCodeAt(0) === 35) {
      if (line.startsWith('#Fields:')) {
        this.columns = columnsOf(line.slice(8).trim().split(/\s+/), this.dialect);
        this.fromHeader = true;
      }
      return null;
    }
    const f = this.fields;
    const c = this.columns;
    if (!f.split(line, this.dialect.separator, this.dialect.separator === ' ')) return 'truncated line';
    if (this.fromHeader ? f.count !== c.count : f.count < c.needed || f.count > c.count) {
      return this.fromHeader ? 'field count mismatch' : 'no fields header';
    }
    if (c.ip < 0 || c.date < 0 || c.time < 0) return 'missing field';
    const text = (i: number): string => (i < 0 || isDash(line, f.starts[i] as number, f.ends[i] as number) ? '' : f.text(line, i));

    const dateStart = f.starts[c.date] as number;
    const time =
      (f.ends[c.date] as number) - dateStart === 10
        ? this.timeAt(line, dateStart, f.starts[c.time] as number, f.ends[c.time] as number)
        : NaN;
    if (Number.isNaN(time)) return 'bad time';
    if (!isIpAddress(line, f.starts[c.ip] as number, f.ends[c.ip] as number)) return 'bad client address';
    let status = 0;
    if (c.status >= 0) {
      status = parseStatus(line, f.starts[c.status] as number, f.ends[c.status] as number);
      if (status < 0) return 'bad status';
    }
    let bytes = 0;
    if (c.bytes >= 0 && !isDash(line, f.starts[c.bytes] as number, f.ends[c.bytes] as number)) {
      bytes = parseUint(line, f.starts[c.bytes] as number, f.ends[c.bytes] as number);
      if (bytes < 0) return 'bad bytes';
    }
    let path = c.stem >= 0 ? text(c.stem) : text(c.uri);
    const query = text(c.query);
    if (query !== '') path = `${path}?${query}`;
    const method = text(c.method);
    const host = text(c.host);
    const forwardedFor = text(c.forwardedFor);
    const taken = c.timeTaken >= 0 ? Number(text(c.timeTaken) || NaN) : NaN;
    return makeRequest(
      time,
      f.text(line, c.ip),
      method === '' ? '-' : method,
      path,
      text(c.protocol),
      status,
      bytes,
      this.dialect.decodeHeader(text(c.referer)),
      this.dialect.decodeHeader(text(c.userAgent)),
      host === '' ? undefined : host,
      forwardedFor === '' ? undefined : forwardedFor,
      Number.isFinite(taken) && taken >= 0 ? taken * this.dialect.timeTakenMs : undefined,
    );
  }

  /** "2024-03-10" and "14:02:11[.fff]", in UTC as W3C logs are. */
  private timeAt(s: string, dateStart: number, timeStart: number, timeEnd: number): number {
    if (s.charCodeAt(dateStart + 4) !== 45 || s.charCodeAt(dateStart + 7) !== 45) return NaN;
    if (timeEnd - timeStart < 8 || s.charCodeAt(timeStart + 2) !== 58 || s.charCodeAt(timeStart + 5) !== 58) return NaN;
    const year = digitsAt(s, dateStart, 4);
    const month = digitsAt(s, dateStart + 5, 2);
    const day = digitsAt(s, dateStart + 8, 2);
    const hour = digitsAt(s, timeStart, 2);
    const minute = digitsAt(s, timeStart + 3, 2);
    const second = digitsAt(s, timeStart + 6, 2);
    if ((year | month | day | hour | minute | second) < 0) return NaN;
    let millis = 0;
    if (timeEnd > timeStart + 9 && s.charCodeAt(timeStart + 8) === 46) {
      const digits = Math.min(3, timeEnd - timeStart - 9);
      const value = digitsAt(s, timeStart + 9, digits);
      if (value < 0) return NaN;
      millis = value * 10 ** (3 - digits);
    }
    return epochMs(year, month, day, hour, minute, second, millis, 0);
  }
}

export const IIS_DIALECT: W3cDialect = {
  name: 'w3c',
  separator: ' ',
  defaultFields: 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken'.split(' '),
  timeTakenMs: 1,
  decodeHeader: (value) => (value.includes('+') ? value.replace(/\+/g, ' ') : value),
  hostFields: ['cs-host', 'cs(host)'],
};

export const w3cFormat: FormatFactory = {
  name: 'w3c',
  description: 'W3C extended log (IIS); #Fields: lines set the columns',
  descriptionFr: 'journal W3C étendu (IIS) ; les lignes #Fields: fixent les colonnes',
  create: () => new W3cParser(IIS_DIALECT),
};
