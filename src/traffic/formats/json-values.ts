import { stripPort } from './scan.js';
import { epochFromNumber, parseAnyTime } from './time.js';

/** A JSON object from one line, or null (no exceptions escape: JSON.parse is wrapped). */
export function parseJsonObject(line: string): Record<string, unknown> | null {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (line.charCodeAt(i) !== 123) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The value at a dotted path ("request.headers.User-Agent"); a key holding the dots wins. */
export function valueAt(object: Record<string, unknown>, path: string): unknown {
  if (path in object) return object[path];
  let current: unknown = object;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A string, the first string of an array (headers as Caddy logs them), or "". "-" counts as "". */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value === '-' ? '' : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return '';
}

/** A client address from "ip", "ip:port" or "[v6]:port", or null. */
export function addressOf(value: unknown): string | null {
  return typeof value === 'string' ? stripPort(value) : null;
}

/** Epoch ms from an epoch number (s, ms, us, ns) or a timestamp text, or NaN. */
export function timeOf(value: unknown): number {
  if (typeof value === 'number') return epochFromNumber(value);
  if (typeof value === 'string') return parseAnyTime(value.trim());
  return NaN;
}

/** A non-negative integer from a number or numeric text; "-" and absent give `absent`; else -1. */
export function countOf(value: unknown, absent: number): number {
  if (value === undefined || value === null || value === '-' || value === '') return absent;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : -1;
}

/** An HTTP status from a number or text, or -1. */
export function statusOf(value: unknown): number {
  const n = countOf(value, -1);
  return n <= 999 ? n : -1;
}

/** Milliseconds from a duration in some unit (msPerUnit: 1000 for seconds), or undefined. */
export function durationOf(value: unknown, msPerUnit: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n * msPerUnit : undefined;
}
