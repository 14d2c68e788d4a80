import type { FormatFactory } from './format.js';
import { TemplateParser, checkSeparated, missingEssentials, type FieldKind, type Step } from './template.js';

const VARIABLES: Record<string, FieldKind> = {
  remote_addr: 'ip',
  time_local: 'time-local',
  time_iso8601: 'time-iso',
  msec: 'time-epoch',
  request: 'request',
  request_method: 'method',
  request_uri: 'target',
  uri: 'uri-path',
  document_uri: 'uri-path',
  args: 'query',
  query_string: 'query',
  server_protocol: 'protocol',
  status: 'status',
  body_bytes_sent: 'body-bytes',
  bytes_sent: 'bytes',
  http_referer: 'referer',
  http_user_agent: 'user-agent',
  http_x_forwarded_for: 'forwarded-for',
  host: 'host',
  http_host: 'host',
  server_name: 'host',
  request_time: 'duration-s',
  upstream_response_time: 'upstream-s',
};

/**
 * The format string itself, also when given as the whole directive
 * (`log_format main '$remote_addr - ...' '...';`): nginx joins the quoted pieces.
 */
export function nginxFormatString(spec: string): string {
  const trimmed = spec.trim();
  if (!/^log_format\s/.test(trimmed)) return spec;
  const pieces = [...trimmed.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  return pieces.join('').replace(/\\(["'\\])/g, '$1');
}

/** Compiles an nginx log_format string; throws an Error naming what is wrong. */
export function compileNginx(spec: string): Step[] {
  const format = nginxFormatString(spec);
  const steps: Step[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '$') {
      literal += c;
      continue;
    }
    let name: string;
    if (format[i + 1] === '{') {
      const close = format.indexOf('}', i + 2);
      if (close === -1) throw new Error(`nginx log_format: unterminated variable "${format.slice(i, i + 20)}"`);
      name = format.slice(i + 2, close);
      i = close;
    } else {
      const match = /^[A-Za-z0-9_]+/.exec(format.slice(i + 1, i + 101));
      name = match ? match[0] : '';
      i += name.length;
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new Error(`nginx log_format: bad variable "$${name}" at character ${i + 1} of "${format}"`);
    }
    if (literal !== '') steps.push({ type: 'literal', text: literal });
    literal = '';
    steps.push({ type: 'field', kind: VARIABLES[name] ?? 'skip', name: `$${name}` });
  }
  if (literal !== '') steps.push({ type: 'literal', text: literal });
  checkSeparated(steps, 'nginx log_format');
  const missing = missingEssentials(steps);
  if (missing.length > 0) {
    throw new Error(
      `nginx log_format: no variable gives the ${missing.join(', ')} ` +
        '(need $remote_addr, one of $time_local/$time_iso8601/$msec, and $request or $request_uri or $uri)',
    );
  }
  return steps;
}

export const nginxFormat: FormatFactory = {
  name: 'nginx',
  description: 'nginx with a custom log_format (give the format string)',
  descriptionFr: 'nginx avec un log_format personnalisé (donner la chaîne de format)',
  create(options) {
    if (!options.nginxLogFormat) throw new Error('the nginx format needs its log_format string (nginxLogFormat)');
    const steps = compileNginx(options.nginxLogFormat);
    return new TemplateParser('nginx', steps);
  },
};
