import type { HttpEvent } from '../model/index.js';
import { prefixOf } from '../intel/ip.js';

/**
 * The event fields a rule may read, by name. Looked up in a Map built here, never by property access
 * on the event: a name such as `constructor` or `__proto__` is simply unknown.
 */
export type FieldType = 'number' | 'string' | 'list';

export interface FieldSpec {
  type: FieldType;
  /** May be absent (null) on some events. */
  nullable: boolean;
  get(event: HttpEvent): number | string | null | readonly string[];
}

function pathOnly(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

function queryOf(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? '' : target.slice(q + 1);
}

/** Lower-case extension of the last path segment ("php", "png"), or "" when it has none. */
function extensionOf(target: string): string {
  const path = pathOnly(target);
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash + 1 || dot === path.length - 1) return '';
  return path.slice(dot + 1).toLowerCase();
}

const spec = (type: FieldType, get: FieldSpec['get'], nullable = false): FieldSpec => ({ type, nullable, get });

export const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['time', spec('number', (e) => e.time)],
  ['ip', spec('string', (e) => e.ip)],
  ['method', spec('string', (e) => e.method)],
  ['path', spec('string', (e) => e.path)],
  ['pathOnly', spec('string', (e) => pathOnly(e.path))],
  ['query', spec('string', (e) => queryOf(e.path))],
  ['extension', spec('string', (e) => extensionOf(e.path))],
  ['protocol', spec('string', (e) => e.protocol)],
  ['status', spec('number', (e) => e.status)],
  ['bytes', spec('number', (e) => e.bytes)],
  ['referer', spec('string', (e) => e.referer)],
  ['userAgent', spec('string', (e) => e.userAgent)],
  ['host', spec('string', (e) => e.host ?? null, true)],
  ['forwardedFor', spec('string', (e) => e.forwardedFor ?? null, true)],
  ['durationMs', spec('number', (e) => e.durationMs ?? null, true)],
  ['file', spec('string', (e) => e.file)],
  ['line', spec('number', (e) => e.line)],
  ['country', spec('string', (e) => e.country, true)],
  ['asn', spec('number', (e) => e.asn, true)],
  ['org', spec('string', (e) => e.org, true)],
  ['networkType', spec('string', (e) => e.networkType)],
  ['origin', spec('string', (e) => e.origin)],
  ['tags', spec('list', (e) => e.tags)],
  ['prefix', spec('string', (e) => prefixOf(e.ip), true)],
]);

export const FIELD_NAMES: readonly string[] = [...FIELDS.keys()];

/** The fields a rule may group by or count distinct values of: scalars only. */
export function isKeyField(name: string): boolean {
  const field = FIELDS.get(name);
  return field !== undefined && field.type !== 'list';
}
