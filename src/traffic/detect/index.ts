import type { Finding, HttpEvent } from '../../model/index.js';
import { createAttackTagsDetector } from './attack-tags.js';
import { loadBehaviour, type Behaviour } from './behaviour.js';
import { createBruteForceDetector } from './brute-force.js';
import type { Detector } from './detector.js';
import { compareFindings } from './finding-kit.js';
import { createFloodDetector } from './flood.js';
import { createScanDetector } from './scan.js';
import { createSpoofedCrawlerDetector } from './spoofed-crawler.js';
import { defaultSignatures, type Signature } from './signatures.js';
import { createTagEngine } from './tagger.js';

export type { Detector } from './detector.js';
export { createTagger, createTagEngine, loadSignatures, defaultSignatures, SignatureError } from './tagger.js';
export type { Tagger, TagEngine, Signature } from './tagger.js';
export { normaliseTarget, normaliseHeader } from './normalise.js';
export { loadBehaviour, type Behaviour } from './behaviour.js';
export { detectMessages } from './messages.js';

export interface DetectorOptions {
  /** Which crawler a user agent claims to be, or null (from intel). */
  claimedCrawler: (userAgent: string) => string | null;
  /** Cap of every per-key map of every detector; default from behaviour.json. */
  maxKeys?: number;
  /** Cap of the maps of keys watched before they are findings; default from behaviour.json, never above maxKeys. */
  maxTrackedKeys?: number;
  /** Thresholds; default behaviour.json. */
  behaviour?: Behaviour;
  /** Signatures used to weigh attack findings; default the shipped ones. */
  signatures?: readonly Signature[];
}

/** The behaviour detectors, each with its own bounded state. */
export function createDetectors(options: DetectorOptions): Detector[] {
  const behaviour = options.behaviour ?? loadBehaviour();
  const maxKeys = options.maxKeys ?? behaviour.maxKeys;
  const maxTrackedKeys = Math.min(maxKeys, options.maxTrackedKeys ?? behaviour.maxTrackedKeys);
  const engine = createTagEngine(options.signatures ?? defaultSignatures());
  const match = (event: HttpEvent): Signature[] => engine.match(event.method, event.path, event.userAgent, event.referer, event.tags);
  return [
    createAttackTagsDetector({ behaviour, maxKeys, match }),
    createScanDetector({ behaviour, maxKeys, maxTrackedKeys }),
    createBruteForceDetector({ behaviour, maxKeys, maxTrackedKeys }),
    createFloodDetector({ behaviour, maxKeys, maxTrackedKeys }),
    createSpoofedCrawlerDetector({ behaviour, maxKeys, claimedCrawler: options.claimedCrawler }),
  ];
}

/** All findings of all detectors, most severe first, then by request count. */
export function collectFindings(detectors: readonly Detector[]): Finding[] {
  return detectors.flatMap((detector) => detector.findings()).sort(compareFindings);
}
