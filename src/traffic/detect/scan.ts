import { detach } from '../../lib/interner.js';
import type { Evidence, Finding, HttpEvent } from '../../model/index.js';
import type { Behaviour } from './behaviour.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import type { Detector } from './detector.js';
import { addEvidence, EVIDENCE_BEFORE_FINDING, findingId, pathOnly, round, TouchedEntries } from './finding-kit.js';

interface Tracker {
  /** Not-found path -> last time asked; only the most recent `minDistinctPaths` are kept. */
  paths: Map<string, number>;
  count: number;
  firstSeen: number;
  evidence: Evidence[];
}

interface Scan {
  ip: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Distinct not-found paths seen once the scan was recognised (capped). */
  distinct: Set<string>;
  evidence: Evidence[];
}

const MAX_DISTINCT_KEPT = 5000;

/** Many distinct not-found paths from one address within a sliding window: content discovery. */
export function createScanDetector(options: { behaviour: Behaviour; maxKeys: number; maxTrackedKeys?: number }): Detector {
  const { behaviour } = options;
  const settings = behaviour.scan;
  const notFound = new Set(settings.notFoundStatuses);
  const windowMs = settings.windowSeconds * 1000;
  const trackers = new BoundedMap<string, Tracker>(options.maxTrackedKeys ?? options.maxKeys);
  const scans = new BoundedMap<string, Scan>(options.maxKeys);
  const touched = new TouchedEntries<Scan>(options.maxKeys);

  return {
    name: 'scan',
    observe(event: HttpEvent) {
      if (!notFound.has(event.status)) return;
      const path = detach(pathOnly(event.path));
      // without a query string the evidence can share the kept path
      const keptPath = path.length === event.path.length ? path : undefined;
      let tracker = trackers.get(event.ip);
      if (!tracker) {
        tracker = { paths: new Map(), count: 0, firstSeen: event.time, evidence: [] };
        trackers.set(event.ip, tracker);
      }
      tracker.count++;
      // the finding adds this line itself: it must not take it from the tracker too
      const keptHere = tracker.evidence.length < EVIDENCE_BEFORE_FINDING;
      addEvidence(tracker.evidence, event, EVIDENCE_BEFORE_FINDING, keptPath);
      tracker.paths.delete(path);
      tracker.paths.set(path, event.time);
      if (tracker.paths.size > settings.minDistinctPaths) {
        tracker.paths.delete(tracker.paths.keys().next().value as string);
      }
      let inWindow = 0;
      for (const time of tracker.paths.values()) if (Math.abs(event.time - time) <= windowMs) inWindow++;

      let scan = scans.get(event.ip);
      if (!scan && inWindow >= settings.minDistinctPaths) {
        scan = {
          ip: event.ip,
          count: tracker.count - 1,
          firstSeen: tracker.firstSeen,
          lastSeen: event.time,
          distinct: new Set(tracker.paths.keys()),
          evidence: keptHere ? tracker.evidence.slice(0, -1) : tracker.evidence.slice(),
        };
        scans.set(event.ip, scan);
      }
      if (scan) {
        touched.add(scan);
        scan.count++;
        if (event.time > scan.lastSeen) scan.lastSeen = event.time;
        if (event.time < scan.firstSeen) scan.firstSeen = event.time;
        if (scan.distinct.size < MAX_DISTINCT_KEPT) scan.distinct.add(path);
        addEvidence(scan.evidence, event, behaviour.evidencePerFinding, keptPath);
      }
    },
    findings() {
      return [...scans.values()].map(toFinding);
    },
    changedFindings() {
      return touched.drain(() => scans.values()).map(toFinding);
    },
    stateSizes: () => ({ trackers: trackers.size, scans: scans.size }),
  };

  function toFinding(scan: Scan): Finding {
    const scope = { kind: 'ip' as const, value: scan.ip };
    const rule = 'scan/not-found-paths';
    const excess = scan.distinct.size / settings.minDistinctPaths;
    return {
      id: findingId('scan', scope, rule),
      category: 'scan',
      scope,
      count: scan.count,
      severity: excess >= 10 ? 'high' : 'medium',
      confidence: round(Math.min(0.95, 0.7 + 0.1 * Math.log10(excess))),
      technique: settings.technique,
      rule,
      firstSeen: scan.firstSeen,
      lastSeen: scan.lastSeen,
      evidence: scan.evidence.slice(),
      details: {
        distinctPaths: scan.distinct.size,
        minDistinctPaths: settings.minDistinctPaths,
        windowSeconds: settings.windowSeconds,
      },
    };
  }
}
