import { ATTACK_TAGS, type AttackTag } from '../../model/index.js';
import { BoundedMap } from './bounded-map.js';
import { normaliseHeader, normaliseTarget } from './normalise.js';
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
  /** Every signature that matches (full pass, no pre-filter, no cache): for the few tagged requests. */
  match(method: string, target: string, userAgent: string, referer: string): Signature[];
  cacheSizes(): { userAgent: number; referer: number };
}

/**
 * Bits in alphabetical order of tag name, so walking the bits upwards yields sorted tags.
 * A request's verdict is a bit mask until the very end: cheap to cache and to combine.
 */
const TAGS_SORTED = [...ATTACK_TAGS].sort();
const TAG_BIT = new Map<AttackTag, number>(TAGS_SORTED.map((tag, i) => [tag, 1 << i]));

/**
 * Characters no benign path needs; any of them (or `..`, `/.`, whitespace, control or non-ASCII)
 * sends a value to the full pass.
 */
const SPECIAL = new Uint8Array(128);
for (const ch of `%'"<>;|\`$\\{}()#*!:[]^~ `) SPECIAL[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 32; c++) SPECIAL[c] = 1;
SPECIAL[127] = 1;

function hasSpecial(value: string, from: number): boolean {
  let previous = 0;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 127 || SPECIAL[c] === 1) return true;
    if (c === 46 /* . */ && (previous === 46 || previous === 47 /* / */)) return true;
    previous = c;
  }
  return false;
}

const REFERER_ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?=\/|$)/i;

export function createTagEngine(signatures: readonly Signature[], options: TagEngineOptions = {}): TagEngine {
  const usePrefilter = options.prefilter ?? true;
  const cacheSize = options.cacheSize ?? 20_000;
  const byField: Record<SignatureField, Signature[]> = { target: [], userAgent: [], referer: [] };
  for (const signature of signatures) byField[signature.field].push(signature);
  const keywords = (field: SignatureField): RegExp | null => {
    const fragments = byField[field].flatMap((s) => s.prefilter);
    return fragments.length > 0 ? new RegExp(fragments.map((f) => `(?:${f})`).join('|'), 'i') : null;
  };
  const targetKeywords = keywords('target');
  const refererKeywords = keywords('referer');
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

  const looksBenign = (value: string, from: number, words: RegExp | null): boolean =>
    usePrefilter && !hasSpecial(value, from) && (words === null || !words.test(value));

  const targetMask = (target: string): number => {
    if (target.length === 0 || looksBenign(target, 0, targetKeywords)) return 0;
    return maskOf(byField.target, normaliseTarget(target));
  };

  const userAgentMask = (userAgent: string): number => {
    if (userAgent.length === 0 || byField.userAgent.length === 0) return 0;
    const cached = userAgentCache.get(userAgent);
    if (cached !== undefined) return cached;
    const mask = maskOf(byField.userAgent, normaliseHeader(userAgent));
    userAgentCache.set(userAgent, mask);
    return mask;
  };

  const refererMask = (referer: string): number => {
    if (referer.length === 0 || referer === '-' || byField.referer.length === 0) return 0;
    const origin = REFERER_ORIGIN.exec(referer);
    if (looksBenign(referer, origin ? origin[0].length : 0, refererKeywords)) return 0;
    const cached = refererCache.get(referer);
    if (cached !== undefined) return cached;
    const mask = maskOf(byField.referer, normaliseTarget(referer));
    refererCache.set(referer, mask);
    return mask;
  };

  const tag: Tagger = (_method, target, userAgent, referer) => {
    const mask = targetMask(target) | userAgentMask(userAgent) | refererMask(referer);
    return mask === 0 ? [] : tagsOf(mask);
  };

  const match = (_method: string, target: string, userAgent: string, referer: string): Signature[] => {
    const values: Record<SignatureField, string> = {
      target: normaliseTarget(target),
      userAgent: normaliseHeader(userAgent),
      referer: normaliseTarget(referer),
    };
    return signatures.filter((s) => s.pattern.test(values[s.field]));
  };

  return { tag, match, cacheSizes: () => ({ userAgent: userAgentCache.size, referer: refererCache.size }) };
}

/** `(method, target, userAgent, referer) => AttackTag[]` (sorted, unique). */
export function createTagger(signatures: readonly Signature[], options: TagEngineOptions = {}): Tagger {
  return createTagEngine(signatures, options).tag;
}

function tagsOf(mask: number): AttackTag[] {
  const tags: AttackTag[] = [];
  for (let i = 0; i < TAGS_SORTED.length; i++) if (mask & (1 << i)) tags.push(TAGS_SORTED[i] as AttackTag);
  return tags;
}
