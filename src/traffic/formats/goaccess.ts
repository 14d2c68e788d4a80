import type { FormatFactory, FormatOptions, LogFormat } from './format.js';
import { TimePattern } from './strptime.js';
import { TemplateParser, checkSeparated, missingEssentials, type FieldKind, type Step } from './template.js';
import { combinedFormat } from './combined.js';
import { commonFormat } from './common.js';
import { vhostCombinedFormat } from './vhost-combined.js';
import { vhostCommonFormat } from './vhost-common.js';
import { w3cFormat } from './w3c.js';
import { cloudfrontFormat } from './cloudfront.js';
import { caddyFormat } from './caddy.js';
import { albFormat } from './alb.js';

const DEFAULT_DATE = '%d/%b/%Y';
const DEFAULT_TIME = '%H:%M:%S';

const SPECIFIERS: Record<string, FieldKind> = {
  h: 'ip',
  v: 'host',
  e: 'skip',
  C: 'skip',
  r: 'request',
  m: 'method',
  U: 'target',
  q: 'query',
  H: 'protocol',
  s: 'status',
  b: 'bytes',
  R: 'referer',
  u: 'user-agent',
  D: 'duration-us',
  T: 'duration-s',
  L: 'duration-ms',
  n: 'duration-ns',
  K: 'skip',
  k: 'skip',
  M: 'skip',
  '^': 'skip',
  '~': 'skip-spaces',
};

/** GoAccess's predefined log formats that Vigie reads with its own parsers. */
const PREDEFINED: Record<string, FormatFactory> = {
  COMBINED: combinedFormat,
  VCOMBINED: vhostCombinedFormat,
  COMMON: commonFormat,
  VCOMMON: vhostCommonFormat,
  W3C: w3cFormat,
  CLOUDFRONT: cloudfrontFormat,
  CADDY: caddyFormat,
  AWSALB: albFormat,
};

/** Compiles a GoAccess log-format string; throws an Error naming the bad specifier. */
export function compileGoaccess(format: string, options: FormatOptions = {}): Step[] {
  const datePattern = new TimePattern(options.goaccessDateFormat ?? DEFAULT_DATE);
  const timePattern = new TimePattern(options.goaccessTimeFormat ?? DEFAULT_TIME);
  const steps: Step[] = [];
  let literal = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c !== '%') {
      literal += c;
      continue;
    }
    const spec = format[i + 1] ?? '';
    i++;
    if (spec === '%') {
      literal += '%';
      continue;
    }
    if (literal !== '') steps.push({ type: 'literal', text: literal });
    literal = '';
    const name = `%${spec}`;
    if (spec === 'd') steps.push({ type: 'field', kind: 'time-pattern', name, pattern: datePattern });
    else if (spec === 't') steps.push({ type: 'field', kind: 'time-pattern', name, pattern: timePattern });
    else if (spec === 'x') {
      // A whole timestamp: the date format alone when it carries the time (e.g. %s), else date then
      // time; with no formats given, any of ISO 8601, CLF or epoch.
      if (options.goaccessDateFormat === undefined) steps.push({ type: 'field', kind: 'time-any', name });
      else {
        const pattern = datePattern.hasTime
          ? datePattern
          : new TimePattern(`${options.goaccessDateFormat} ${options.goaccessTimeFormat ?? DEFAULT_TIME}`);
        steps.push({ type: 'field', kind: 'time-pattern', name, pattern });
      }
    } else {
      let kind = SPECIFIERS[spec];
      if (kind === undefined) throw new Error(`GoAccess log-format: unknown specifier ${name} in "${format}"`);
      // The field GoAccess skips after the time is usually the zone ("%t %^]"): use it.
      const previous = steps[steps.length - 2];
      const between = steps[steps.length - 1];
      if (spec === '^' && previous?.type === 'field' && previous.name === '%t' && between?.type === 'literal' && between.text === ' ') {
        kind = 'zone';
      }
      steps.push({ type: 'field', kind, name });
    }
  }
  if (literal !== '') steps.push({ type: 'literal', text: literal });
  checkSeparated(steps, 'GoAccess log-format');
  const missing = missingEssentials(steps);
  if (missing.length > 0) {
    throw new Error(`GoAccess log-format: no specifier gives the ${missing.join(', ')} (need %h, %d and %t or %x, and %r or %U)`);
  }
  return steps;
}

export const goaccessFormat: FormatFactory = {
  name: 'goaccess',
  description: 'a GoAccess log-format string, or a GoAccess predefined name (COMBINED, VCOMBINED, COMMON, ...)',
  descriptionFr: 'une chaîne log-format de GoAccess, ou un nom prédéfini de GoAccess (COMBINED, VCOMBINED, COMMON, ...)',
  create(options): LogFormat {
    const spec = options.goaccessLogFormat;
    if (!spec) throw new Error('the goaccess format needs its log-format string (goaccessLogFormat)');
    const predefined = PREDEFINED[spec.trim().toUpperCase()];
    if (predefined) return predefined.create(options);
    if (/^[A-Z0-9]+$/.test(spec.trim())) {
      throw new Error(`GoAccess log-format: unknown predefined format ${spec.trim()} (known: ${Object.keys(PREDEFINED).join(', ')})`);
    }
    return new TemplateParser('goaccess', compileGoaccess(spec, options));
  },
};
