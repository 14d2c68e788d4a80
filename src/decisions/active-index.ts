import { formatIpv4, formatIpv6, ipv6ToBigInt, parseIp } from '../intel/ip.js';
import { rangeOfDecision, type Decision, type DecisionType } from './decision.js';
import type { DecisionChange } from './service.js';

/** What an enforcer knows of a client when it asks whether a decision applies. */
export interface EnforcementTarget {
  ip: string;
  asn: number | null;
  country: string | null;
}

const RANK: Record<DecisionType, number> = { ban: 3, challenge: 2, throttle: 1 };

interface RangeEntry {
  decision: Decision;
  version: 4 | 6;
  start: number | bigint;
  end: number | bigint;
}

/**
 * The decisions in force, indexed for a per-request lookup: the shield asks on every request, and
 * the store is far too slow for that. Simulated decisions are never enforced, so never indexed.
 */
export class ActiveDecisions {
  /** "ip|203.0.113.7", "asn|64500", "country|CA" to the decisions on that target. */
  private readonly byTarget = new Map<string, Decision[]>();
  private readonly targetOfId = new Map<number, string>();
  private ranges: RangeEntry[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  replace(decisions: readonly Decision[]): void {
    this.byTarget.clear();
    this.targetOfId.clear();
    this.ranges = [];
    for (const decision of decisions) this.add(decision);
  }

  apply(change: DecisionChange): void {
    this.remove(change.decision.id);
    if (change.kind === 'added') this.add(change.decision);
  }

  size(): number {
    return this.targetOfId.size + this.ranges.length;
  }

  /** The most severe decision in force on the client (ban, then challenge, then throttle), or null. */
  match(target: EnforcementTarget): Decision | null {
    const now = this.now();
    let best: Decision | null = null;
    const consider = (decision: Decision) => {
      if (decision.until > now && (!best || RANK[decision.type] > RANK[best.type])) best = decision;
    };
    const parsed = parseIp(target.ip);
    if (parsed) {
      const text = parsed.version === 4 ? formatIpv4(parsed.v4) : formatIpv6(parsed.words);
      this.byTarget.get(`ip|${text}`)?.forEach(consider);
      if (this.ranges.length > 0) {
        const value = parsed.version === 4 ? parsed.v4 : ipv6ToBigInt(parsed.words);
        for (const entry of this.ranges) {
          if (entry.version === parsed.version && entry.start <= value && value <= entry.end) consider(entry.decision);
        }
      }
    }
    if (target.asn !== null) this.byTarget.get(`asn|${target.asn}`)?.forEach(consider);
    if (target.country) this.byTarget.get(`country|${target.country.toUpperCase()}`)?.forEach(consider);
    return best;
  }

  /** Drops decisions that ran out, so the index holds only what is in force. */
  sweep(): void {
    const now = this.now();
    for (const [key, list] of this.byTarget) {
      const kept = list.filter((d) => d.until > now);
      if (kept.length === list.length) continue;
      for (const d of list) if (d.until <= now) this.targetOfId.delete(d.id);
      if (kept.length === 0) this.byTarget.delete(key);
      else this.byTarget.set(key, kept);
    }
    this.ranges = this.ranges.filter((entry) => entry.decision.until > now);
  }

  private add(decision: Decision): void {
    if (decision.simulated || decision.until <= this.now()) return;
    if (decision.scope === 'range') {
      const range = rangeOfDecision('range', decision.value);
      if (range) this.ranges.push({ decision, version: range.version, start: range.start, end: range.end });
      return;
    }
    const key = `${decision.scope}|${decision.value}`;
    const list = this.byTarget.get(key);
    if (list) list.push(decision);
    else this.byTarget.set(key, [decision]);
    this.targetOfId.set(decision.id, key);
  }

  private remove(id: number): void {
    const key = this.targetOfId.get(id);
    if (key === undefined) {
      if (this.ranges.some((entry) => entry.decision.id === id)) this.ranges = this.ranges.filter((entry) => entry.decision.id !== id);
      return;
    }
    this.targetOfId.delete(id);
    const kept = (this.byTarget.get(key) ?? []).filter((d) => d.id !== id);
    if (kept.length === 0) this.byTarget.delete(key);
    else this.byTarget.set(key, kept);
  }
}
