import type { FormatFactory, FormatOptions, LogFormat } from './format.js';
import { albFormat } from './alb.js';
import { caddyFormat } from './caddy.js';
import { cloudfrontFormat } from './cloudfront.js';
import { combinedFormat } from './combined.js';
import { commonFormat } from './common.js';
import { goaccessFormat } from './goaccess.js';
import { haproxyFormat } from './haproxy.js';
import { jsonFormat } from './json.js';
import { nginxFormat } from './nginx.js';
import { vhostCombinedFormat } from './vhost-combined.js';
import { vhostCommonFormat } from './vhost-common.js';
import { w3cFormat } from './w3c.js';

export type { FormatFactory, FormatOptions, LogFormat } from './format.js';
export { REJECT_REASONS, REASON_CATALOGUE, type RejectReason } from './reasons.js';
export { MAX_LINE_LENGTH } from './scan.js';

/**
 * Every format, most specific first: on a detection tie the earlier one wins (a custom format the
 * operator described beats a built-in; vhost-combined beats combined beats common).
 */
export const FORMAT_FACTORIES: readonly FormatFactory[] = [
  nginxFormat,
  goaccessFormat,
  vhostCombinedFormat,
  combinedFormat,
  vhostCommonFormat,
  commonFormat,
  caddyFormat,
  jsonFormat,
  haproxyFormat,
  albFormat,
  cloudfrontFormat,
  w3cFormat,
];

export function formatNames(): string[] {
  return FORMAT_FACTORIES.map((f) => f.name);
}

export function findFormat(name: string): FormatFactory | undefined {
  return FORMAT_FACTORIES.find((f) => f.name === name);
}

/** A parser for one file. Throws an Error for an unknown name or a bad custom format spec. */
export function createFormat(name: string, options: FormatOptions): LogFormat {
  const factory = findFormat(name);
  if (!factory) throw new Error(`unknown log format "${name}" (known: ${formatNames().join(', ')})`);
  return factory.create(options);
}

/** Lines of a sample that detection reads. */
export const DETECTION_LINES = 50;

/** Whether a format takes part in detection with these options. */
function detectable(factory: FormatFactory, options: FormatOptions): boolean {
  if (factory === nginxFormat) return Boolean(options.nginxLogFormat);
  if (factory === goaccessFormat) return Boolean(options.goaccessLogFormat);
  return true;
}

/**
 * The format that parses most of the first non-empty lines of a file (at most DETECTION_LINES), or
 * null when none parses any. Header lines (W3C `#Fields:`) count for no format but set the columns.
 * A custom spec that does not compile is left out here; createFormat reports its error.
 */
export function detectFormat(sample: string[], options: FormatOptions): { factory: FormatFactory; matched: number } | null {
  const lines: string[] = [];
  for (const line of sample) {
    if (line.trim() === '') continue;
    lines.push(line);
    if (lines.length === DETECTION_LINES) break;
  }
  let best: { factory: FormatFactory; matched: number } | null = null;
  for (const factory of FORMAT_FACTORIES) {
    if (!detectable(factory, options)) continue;
    let parser: LogFormat;
    try {
      parser = factory.create(options);
    } catch {
      continue;
    }
    let matched = 0;
    for (const line of lines) {
      const result = parser.parse(line);
      if (result !== null && typeof result === 'object') matched++;
    }
    if (matched > 0 && (best === null || matched > best.matched)) best = { factory, matched };
  }
  return best;
}
