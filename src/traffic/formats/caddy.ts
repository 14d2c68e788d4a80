import type { ParsedRequest } from '../../model/index.js';
import type { FormatFactory, LogFormat } from './format.js';
import { addressOf, countOf, durationOf, parseJsonObject, statusOf, textOf, timeOf } from './json-values.js';
import { MAX_LINE_LENGTH, isBlank, hostWithoutPort, makeRequest } from './scan.js';

/** Header values as Caddy logs them: canonical names mapping to arrays of strings. */
function header(headers: unknown, name: string): string {
  if (typeof headers !== 'object' || headers === null) return '';
  const record = headers as Record<string, unknown>;
  if (name in record) return textOf(record[name]);
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return textOf(record[key]);
  return '';
}

class CaddyParser implements LogFormat {
  readonly name = 'caddy';

  parse(line: string): ParsedRequest | string | null {
    if (line.length > MAX_LINE_LENGTH) return 'line too long';
    if (isBlank(line)) return null;
    const entry = parseJsonObject(line);
    if (entry === null) return 'not json';
    const request = entry.request;
    if (typeof request !== 'object' || request === null) return 'missing field';
    const r = request as Record<string, unknown>;
    // client_ip is Caddy's own trusted-proxy resolution (2.7+); remote_addr carried a port before 2.5.
    const ip = addressOf(r.client_ip) ?? addressOf(r.remote_ip) ?? addressOf(r.remote_addr);
    if (ip === null) return 'bad client address';
    const time = timeOf(entry.ts);
    if (Number.isNaN(time)) return 'bad time';
    const status = statusOf(entry.status);
    if (status < 0) return 'bad status';
    const bytes = countOf(entry.size, 0);
    if (bytes < 0) return 'bad bytes';
    const method = textOf(r.method);
    const forwardedFor = header(r.headers, 'X-Forwarded-For');
    return makeRequest(
      time,
      ip,
      method === '' ? '-' : method,
      textOf(r.uri),
      textOf(r.proto),
      status,
      bytes,
      header(r.headers, 'Referer'),
      header(r.headers, 'User-Agent'),
      typeof r.host === 'string' ? hostWithoutPort(r.host, 0, r.host.length) : undefined,
      forwardedFor === '' ? undefined : forwardedFor,
      durationOf(entry.duration, 1000),
    );
  }
}

export const caddyFormat: FormatFactory = {
  name: 'caddy',
  description: 'Caddy JSON access log',
  descriptionFr: 'journal d\u2019accès JSON de Caddy',
  create: () => new CaddyParser(),
};
