import { ATTACK_TAGS, type AttackTag } from '../../model/index.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import { detach } from '../../lib/interner.js';
import { normaliseHeader, normaliseSafeHeader, normaliseSafeTarget, normaliseTarget } from './normalise.js';
import { KeywordScanner, NEEDS_FULL_PASS } from './prefilter.js';
import type { Signature, SignatureField } from './signatures.js';

export { loadSignatures, defaultSignatures, SignatureError } from './signatures.js';
export type { Signature, SignatureField } from './signatures.js';

export type Tagger = (method: string, target: string, userAgent: string, referer: string) => AttackTag[];

export interface TagEngineOptions {
  /** Let benign-looking values skip the full decode + signature pass. Default true (off only to test it). */
  prefilter?: boolean;
  /** Cap of the user-agent and referer verdict caches. Default 20,000 each. */
  cacheSize?: number;
}

export interface TagEngine {
  /** Sorted unique tags of a request. */
  tag: Tagger;
  /**
   * Every signature that matches (full pass, no pre-filter, no cache): for the few tagged requests.
   * With `onlyTags`, only signatures of those tags are tried.
   */
  match(method: string, target: string, userAgent: string, referer: string, onlyTags?: readonly AttackTag[]): Signature[];
  cacheSizes(): { userAgent: number; referer: number };
}

/**
 * Bits in alphabetical order of tag name, so walking the bits upwards yields sorted tags.
 * A request's verdict is a bit mask until the very end: cheap to cache and to combine.
 */
const TAGS_SORTED = [...ATTACK_TAGS].sort();
const TAG_BIT = new Map<AttackTag, number>(TAGS_SORTED.map((tag, i) => [tag, 1 << i]));

/** A referer's scheme and host are plain (no special characters) in benign traffic: skip them. */
const REFERER_ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?=\/|$)/i;
const afterOrigin = (referer: string): number => REFERER_ORIGIN.exec(referer)?.[0].length ?? 0;
const fromStart = (): number => 0;
/** Distinct values whose signature matches are remembered, per field. */
const MATCH_CACHE_SIZE = 5_000;
/** Longer values are matched each time: the caches stay small whatever the input. */
const MAX_CACHED_VALUE = 2_048;
const NONE: readonly Signature[] = Object.freeze([]);

