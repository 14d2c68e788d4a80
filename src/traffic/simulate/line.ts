/** Writes requests as nginx access-log lines, escaping as nginx does (`escape=default`). */
import type { ParsedRequest } from '../../model/index.js';
import type { SimulatedLogFormat } from './types.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NEEDS_ESCAPE = /["\\\x00-\x1f\x7f-\uffff]/;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** nginx `$time_local` in UTC: "20/Oct/2026:22:00:00 +0000". */
export function formatTimeLocal(epochMs: number): string {
  const d = new Date(epochMs);
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** `"`, `\`, control characters and every byte of non-ASCII UTF-8 become \xHH. */
export function escapeNginx(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    out += byte === 0x22 || byte === 0x5c || byte < 0x20 || byte >= 0x7f ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

const CACHE_LIMIT = 50_000;

/**
 * Formats lines. Keeps the last time string, since consecutive lines mostly share their second, and
 * the escaped form of recent fields, since user agents and referers repeat on almost every line.
 */
export class LineWriter {
  private lastSecond = -1;
  private lastTime = '';
  private readonly escaped = new Map<string, string>();

  private escape(value: string): string {
    let out = this.escaped.get(value);
    if (out === undefined) {
      if (this.escaped.size >= CACHE_LIMIT) this.escaped.clear();
      out = escapeNginx(value);
      this.escaped.set(value, out);
    }
    return out;
  }

  constructor(private readonly format: SimulatedLogFormat) {}

  line(request: ParsedRequest, port: number): string {
    const second = Math.floor(request.time / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastTime = formatTimeLocal(second * 1000);
    }
    const head = this.format === 'vhost-combined' ? `${request.host ?? '-'}:${port} ` : '';
    // Paths are nearly all distinct and rarely need escaping: test them rather than cache them.
    const path = NEEDS_ESCAPE.test(request.path) ? escapeNginx(request.path) : request.path;
    const requestLine = `${this.escape(request.method)} ${path} ${this.escape(request.protocol)}`;
    return `${head}${request.ip} - - [${this.lastTime}] "${requestLine}" ${request.status} ${request.bytes} "${this.escape(request.referer)}" "${this.escape(request.userAgent)}"`;
  }
}
