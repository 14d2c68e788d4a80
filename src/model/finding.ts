import type { AttackTag } from './http-event.js';

export const BEHAVIOUR_CATEGORIES = ['scan', 'brute-force', 'flood', 'spoofed-crawler'] as const;
export type BehaviourCategory = (typeof BEHAVIOUR_CATEGORIES)[number];
export type FindingCategory = AttackTag | BehaviourCategory;

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Who a finding is about. */
export type ScopeKind = 'ip' | 'prefix' | 'asn' | 'country';
export interface Scope {
  kind: ScopeKind;
  /** "203.0.113.7", "203.0.113.0/24", "AS64500", "CA". */
  value: string;
}

/** One log line that supports a finding. */
export interface Evidence {
  file: string;
  line: number;
  time: number;
  ip: string;
  method: string;
  path: string;
  status: number;
  userAgent: string;
}

export interface Finding {
  /** Deterministic: the same category, scope and rule give the same id. */
  id: string;
  category: FindingCategory;
  scope: Scope;
  /** Requests that matched. */
  count: number;
  severity: Severity;
  /** 0..1: how sure the detector is. */
  confidence: number;
  /** MITRE ATT&CK technique id, e.g. "T1190". */
  technique: string;
  /** The rule or detector that fired. */
  rule: string;
  firstSeen: number;
  lastSeen: number;
  /** A bounded sample of the lines that support it (first ones seen). */
  evidence: Evidence[];
  /** Extra measured facts, e.g. { distinctPaths: 312 } or { peakPerMinute: 900, baseline: 12 }. */
  details: Record<string, number | string>;
}
