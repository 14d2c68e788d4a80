import type { AttackTag, Evidence, Finding, HttpEvent } from '../../model/index.js';
import type { Behaviour } from './behaviour.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import type { Detector } from './detector.js';
import { addEvidence, findingId, raiseSeverity, round, TouchedEntries } from './finding-kit.js';
import type { Signature } from './signatures.js';

export interface AttackTagsOptions {
  behaviour: Behaviour;
  maxKeys: number;
  /** The signatures a tagged request matches (re-run on tagged requests only); gives confidence. */
  match?: (event: HttpEvent) => readonly Signature[];
}

interface Group {
  ip: string;
  tag: AttackTag;
  count: number;
  /** Requests answered 2xx: for a probe, the page exists (a real CMS, or an exposed file). */
  successes: number;
  firstSeen: number;
  lastSeen: number;
  evidence: Evidence[];
  /** Signature id -> its confidence; capped. */
  signatures: Map<string, number>;
}

const MAX_SIGNATURES_PER_GROUP = 32;

/** Turns tagged requests into one finding per (address, tag). */
export function createAttackTagsDetector(options: AttackTagsOptions): Detector {
  const { behaviour, match } = options;
  const settings = behaviour.attackTags;
  const groups = new BoundedMap<string, Group>(options.maxKeys);
  const touched = new TouchedEntries<Group>(options.maxKeys);

  return {
    name: 'attack-tags',
    observe(event) {
      if (event.tags.length === 0) return;
      const matched = match ? match(event) : [];
      for (const tag of event.tags) {
        const key = `${event.ip}|${tag}`;
        let group = groups.get(key);
        if (!group) {
          group = { ip: event.ip, tag, count: 0, successes: 0, firstSeen: event.time, lastSeen: event.time, evidence: [], signatures: new Map() };
          groups.set(key, group);
        }
        group.count++;
        touched.add(group);
        if (event.status >= 200 && event.status < 300) group.successes++;
        if (event.time < group.firstSeen) group.firstSeen = event.time;
        if (event.time > group.lastSeen) group.lastSeen = event.time;
        addEvidence(group.evidence, event, behaviour.evidencePerFinding);
        for (const signature of matched) {
          if (signature.tag === tag && group.signatures.size < MAX_SIGNATURES_PER_GROUP) {
            group.signatures.set(signature.id, signature.confidence ?? settings.defaultConfidence);
          }
        }
      }
    },
    findings() {
      return [...groups.values()].map((group) => toFinding(group, behaviour));
    },
    changedFindings() {
      return touched.drain(() => groups.values()).map((group) => toFinding(group, behaviour));
    },
    stateSizes: () => ({ groups: groups.size }),
  };
}

function toFinding(group: Group, behaviour: Behaviour): Finding {
  const settings = behaviour.attackTags;
  const scope = { kind: 'ip' as const, value: group.ip };
  const rule = `attack-tags/${group.tag}`;
  // several independent signatures agreeing say more than one: noisy-OR of their confidences
  const confidences = group.signatures.size > 0 ? [...group.signatures.values()] : [settings.defaultConfidence];
  const combined = 1 - confidences.reduce((miss, c) => miss * (1 - c), 1);
  // and many hits say more than one
  let confidence = 1 - (1 - combined) / (1 + Math.log10(group.count));
  // a CMS page that answers 2xx to every probe is likely the site's own CMS being used
  if (group.tag === 'cms-probe' && group.successes === group.count) confidence *= 0.6;
  let severity = raiseSeverity(settings.severity[group.tag], settings.raiseSeverityAt.filter((n) => group.count >= n).length);
  // a sensitive file served with 2xx may have leaked
  if (group.tag === 'sensitive-file' && group.successes > 0) severity = raiseSeverity(severity, severity === 'medium' ? 1 : 0);
  return {
    id: findingId(group.tag, scope, rule),
    category: group.tag,
    scope,
    count: group.count,
    severity,
    confidence: round(Math.min(0.99, confidence)),
    technique: settings.technique[group.tag],
    rule,
    firstSeen: group.firstSeen,
    lastSeen: group.lastSeen,
    evidence: group.evidence.slice(),
    details: {
      signatures: [...group.signatures.keys()].sort().join(','),
      distinctSignatures: group.signatures.size,
      successfulResponses: group.successes,
    },
  };
}
