import { createHash } from 'node:crypto';
import { BoundedMap } from '../lib/bounded-map.js';
import { detach } from '../lib/interner.js';
import type { Evidence, Finding, HttpEvent, Scope, ScopeKind } from '../model/index.js';
import type { Detector } from '../traffic/detect/detector.js';
import { FIELDS, type FieldSpec } from './fields.js';
import { SCOPE_KEYS, type Rule } from './schema.js';

/**
 * Rules compiled into detectors. Every per-group map is a BoundedMap, and each group keeps at most
 * `threshold` (or `capacity + 1`) times and distinct values, so memory is bounded whatever the input.
 */
export interface RuleEngineOptions {
  /** Cap of each rule's per-group maps (default 50,000; lowered for rules with a large threshold). */
  maxKeys?: number;
  /** Called once per group when a rule fires, with the finding as it stands then (for live use). */
  onFire?: (finding: Finding, event: HttpEvent) => void;
}

export const DEFAULT_MAX_KEYS = 50_000;
/** Times and values kept per rule across its groups: caps the groups of rules with big thresholds. */
const STATE_BUDGET = 2_000_000;
const MAX_PATH = 1024;
const MAX_USER_AGENT = 512;
const MAX_FILTER_IN_DETAILS = 300;

interface Tracker {
  /** Window rules: the times of the last `threshold` matches, as a ring. */
  times: number[];
  next: number;
  /** Window rules with `ratioOf`: times of the last `threshold` events of the wider filter that the rule's filter refused. */
  others: number[] | null;
  othersNext: number;
  /** Distinct value -> last time seen, oldest first; capped. */
  distinct: Map<string, number> | null;
  /** Leaky rules. */
  level: number;
  last: number;
  count: number;
  firstSeen: number;
  /** The latest matches, oldest first: the evidence of the firing. */
  recent: Evidence[];
}

interface Fired {
  scope: Scope;
  group: string[];
  count: number;
  firstSeen: number;
  lastSeen: number;
  evidence: Evidence[];
  why: Record<string, number | string>;
  fires: number;
  /** Until then the group does not fire again (CrowdSec's blackhole); Infinity: once per run. */
  quietUntil: number;
}

function toEvidence(event: HttpEvent): Evidence {
  return {
    file: event.file,
    line: event.line,
    time: event.time,
    ip: detach(event.ip),
    method: detach(event.method),
    path: detach(event.path.length > MAX_PATH ? event.path.slice(0, MAX_PATH) : event.path),
    status: event.status,
    userAgent: detach(event.userAgent.length > MAX_USER_AGENT ? event.userAgent.slice(0, MAX_USER_AGENT) : event.userAgent),
  };
}

function scopeOf(kind: ScopeKind, value: string | number): Scope {
  return { kind, value: kind === 'asn' ? `AS${value}` : String(value) };
}

function findingIdOf(rule: Rule, scope: Scope, group: readonly string[]): string {
  const extra = group.length > 1 ? `|${group.join('|')}` : '';
  return createHash('sha1').update(`${rule.category}|${scope.kind}:${scope.value}|${rule.name}${extra}`).digest('hex').slice(0, 16);
}

