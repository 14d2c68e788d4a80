import { createHash } from 'node:crypto';

/** The namespace STIX 2.1 gives for deterministic identifiers of cyber-observable objects. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Vigie's own namespace for the identifiers of the domain objects it writes. */
export const VIGIE_NAMESPACE = 'd8b6c3f2-5a1e-4f0b-9c61-3b7a2e4d9f10';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 version 5 (SHA-1, name-based): the same name in the same namespace always gives the same id. */
export function uuidv5(name: string, namespace: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** JSON with keys sorted: the canonical form (RFC 8785 for the flat objects used here). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A cyber-observable's id from its ID contributing properties, as STIX 2.1 section 2.9 specifies. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidv5(canonicalJson(contributing), STIX_SCO_NAMESPACE)}`;
}

/** A domain object's id derived from what it is about, so that exporting twice gives the same objects. */
export function sdoId(type: string, key: string): string {
  return `${type}--${uuidv5(`${type}:${key}`, VIGIE_NAMESPACE)}`;
}