export function createTagEngine(signatures: readonly Signature[], options: TagEngineOptions = {}): TagEngine {
  const usePrefilter = options.prefilter ?? true;
  const cacheSize = options.cacheSize ?? 20_000;
  const byField: Record<SignatureField, Signature[]> = { target: [], userAgent: [], referer: [] };
  for (const signature of signatures) byField[signature.field].push(signature);
  const targetScanner = new KeywordScanner(byField.target.map((s) => s.prefilter));
  const refererScanner = new KeywordScanner(byField.referer.map((s) => s.prefilter));
  const userAgentScanner = new KeywordScanner(byField.userAgent.map((s) => s.prefilter), { userAgent: true });
  const normalisedScanner = new KeywordScanner(byField.target.map((s) => s.prefilter), { afterNormalisation: true });
  const normalisedRefererScanner = new KeywordScanner(byField.referer.map((s) => s.prefilter), { afterNormalisation: true });
  const userAgentCache = new BoundedMap<string, number>(cacheSize, { refreshOnGet: false });
  const refererCache = new BoundedMap<string, number>(cacheSize, { refreshOnGet: false });

  const maskOf = (list: Signature[], normalised: string): number => {
    let mask = 0;
    for (const signature of list) {
      const bit = TAG_BIT.get(signature.tag) as number;
      if ((mask & bit) === 0 && signature.pattern.test(normalised)) mask |= bit;
    }
    return mask;
  };

  /**
   * A value without special characters needs no decoding, and only the signatures whose keywords
   * it contains can match it.
   */
  const scannedMask = (
    list: Signature[],
    scanner: KeywordScanner,
    afterScanner: KeywordScanner,
    value: string,
    startOf: (value: string) => number,
  ): number => {
    if (!usePrefilter) return maskOf(list, normaliseTarget(value));
    const hits = scanner.scan(value, startOf(value));
    if (hits === 0) return 0;
    if (hits !== NEEDS_FULL_PASS) return keywordMask(list, scanner, hits, normaliseSafeTarget(value));
    // encoded but often benign (accented paths, searches): once decoded, the same test applies
    const normalised = normaliseTarget(value);
    const afterHits = afterScanner.scan(normalised, startOf(normalised));
    return afterHits === NEEDS_FULL_PASS ? maskOf(list, normalised) : keywordMask(list, afterScanner, afterHits, normalised);
  };

  const keywordMask = (list: Signature[], scanner: KeywordScanner, hits: number, normalised: string): number => {
    let mask = 0;
    for (let h = 0; h < hits; h++) {
      for (const index of scanner.ownersOf(scanner.hitStates[h] as number)) {
        const signature = list[index] as Signature;
        const bit = TAG_BIT.get(signature.tag) as number;
        if ((mask & bit) === 0 && signature.pattern.test(normalised)) mask |= bit;
      }
    }
    return mask;
  };

  const targetMask = (target: string): number =>
    target.length === 0 ? 0 : scannedMask(byField.target, targetScanner, normalisedScanner, target, fromStart);

  /**
   * User agents repeat a lot and the same string is hashed by other stages anyway: a cache lookup is
   * cheaper than a scan. On a miss, a browser's user agent (no payload character) is checked only
   * against the signatures whose keywords it holds.
   */
  const userAgentMask = (userAgent: string): number => {
    if (userAgent.length === 0 || byField.userAgent.length === 0) return 0;
    const cached = userAgentCache.get(userAgent);
    if (cached !== undefined) return cached;
    const hits = usePrefilter ? userAgentScanner.scan(userAgent) : NEEDS_FULL_PASS;
    const mask =
      hits === NEEDS_FULL_PASS
        ? maskOf(byField.userAgent, normaliseHeader(userAgent))
        : keywordMask(byField.userAgent, userAgentScanner, hits, normaliseSafeHeader(userAgent));
    userAgentCache.set(userAgent, mask);
    return mask;
  };

  /** Referers repeat (the site's own pages, search engines): cached like user agents. */
  const refererMask = (referer: string): number => {
    if (referer.length === 0 || referer === '-' || byField.referer.length === 0) return 0;
    const cached = refererCache.get(referer);
    if (cached !== undefined) return cached;
    const mask = scannedMask(byField.referer, refererScanner, normalisedRefererScanner, referer, afterOrigin);
    refererCache.set(referer, mask);
    return mask;
  };

  const tag: Tagger = (_method, target, userAgent, referer) => {
    const mask = targetMask(target) | userAgentMask(userAgent) | refererMask(referer);
    return tagsOf(mask);
  };

  /**
   * Every signature of one field that matches a value, in signature order. Tagged requests repeat
   * (a scanner sends the same probes to every site): remembered, so that the full pass runs once per
   * distinct value. Referers are decoded as targets: they carry a URL.
   */
  const matchCaches: Record<SignatureField, BoundedMap<string, readonly Signature[]>> = {
    target: new BoundedMap(MATCH_CACHE_SIZE),
    userAgent: new BoundedMap(MATCH_CACHE_SIZE),
    referer: new BoundedMap(MATCH_CACHE_SIZE),
  };
  const fieldMatches = (field: SignatureField, value: string): readonly Signature[] => {
    const list = byField[field];
    if (list.length === 0) return NONE;
    const cache = matchCaches[field];
    let found = cache.get(value);
    if (found === undefined) {
      const normalised = field === 'userAgent' ? normaliseHeader(value) : normaliseTarget(value);
      const matching = list.filter((s) => s.pattern.test(normalised));
      found = matching.length === 0 ? NONE : matching;
      if (value.length <= MAX_CACHED_VALUE) cache.set(detach(value), found);
    }
    return found;
  };
  const order = new Map<Signature, number>(signatures.map((s, i) => [s, i]));
  const bySignatureOrder = (a: Signature, b: Signature): number => (order.get(a) as number) - (order.get(b) as number);

  const match: TagEngine['match'] = (_method, target, userAgent, referer, onlyTags) => {
    const found = [...fieldMatches('target', target), ...fieldMatches('userAgent', userAgent), ...fieldMatches('referer', referer)];
    const kept = onlyTags ? found.filter((s) => onlyTags.includes(s.tag)) : found;
    return kept.sort(bySignatureOrder);
  };

  return { tag, match, cacheSizes: () => ({ userAgent: userAgentCache.size, referer: refererCache.size }) };
}

/** `(method, target, userAgent, referer) => AttackTag[]` (sorted, unique). */
export function createTagger(signatures: readonly Signature[], options: TagEngineOptions = {}): Tagger {
  return createTagEngine(signatures, options).tag;
}

/** One array per set of tags, shared by every event that has it: no stage changes an event's tags. */
const tagLists = new Map<number, AttackTag[]>();

function tagsOf(mask: number): AttackTag[] {
  let tags = tagLists.get(mask);
  if (!tags) {
    tags = TAGS_SORTED.filter((_, i) => (mask & (1 << i)) !== 0);
    tagLists.set(mask, tags);
  }
  return tags;
}
