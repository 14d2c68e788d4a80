import type { Evidence, Finding, HttpEvent, NetworkType } from '../../model/index.js';
import type { Behaviour } from './behaviour.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import type { Detector } from './detector.js';
import { addEvidence, findingId, round, TouchedEntries } from './finding-kit.js';

interface Spoof {
  ip: string;
  crawler: string;
  networkType: NetworkType;
  count: number;
  firstSeen: number;
  lastSeen: number;
  evidence: Evidence[];
}

/**
 * A user agent that claims a known crawler from an address that is not that crawler's network.
 * `claimedCrawler` comes from intel (user agent -> crawler name or null); intel sets the network
 * type to `crawler` only when the address really belongs to the claimed crawler.
 */
export function createSpoofedCrawlerDetector(options: {
  behaviour: Behaviour;
  maxKeys: number;
  claimedCrawler: (userAgent: string) => string | null;
}): Detector {
  const { behaviour, claimedCrawler } = options;
  // user agents repeat a lot; '' stands for "claims nothing"
  const claims = new BoundedMap<string, string>(Math.min(options.maxKeys, 20_000), { refreshOnGet: false });
  const spoofs = new BoundedMap<string, Spoof>(options.maxKeys);
  const touched = new TouchedEntries<Spoof>(options.maxKeys);

  const claimOf = (userAgent: string): string => {
    let claim = claims.get(userAgent);
    if (claim === undefined) {
      claim = claimedCrawler(userAgent) ?? '';
      claims.set(userAgent, claim);
    }
    return claim;
  };

  const toFinding = (spoof: Spoof): Finding => {
    const scope = { kind: 'ip' as const, value: spoof.ip };
    const rule = `spoofed-crawler/${spoof.crawler}`;
    // without data on the address (unknown, private) the claim cannot be refuted as firmly
    const base = spoof.networkType === 'unknown' ? 0.5 : spoof.networkType === 'private' ? 0.3 : 0.85;
    return {
      id: findingId('spoofed-crawler', scope, rule),
      category: 'spoofed-crawler',
      scope,
      count: spoof.count,
      severity: spoof.count >= 100 ? 'high' : 'medium',
      confidence: round(Math.min(0.95, base + 0.03 * Math.log10(spoof.count))),
      technique: behaviour.spoofedCrawler.technique,
      rule,
      firstSeen: spoof.firstSeen,
      lastSeen: spoof.lastSeen,
      evidence: spoof.evidence.slice(),
      details: { claimedCrawler: spoof.crawler, networkType: spoof.networkType },
    };
  };

  return {
    name: 'spoofed-crawler',
    observe(event: HttpEvent) {
      if (event.networkType === 'crawler' || event.userAgent.length === 0) return;
      const crawler = claimOf(event.userAgent);
      if (crawler === '') return;
      const key = `${event.ip}|${crawler}`;
      let spoof = spoofs.get(key);
      if (!spoof) {
        spoof = { ip: event.ip, crawler, networkType: event.networkType, count: 0, firstSeen: event.time, lastSeen: event.time, evidence: [] };
        spoofs.set(key, spoof);
      }
      spoof.count++;
      touched.add(spoof);
      if (event.time < spoof.firstSeen) spoof.firstSeen = event.time;
      if (event.time > spoof.lastSeen) spoof.lastSeen = event.time;
      addEvidence(spoof.evidence, event, behaviour.evidencePerFinding);
    },
    findings() {
      return [...spoofs.values()].map(toFinding);
    },
    changedFindings() {
      return touched.drain(() => spoofs.values()).map(toFinding);
    },
    stateSizes: () => ({ userAgents: claims.size, spoofs: spoofs.size }),
  };
}
