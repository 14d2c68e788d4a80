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
  secondsToMs,
  splitRequest,
  type RequestParts,
} from './scan.js';
import { resetTimeParts, timeFromParts, type TimePattern, type TimeParts } from './strptime.js';
import { TimeCache, offsetAt, parseAnyTime, parseClfTime, parseEpochText, parseIsoTime } from './time.js';

/**
 * What a field of a configurable format (nginx log_format, GoAccess log-format) holds. Both
 * compile to the same steps and share this matcher.
 */
export type FieldKind =
  | 'ip'
  | 'time-local'
  | 'time-iso'
  | 'time-epoch'
  | 'time-pattern'
  | 'time-any'
  | 'request'
  | 'method'
  | 'target'
  | 'uri-path'
  | 'query'
  | 'protocol'
  | 'status'
  | 'bytes'
  | 'body-bytes'
  | 'referer'
  | 'user-agent'
  | 'forwarded-for'
  | 'host'
  | 'duration-s'
  | 'duration-ms'
  | 'duration-us'
  | 'duration-ns'
  | 'upstream-s'
  | 'zone'
  | 'skip'
  | 'skip-spaces';

export type Step =
  | { type: 'literal'; text: string }
  | { type: 'field'; kind: FieldKind; name: string; pattern?: TimePattern };

/** Fields that a format must carry for its lines to be requests at all. */
export function missingEssentials(steps: Step[]): string[] {
  const kinds = new Set(steps.flatMap((s) => (s.type === 'field' ? [s.kind] : [])));
  const missing: string[] = [];
  if (!kinds.has('ip')) missing.push('client address');
  if (!['time-local', 'time-iso', 'time-epoch', 'time-pattern', 'time-any'].some((k) => kinds.has(k as FieldKind))) missing.push('time');
  if (!['request', 'target', 'uri-path'].some((k) => kinds.has(k as FieldKind))) missing.push('request');
  return missing;
}

/** Throws when two fields touch: nothing would tell where the first ends. */
export function checkSeparated(steps: Step[], formatLabel: string): void {
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1];
    const b = steps[i];
    if (a?.type === 'field' && b?.type === 'field' && !a.pattern && b.kind !== 'skip-spaces' && a.kind !== 'skip-spaces') {
      throw new Error(`${formatLabel}: ${a.name} and ${b.name} follow each other with no text between them`);
    }
  }
}

interface Compiled {
  step: Step;
  /** The literal that ends this field, or null when it runs to the end of the line. */
  until: string | null;
}

/** Parses lines against compiled steps. Keeps per-file caches, so one instance per file. */
export class TemplateParser implements LogFormat {
  private readonly steps: Compiled[];
  private readonly localTimes = new TimeCache(parseClfTime);
  private readonly isoTimes = new TimeCache(parseIsoTime);
  private readonly request: RequestParts = { method: '', path: '', protocol: '' };
  private readonly parts: TimeParts = { year: -1, month: -1, day: -1, hour: 0, minute: 0, second: 0, millis: 0, offset: 0, epoch: NaN };

  // The line being read.
  private time = NaN;
  private ip = '';
  private hasRequest = false;
  private method = '';
  private target = '';
  private uriPath = '';
  private query = '';
  private protocol = '';
  private status = 0;
  private bytes = -1;
  private bodyBytes = -1;
  private referer = '';
  private userAgent = '';
  private forwardedFor: string | undefined;
  private host: string | undefined;
  private duration: number | undefined;
  private upstream: number | undefined;

  constructor(
    readonly name: string,
    steps: Step[],
  ) {
    this.steps = steps.map((step, i) => ({ step, until: literalAfter(steps, i) }));
  }

