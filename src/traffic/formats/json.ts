import type { ParsedRequest } from '../../model/index.js';
import type { FormatFactory, FormatOptions, LogFormat } from './format.js';
import { addressOf, countOf, durationOf, parseJsonObject, statusOf, textOf, timeOf, valueAt } from './json-values.js';
import { MAX_LINE_LENGTH, isBlank, hostWithoutPort, makeRequest, splitRequest, type RequestParts } from './scan.js';

type Field = keyof ParsedRequest;

/** Key names tried in turn when no mapping is given (nginx `escape=json`, Traefik, app loggers). */
const GUESSES: Record<Field, string[]> = {
  ip: ['remote_addr', 'remote_ip', 'client_ip', 'clientip', 'ip', 'client', 'ClientHost'],
  time: ['time', 'timestamp', '@timestamp', 'time_local', 'time_iso8601', 'ts', 'date', 'StartUTC'],
  method: ['method', 'request_method', 'verb', 'RequestMethod'],
  path: ['request_uri', 'path', 'uri', 'url', 'request', 'RequestPath'],
  protocol: ['protocol', 'server_protocol', 'proto', 'http_version', 'RequestProtocol'],
  status: ['status', 'status_code', 'response_status', 'DownstreamStatus'],
  bytes: ['body_bytes_sent', 'bytes', 'bytes_sent', 'size', 'response_size', 'DownstreamContentSize'],
  referer: ['http_referer', 'referer', 'referrer', 'request_Referer'],
  userAgent: ['http_user_agent', 'user_agent', 'userAgent', 'agent', 'request_User-Agent'],
  host: ['host', 'http_host', 'server_name', 'vhost', 'RequestHost'],
  forwardedFor: ['http_x_forwarded_for', 'x_forwarded_for', 'xff', 'forwarded_for', 'request_X-Forwarded-For'],
  durationMs: ['duration_ms', 'request_time'],
};

/** Milliseconds per unit of a guessed duration key; mapped durations are taken as milliseconds. */
const DURATION_UNITS: Record<string, number> = { duration_ms: 1, request_time: 1000 };

class JsonParser implements LogFormat {
  readonly name = 'json';
  private readonly request: RequestParts = { method: '', path: '', protocol: '' };

  constructor(private readonly mapping: FormatOptions['jsonMapping'] | undefined) {}

  /** The value and the key it came from. */
  private pick(entry: Record<string, unknown>, field: Field): [unknown, string] {
    const mapped = this.mapping?.[field];
    if (mapped !== undefined) return [valueAt(entry, mapped), mapped];
    for (const key of GUESSES[field]) {
      const value = key in entry ? entry[key] : undefined;
      if (value !== undefined && value !== null) return [value, key];
    }
    return [undefined, ''];
  }

  parse(line: string): ParsedRequest | string | null {
    if (line.length > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    const entry = parseJsonObject(line);
    if (entry === null) return 'not json';
    const [ipValue] = this.pick(entry, 'ip');
    if (ipValue === undefined) return 'missing field';
    const ip = addressOf(ipValue);
    if (ip === null) return 'bad client address';
    const [timeValue] = this.pick(entry, 'time');
    if (timeValue === undefined) return 'missing field';
    const time = timeOf(timeValue);
    if (Number.isNaN(time)) return 'bad time';

    const [pathValue, pathKey] = this.pick(entry, 'path');
    const [statusValue] = this.pick(entry, 'status');
    // Without a mapping, a line is a request only if it names its target and status: other JSON
    // logs (application logs) must not pass for access logs.
    if (this.mapping === undefined && (pathValue === undefined || statusValue === undefined)) return 'missing field';
    const status = statusValue === undefined ? 0 : statusOf(statusValue);
    if (status < 0) return 'bad status';
    const [bytesValue] = this.pick(entry, 'bytes');
    const bytes = countOf(bytesValue, 0);
    if (bytes < 0) return 'bad bytes';

    let method = textOf(this.pick(entry, 'method')[0]);
    let protocol = textOf(this.pick(entry, 'protocol')[0]);
    let path = textOf(pathValue);
    const hostText = textOf(this.pick(entry, 'host')[0]);
    let host = hostText === '' ? undefined : hostWithoutPort(hostText, 0, hostText.length);
    if (pathKey === 'request' && path.includes(' ')) {
      splitRequest(path, 0, path.length, this.request);
      if (method === '') method = this.request.method;
      if (protocol === '') protocol = this.request.protocol;
      path = this.request.path;
    }
    const absolute = /^https?:\/\/([^/?#]*)/i.exec(path);
    if (absolute) {
      const authority = absolute[1] ?? '';
      host ??= hostWithoutPort(authority, 0, authority.length);
      path = path.slice(absolute[0].length) || '/';
    }
    const [durationValue, durationKey] = this.pick(entry, 'durationMs');
    const forwardedFor = textOf(this.pick(entry, 'forwardedFor')[0]);
    return makeRequest(
      time,
      ip,
      method === '' ? '-' : method,
      path,
      protocol,
      status,
      bytes,
      textOf(this.pick(entry, 'referer')[0]),
      textOf(this.pick(entry, 'userAgent')[0]),
      host,
      forwardedFor === '' ? undefined : forwardedFor,
      durationOf(durationValue, this.mapping?.durationMs !== undefined ? 1 : (DURATION_UNITS[durationKey] ?? 1)),
    );
  }
}

export const jsonFormat: FormatFactory = {
  name: 'json',
  description: 'JSON lines: common key names, or a mapping of Vigie fields to (dotted) keys',
  descriptionFr: 'lignes JSON : noms de clés usuels, ou correspondance des champs Vigie vers des clés (pointées)',
  create(options) {
    const mapping = options.jsonMapping;
    if (mapping === undefined || Object.keys(mapping).length === 0) return new JsonParser(undefined);
    for (const [field, key] of Object.entries(mapping)) {
      if (!(field in GUESSES)) {
        throw new Error(`JSON mapping: unknown field "${field}" (known: ${Object.keys(GUESSES).join(', ')})`);
      }
      if (typeof key !== 'string' || key === '') throw new Error(`JSON mapping: field "${field}" needs a key name`);
    }
    return new JsonParser(mapping);
  },
};