export function compileRule(rule: Rule, options: RuleEngineOptions = {}): Detector {
  const test = rule.filterCompiled.test;
  const ratioTest = rule.ratioCompiled?.test ?? null;
  const minRatio = rule.minRatio ?? 0;
  const keyGetters = rule.groupBy.map((name) => (FIELDS.get(name) as FieldSpec).get);
  const scopeIndex = rule.groupBy.findIndex((key) => (SCOPE_KEYS as readonly string[]).includes(key));
  const scopeKind = rule.groupBy[scopeIndex] as ScopeKind;
  const distinctGet = rule.distinct !== undefined ? (FIELDS.get(rule.distinct) as FieldSpec).get : null;
  const threshold = rule.threshold ?? 1;
  const minDistinct = rule.minDistinct ?? threshold;
  const capacity = rule.capacity ?? 0;
  const windowMs = rule.windowMs ?? 0;
  const leakMs = rule.leakMs ?? 1;
  const blackholeMs = rule.blackholeMs;
  const perKey = rule.type === 'window' ? threshold * (ratioTest ? 2 : 1) + (distinctGet ? minDistinct : 0) : rule.type === 'leaky' ? capacity + 1 : 1;
  const maxKeys = Math.max(100, Math.min(options.maxKeys ?? DEFAULT_MAX_KEYS, Math.floor(STATE_BUDGET / perKey)));
  const needed = rule.type === 'leaky' ? capacity + 1 : threshold;
  const recentCap = Math.min(rule.evidence, needed);
  // a group fires after at least `needed` matches, so its first `needed - recentCap` matches can never
  // be among the last `recentCap` before firing: most groups (quiet visitors) never pay for evidence
  const evidenceFrom = needed - recentCap;
  const trackers = new BoundedMap<string, Tracker>(maxKeys);
  const fired = new BoundedMap<string, Fired>(maxKeys);
  const filterText = rule.filter.length > MAX_FILTER_IN_DETAILS ? `${rule.filter.slice(0, MAX_FILTER_IN_DETAILS)}…` : rule.filter;

  const keep = (list: Evidence[], event: HttpEvent, cap: number): void => {
    if (cap === 0) return;
    if (list.length >= cap) list.shift();
    list.push(toEvidence(event));
  };

  /** Keeps `value` as the newest distinct value; the oldest goes past `cap`. */
  const remember = (distinct: Map<string, number>, value: string, time: number, cap: number): boolean => {
    const known = distinct.delete(value);
    distinct.set(known ? value : detach(value), time);
    if (distinct.size > cap) distinct.delete(distinct.keys().next().value as string);
    return !known;
  };

  /** Why the group fires now, or null while it does not. */
  const check = (tracker: Tracker, event: HttpEvent): Record<string, number | string> | null => {
    const now = event.time;
    if (rule.type === 'trigger') return {};
    if (rule.type === 'window') {
      const distinctValue = distinctGet ? distinctGet(event) : null;
      if (tracker.distinct && distinctValue !== null) remember(tracker.distinct, String(distinctValue), now, minDistinct);
      if (tracker.times.length < threshold) tracker.times.push(now);
      else tracker.times[tracker.next] = now;
      tracker.next = (tracker.next + 1) % threshold;
      if (tracker.times.length < threshold || (tracker.distinct && tracker.distinct.size < minDistinct)) return null;
      let inWindow = 0;
      // lines of merged logs come slightly out of order: a time counts on either side of now
      for (const time of tracker.times) if (Math.abs(now - time) <= windowMs) inWindow++;
      if (inWindow < threshold) return null;
      const why: Record<string, number | string> = { countInWindow: inWindow, threshold, windowSeconds: windowMs / 1000 };
      if (tracker.distinct) {
        let distinct = 0;
        for (const time of tracker.distinct.values()) if (Math.abs(now - time) <= windowMs) distinct++;
        if (distinct < minDistinct) return null;
        Object.assign(why, { distinctField: rule.distinct as string, distinct, minDistinct });
      }
      if (tracker.others) {
        let others = 0;
        for (const time of tracker.others) if (Math.abs(now - time) <= windowMs) others++;
        const ratio = inWindow / (inWindow + others);
        if (ratio < minRatio) return null;
        Object.assign(why, { ratio: Math.round(ratio * 100) / 100, minRatio });
      }
      return why;
    }
    const elapsed = Math.max(0, now - tracker.last);
    tracker.level = Math.max(0, tracker.level - elapsed / leakMs);
    if (now > tracker.last) tracker.last = now;
    if (tracker.level === 0) tracker.distinct?.clear(); // an empty bucket starts afresh
    if (tracker.distinct && distinctGet) {
      const value = distinctGet(event);
      if (value === null || !remember(tracker.distinct, String(value), now, capacity + 1)) return null;
    }
    tracker.level += 1;
    if (tracker.level <= capacity) return null;
    const why: Record<string, number | string> = { level: Math.round(tracker.level * 100) / 100, capacity, leakSpeedSeconds: leakMs / 1000 };
    if (tracker.distinct) Object.assign(why, { distinctField: rule.distinct as string, distinct: tracker.distinct.size });
    return why;
  };

  const finding = (state: Fired): Finding => ({
    id: findingIdOf(rule, state.scope, state.group),
    category: rule.category,
    scope: state.scope,
    count: state.count,
    severity: rule.severity,
    confidence: rule.confidence,
    technique: rule.technique,
    rule: rule.name,
    firstSeen: state.firstSeen,
    lastSeen: state.lastSeen,
    evidence: state.evidence.slice(),
    details: { ...state.why },
  });

  return {
    name: rule.name,
    observe(event) {
      const matched = test(event);
      if (!matched && !(ratioTest && ratioTest(event))) return;
      const group: string[] = [];
      for (const get of keyGetters) {
        const value = get(event);
        if (value === null || typeof value === 'object') return; // no country, no AS: nothing to group by
        group.push(String(value));
      }
      const key = group.length === 1 ? (group[0] as string) : group.join('\u0001');
      const done = fired.get(key);
      if (done && matched) {
        done.count++;
        if (event.time > done.lastSeen) done.lastSeen = event.time;
        if (event.time < done.firstSeen) done.firstSeen = event.time;
        if (done.evidence.length < rule.evidence) done.evidence.push(toEvidence(event));
      }
      // a fired group is measured afresh once its quiet time is over, so that it may fire again
      if (done && !(event.time > done.quietUntil)) return;
      let tracker = trackers.get(key);
      if (!tracker) {
        tracker = {
          times: [],
          next: 0,
          others: ratioTest ? [] : null,
          othersNext: 0,
          distinct: distinctGet ? new Map() : null,
          level: 0,
          last: event.time,
          count: 0,
          firstSeen: event.time,
          recent: [],
        };
        trackers.set(detach(key), tracker);
      }
      if (!matched) {
        const others = tracker.others as number[];
        if (others.length < threshold) others.push(event.time);
        else others[tracker.othersNext] = event.time;
        tracker.othersNext = (tracker.othersNext + 1) % threshold;
        return;
      }
      if (tracker.count === 0 || event.time < tracker.firstSeen) tracker.firstSeen = event.time;
      tracker.count++;
      if (tracker.count > evidenceFrom) keep(tracker.recent, event, recentCap);
      const measured = check(tracker, event);
      if (!measured) return;
      trackers.delete(key);
      const why: Record<string, number | string> = {
        type: rule.type,
        ...measured,
        groupBy: rule.groupBy.join(','),
        firedAtFile: event.file,
        firedAtLine: event.line,
        firedAt: event.time,
        filter: filterText,
      };
      rule.groupBy.forEach((name, i) => {
        if (i !== scopeIndex) why[`group.${name}`] = detach(group[i] as string);
      });
      for (const [label, value] of Object.entries(rule.labels)) why[`label.${label}`] = typeof value === 'number' ? value : String(value);
      if (rule.simulation) why.simulated = 1;
      const quietUntil = blackholeMs === null ? Infinity : event.time + blackholeMs;
      if (done) {
        done.fires++;
        done.quietUntil = quietUntil;
        done.why = { ...why, fires: done.fires };
        options.onFire?.(finding(done), event);
        return;
      }
      if (blackholeMs !== null) why.fires = 1;
      const state: Fired = {
        scope: scopeOf(scopeKind, detach(group[scopeIndex] as string)),
        group: group.map(detach),
        count: tracker.count,
        firstSeen: tracker.firstSeen,
        lastSeen: event.time,
        evidence: tracker.recent,
        why,
        fires: 1,
        quietUntil,
      };
      fired.set(detach(key), state);
      options.onFire?.(finding(state), event);
    },
    findings: () => [...fired.values()].map(finding),
    stateSizes: () => ({ trackers: trackers.size, fired: fired.size }),
  };
}

/** Detectors for the enabled rules, in order. */
export function createRuleDetectors(rules: readonly Rule[], options: RuleEngineOptions = {}): Detector[] {
  return rules.filter((rule) => rule.enabled).map((rule) => compileRule(rule, options));
}
