import { BoundedMap } from '../../lib/bounded-map.js';
import { detach } from '../../lib/interner.js';
import { createHash } from 'node:crypto';
import type { Evidence, Finding, HttpEvent, Scope, Severity } from '../../model/index.js';

/** Deterministic: the same category, scope and rule always give the same id. */
export function findingId(category: string, scope: Scope, rule: string): string {
  return createHash('sha1').update(`${category}|${scope.kind}:${scope.value}|${rule}`).digest('hex').slice(0, 16);
}

/** Long values are cut so that a finding's evidence stays small whatever the input. */
const MAX_PATH = 1024;
const MAX_USER_AGENT = 512;

/**
 * Evidence of many findings repeats the same few user agents: one detached copy of each is shared
 * (copies per evidence line were half of the detectors' memory). Bounded like any other map.
 */
const sharedUserAgents = new BoundedMap<string, string>(4_096, { refreshOnGet: false });

function keptUserAgent(userAgent: string): string {
  if (userAgent.length > MAX_USER_AGENT) return detach(userAgent.slice(0, MAX_USER_AGENT));
  let kept = sharedUserAgents.get(userAgent);
  if (kept === undefined) {
    kept = detach(userAgent);
    sharedUserAgents.set(kept, kept);
  }
  return kept;
}

/** `keptPath`: a detached copy of the event's path that the caller keeps anyway, to share. */
export function toEvidence(event: HttpEvent, keptPath?: string): Evidence {
  return {
    file: event.file,
    line: event.line,
    time: event.time,
    ip: event.ip,
    method: event.method,
    path: keptPath !== undefined && keptPath.length <= MAX_PATH ? keptPath : detach(event.path.length > MAX_PATH ? event.path.slice(0, MAX_PATH) : event.path),
    status: event.status,
    userAgent: keptUserAgent(event.userAgent),
  };
}

/**
 * Evidence lines a key keeps before it is a finding. Most keys never become one (a visitor's
 * occasional 404 or login): they hold two lines, and a finding adds lines up to
 * `evidencePerFinding` once it exists.
 */
export const EVIDENCE_BEFORE_FINDING = 2;

/** Keeps the first `cap` evidence lines. */
export function addEvidence(list: Evidence[], event: HttpEvent, cap: number, keptPath?: string): void {
  if (list.length < cap) list.push(toEvidence(event, keptPath));
}

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export function raiseSeverity(base: Severity, steps: number): Severity {
  const index = Math.min(SEVERITIES.indexOf(base) + Math.max(0, steps), SEVERITIES.length - 1);
  return SEVERITIES[index] as Severity;
}

/** Highest severity first, then most requests, then id (stable output). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || b.count - a.count || a.id.localeCompare(b.id)
  );
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The path without its query string. */
export function pathOnly(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/**
 * The entries of a detector's findings map touched since the live path last asked: so that it
 * rebuilds the findings that changed, not all of them a few times a second. Bounded: past `cap`
 * entries it gives up listing and the next drain returns every entry.
 */
export class TouchedEntries<T> {
  private readonly entries = new Set<T>();
  private overflowed = false;

  constructor(private readonly cap: number) {}

  add(entry: T): void {
    if (this.overflowed) return;
    if (this.entries.size >= this.cap) {
      this.overflowed = true;
      this.entries.clear();
      return;
    }
    this.entries.add(entry);
  }

  /** What was touched since the last drain; `all()` when too much was. */
  drain(all: () => Iterable<T>): T[] {
    const out = this.overflowed ? [...all()] : [...this.entries];
    this.entries.clear();
    this.overflowed = false;
    return out;
  }
}
