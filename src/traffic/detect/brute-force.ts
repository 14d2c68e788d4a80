import type { Evidence, Finding, HttpEvent, Scope } from '../../model/index.js';
import type { Behaviour } from './behaviour.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import type { Detector } from './detector.js';
import { addEvidence, EVIDENCE_BEFORE_FINDING, findingId, pathOnly, round, TouchedEntries } from './finding-kit.js';
import { networkPrefix } from './ip-prefix.js';
import { TimeRing } from './time-ring.js';

interface Attempts {
  failures: TimeRing;
  /** Kept for distributed keys only: successes lower the failure ratio of a shared network. */
  successes: TimeRing | null;
  /** Address -> last failure time; for distributed keys only, capped. */
  ips: Map<string, number> | null;
  evidence: Evidence[];
  firstSeen: number;
  failureCount: number;
}

interface Attack {
  scope: Scope;
  rule: string;
  technique: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  evidence: Evidence[];
  distinctIps: number;
  failureRatio: number;
}

/**
 * Repeated failed logins: from one address (password guessing, T1110), or from many addresses of
 * one /24, /64 or AS (credential stuffing, T1110.004). A failure is a login POST (or a GET carrying
 * a password) answered 200 (form shown again), 401, 403 or 429.
 */
export function createBruteForceDetector(options: { behaviour: Behaviour; maxKeys: number; maxTrackedKeys?: number }): Detector {
  const { behaviour } = options;
  const settings = behaviour.bruteForce;
  const loginPath = new RegExp(settings.loginPaths.map((p) => `(?:${p})`).join('|'), 'i');
  const credentialQuery = new RegExp(settings.credentialQuery, 'i');
  const failureStatuses = new Set(settings.failureStatuses);
  const successStatuses = new Set(settings.successStatuses);
  const perIp = settings.perIp;
  const shared = settings.distributed;
  const trackers = new BoundedMap<string, Attempts>(options.maxTrackedKeys ?? options.maxKeys);
  const attacks = new BoundedMap<string, Attack>(options.maxKeys);
  const touched = new TouchedEntries<Attack>(options.maxKeys);
  const maxIpsKept = shared.minDistinctIps * 4;

  const isAttempt = (event: HttpEvent): boolean => {
    const post = event.method === 'POST';
    if (!post && !(event.path.includes('?') && credentialQuery.test(event.path))) return false;
    return loginPath.test(pathOnly(event.path));
  };

  const trackerFor = (key: string, distributed: boolean, time: number): Attempts => {
    let tracker = trackers.get(key);
    if (!tracker) {
      tracker = {
        failures: new TimeRing(distributed ? shared.minFailures : perIp.minFailures),
        successes: distributed ? new TimeRing(shared.minFailures) : null,
        ips: distributed ? new Map() : null,
        evidence: [],
        firstSeen: time,
        failureCount: 0,
      };
      trackers.set(key, tracker);
    }
    return tracker;
  };

  const record = (key: string, scope: Scope, event: HttpEvent, failed: boolean): void => {
    const distributed = scope.kind !== 'ip';
    // an address's successes are not counted: a tracker per visitor who logs in would be waste
    if (!failed && !distributed) return;
    const tracker = trackerFor(key, distributed, event.time);
    if (!failed) {
      tracker.successes?.add(event.time);
      return;
    }
    tracker.failures.add(event.time);
    tracker.failureCount++;
    if (event.time < tracker.firstSeen) tracker.firstSeen = event.time;
    // the finding adds this line itself: it must not take it from the tracker too
    const keptHere = tracker.evidence.length < EVIDENCE_BEFORE_FINDING;
    addEvidence(tracker.evidence, event, EVIDENCE_BEFORE_FINDING);
    if (tracker.ips) {
      tracker.ips.delete(event.ip);
      tracker.ips.set(event.ip, event.time);
      if (tracker.ips.size > maxIpsKept) tracker.ips.delete(tracker.ips.keys().next().value as string);
    }

    let attack = attacks.get(key);
    if (!attack) {
      const windowMs = (distributed ? shared.windowSeconds : perIp.windowSeconds) * 1000;
      if (!tracker.failures.fullWithin(event.time, windowMs)) return;
      let distinctIps = 1;
      let failureRatio = 1;
      if (distributed) {
        distinctIps = 0;
        for (const time of (tracker.ips as Map<string, number>).values()) if (Math.abs(event.time - time) <= windowMs) distinctIps++;
        if (distinctIps < shared.minDistinctIps) return;
        const failures = tracker.failures.countWithin(event.time, windowMs);
        const successes = (tracker.successes as TimeRing).countWithin(event.time, windowMs);
        failureRatio = failures / (failures + successes);
        if (failureRatio < shared.minFailureRatio) return;
      }
      attack = {
        scope,
        rule: distributed ? `brute-force/distributed-${scope.kind}` : 'brute-force/ip',
        technique: distributed ? shared.technique : perIp.technique,
        count: tracker.failureCount - 1,
        firstSeen: tracker.firstSeen,
        lastSeen: event.time,
        evidence: keptHere ? tracker.evidence.slice(0, -1) : tracker.evidence.slice(),
        distinctIps,
        failureRatio,
      };
      attacks.set(key, attack);
    }
    attack.count++;
    touched.add(attack);
    if (event.time > attack.lastSeen) attack.lastSeen = event.time;
    if (tracker.ips) attack.distinctIps = Math.max(attack.distinctIps, tracker.ips.size);
    addEvidence(attack.evidence, event, behaviour.evidencePerFinding);
  };

  const toFinding = (attack: Attack): Finding => {
    const distributed = attack.scope.kind !== 'ip';
    const threshold = distributed ? shared.minFailures : perIp.minFailures;
    const excess = attack.count / threshold;
    return {
      id: findingId('brute-force', attack.scope, attack.rule),
      category: 'brute-force',
      scope: attack.scope,
      count: attack.count,
      severity: excess >= 10 ? 'critical' : 'high',
      confidence: round(Math.min(0.95, (distributed ? 0.6 : 0.7) + 0.15 * Math.log10(excess))),
      technique: attack.technique,
      rule: attack.rule,
      firstSeen: attack.firstSeen,
      lastSeen: attack.lastSeen,
      evidence: attack.evidence.slice(),
      details: distributed
        ? { failedLogins: attack.count, distinctIps: attack.distinctIps, failureRatio: round(attack.failureRatio) }
        : { failedLogins: attack.count },
    };
  };

  return {
    name: 'brute-force',
    observe(event) {
      if (!isAttempt(event)) return;
      const failed = failureStatuses.has(event.status);
      if (!failed && !successStatuses.has(event.status)) return;
      record(`ip|${event.ip}`, { kind: 'ip', value: event.ip }, event, failed);
      const prefix = networkPrefix(event.ip);
      if (prefix) record(`prefix|${prefix}`, { kind: 'prefix', value: prefix }, event, failed);
      if (event.asn !== null) record(`asn|${event.asn}`, { kind: 'asn', value: `AS${event.asn}` }, event, failed);
    },
    findings() {
      return [...attacks.values()].map(toFinding);
    },
    changedFindings() {
      return touched.drain(() => attacks.values()).map(toFinding);
    },
    stateSizes: () => ({ trackers: trackers.size, attacks: attacks.size }),
  };
}