  parse(line: string): ParsedRequest | string | null {
    const len = line.length;
    if (len > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    const end = line.charCodeAt(len - 1) === 13 ? len - 1 : len;
    this.reset();
    let pos = 0;
    for (const { step, until } of this.steps) {
      if (step.type === 'literal') {
        if (!line.startsWith(step.text, pos)) return pos >= end ? 'truncated line' : 'line does not match format';
        pos += step.text.length;
        continue;
      }
      if (step.kind === 'skip-spaces') {
        while (pos < end && line.charCodeAt(pos) === 32) pos++;
        continue;
      }
      if (step.pattern) {
        const after = step.pattern.parse(line, pos, end, this.parts);
        if (after < 0) return 'bad time';
        pos = after;
        continue;
      }
      let fieldEnd: number;
      if (until === null) fieldEnd = end;
      else if (until.charCodeAt(0) === 34) {
        fieldEnd = findClosingQuote(line, pos);
        while (fieldEnd !== -1 && !line.startsWith(until, fieldEnd)) fieldEnd = findClosingQuote(line, fieldEnd + 1);
      } else fieldEnd = line.indexOf(until, pos);
      if (fieldEnd === -1 || fieldEnd > end) return 'truncated line';
      const reason = this.take(step.kind, line, pos, fieldEnd);
      if (reason !== null) return reason;
      pos = fieldEnd;
    }
    return this.finish();
  }

  private reset(): void {
    this.time = NaN;
    this.ip = '';
    this.hasRequest = false;
    this.method = '';
    this.target = '';
    this.uriPath = '';
    this.query = '';
    this.protocol = '';
    this.status = 0;
    this.bytes = -1;
    this.bodyBytes = -1;
    this.referer = '';
    this.userAgent = '';
    this.forwardedFor = undefined;
    this.host = undefined;
    this.duration = undefined;
    this.upstream = undefined;
    resetTimeParts(this.parts);
  }

  /** Stores one field's value; returns a rejection reason or null. */
  private take(kind: FieldKind, s: string, start: number, end: number): string | null {
    const dash = end - start === 1 && s.charCodeAt(start) === 45;
    switch (kind) {
      case 'ip':
        if (!isIpAddress(s, start, end)) return 'bad client address';
        this.ip = s.slice(start, end);
        return null;
      case 'time-local':
        this.time = this.localTimes.get(s, start, end);
        return Number.isNaN(this.time) ? 'bad time' : null;
      case 'time-iso':
        this.time = this.isoTimes.get(s, start, end);
        return Number.isNaN(this.time) ? 'bad time' : null;
      case 'time-epoch':
        this.time = parseEpochText(s.slice(start, end));
        return Number.isNaN(this.time) ? 'bad time' : null;
      case 'time-any':
        this.time = parseAnyTime(s.slice(start, end));
        return Number.isNaN(this.time) ? 'bad time' : null;
      case 'zone': {
        const offset = offsetAt(s, start, end);
        if (!Number.isNaN(offset)) this.parts.offset = offset;
        return null;
      }
      case 'request':
        this.hasRequest = true;
        splitRequest(s, start, end, this.request);
        return null;
      case 'method':
        this.method = dash ? '' : s.slice(start, end);
        return null;
      case 'target':
        this.target = dash ? '' : s.slice(start, end);
        return null;
      case 'uri-path':
        this.uriPath = dash ? '' : s.slice(start, end);
        return null;
      case 'query':
        this.query = dash ? '' : s.slice(start, end);
        return null;
      case 'protocol':
        this.protocol = dash ? '' : s.slice(start, end);
        return null;
      case 'status':
        this.status = parseStatus(s, start, end);
        return this.status < 0 ? 'bad status' : null;
      case 'bytes':
      case 'body-bytes': {
        const value = dash ? 0 : parseUint(s, start, end);
        if (value < 0) return 'bad bytes';
        if (kind === 'bytes') this.bytes = value;
        else this.bodyBytes = value;
        return null;
      }
      case 'referer':
        this.referer = headerValue(s, start, end);
        return null;
      case 'user-agent':
        this.userAgent = headerValue(s, start, end);
        return null;
      case 'forwarded-for': {
        const value = headerValue(s, start, end);
        this.forwardedFor = value === '' ? undefined : value;
        return null;
      }
      case 'host':
        this.host = hostWithoutPort(s, start, end);
        return null;
      case 'duration-s':
        this.duration = secondsToMs(s.slice(start, end));
        return null;
      case 'duration-ms':
      case 'duration-us':
      case 'duration-ns': {
        const value = dash ? -1 : Number(s.slice(start, end));
        const scale = kind === 'duration-ms' ? 1 : kind === 'duration-us' ? 1e-3 : 1e-6;
        this.duration = Number.isFinite(value) && value >= 0 ? value * scale : undefined;
        return null;
      }
      case 'upstream-s':
        this.upstream = upstreamSeconds(s.slice(start, end));
        return null;
      default:
        return null;
    }
  }

  private finish(): ParsedRequest | string {
    const time = Number.isNaN(this.time) ? timeFromParts(this.parts) : this.time;
    if (Number.isNaN(time)) return 'bad time';
    if (this.ip === '') return 'bad client address';
    let method = this.method;
    let path: string;
    let protocol = this.protocol;
    if (this.hasRequest) {
      const r = this.request;
      if (method === '') method = r.method;
      path = r.path;
      if (protocol === '') protocol = r.protocol;
    } else if (this.target !== '') {
      // GoAccess %U may come without its query when %q is logged apart.
      path = this.query !== '' && !this.target.includes('?') ? `${this.target}?${this.query}` : this.target;
    } else path = this.query === '' ? this.uriPath : `${this.uriPath}?${this.query}`;
    const bytes = this.bodyBytes >= 0 ? this.bodyBytes : this.bytes >= 0 ? this.bytes : 0;
    return makeRequest(
      time,
      this.ip,
      method === '' ? '-' : method,
      path,
      protocol,
      this.status,
      bytes,
      this.referer,
      this.userAgent,
      this.host,
      this.forwardedFor,
      this.duration ?? this.upstream,
    );
  }
}

/** The literal that ends field i: the next literal, or a space when spaces are skipped next. */
function literalAfter(steps: Step[], i: number): string | null {
  const next = steps[i + 1];
  if (next === undefined) return null;
  if (next.type === 'literal') return next.text;
  if (next.kind === 'skip-spaces') return ' ';
  return null;
}

/** nginx writes "0.004, 0.120 : 0.002" when several upstreams were tried: their sum, in ms. */
function upstreamSeconds(text: string): number | undefined {
  let total = 0;
  let any = false;
  for (const piece of text.split(/[,:]/)) {
    const ms = secondsToMs(piece.trim());
    if (ms !== undefined) {
      total += ms;
      any = true;
    }
  }
  return any ? total : undefined;
}
