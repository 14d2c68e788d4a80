import { hanShareOf, normalizeInto } from './normalize.js';

/** Width of character shingles: a Han character carries about as much as a short Latin syllable. */
export const SHINGLE_LATIN = 5;
export const SHINGLE_HAN = 3;

/** Murmur3's finaliser: spreads the bits of a 32-bit value. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes of the character k-grams of a normalised buffer (duplicates included). */
export function shingleHashesOf(codes: Uint16Array, length: number, out: number[] = []): number[] {
  out.length = 0;
  const k = hanShareOf(codes, length) > 0.3 ? SHINGLE_HAN : SHINGLE_LATIN;
  if (length < k) {
    if (length > 0) out.push(fnv(codes, 0, length));
    return out;
  }
  for (let i = 0; i + k <= length; i++) out.push(fnv(codes, i, i + k));
  return out;
}

const scratch = new Uint16Array(8192);

/** Hashes of the character k-grams of a text, normalised first. */
export function shingleHashes(text: string, out: number[] = []): number[] {
  return shingleHashesOf(scratch, normalizeInto(text, scratch), out);
}

function fnv(codes: Uint16Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= codes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Character shingles of a normalised text themselves, for tests and all-pairs comparisons. */
export function shingles(text: string): Set<string> {
  const codes = Uint16Array.from(text, (ch) => ch.charCodeAt(0));
  const k = hanShareOf(codes, codes.length) > 0.3 ? SHINGLE_HAN : SHINGLE_LATIN;
  const set = new Set<string>();
  if (text.length <= k) {
    if (text) set.add(text);
    return set;
  }
  for (let i = 0; i + k <= text.length; i++) set.add(text.slice(i, i + k));
  return set;
}

/**
 * One-permutation MinHash (Li, Owen & Zhang 2012) with densification by rotation (Shrivastava &
 * Li 2014): one hash per shingle instead of one per shingle and per function, which is what makes
 * millions of posts affordable. The share of equal bins between two signatures estimates their
 * Jaccard similarity. Bins must be a power of two. Writes into `out` at `offset`.
 */
export function minhashInto(hashes: readonly number[], bins: number, out: Uint32Array, offset: number): void {
  const shift = 32 - Math.log2(bins);
  const mask = (1 << shift) - 1 || 0xffffffff;
  for (let b = 0; b < bins; b++) out[offset + b] = 0xffffffff;
  for (let i = 0; i < hashes.length; i++) {
    const y = mix32(hashes[i] as number);
    const bin = y >>> shift;
    const value = y & mask;
    if (value < (out[offset + bin] as number)) out[offset + bin] = value;
  }
  for (let b = 0; b < bins; b++) {
    if (out[offset + b] !== 0xffffffff) continue;
    for (let step = 1; step < bins; step++) {
      const from = out[offset + ((b + step) % bins)] as number;
      if (from !== 0xffffffff && from < 0x80000000) {
        out[offset + b] = (0x80000000 | mix32(from + step)) >>> 0;
        break;
      }
    }
  }
}

export function minhash(hashes: readonly number[], bins = 32): Uint32Array {
  const out = new Uint32Array(bins);
  minhashInto(hashes, bins, out, 0);
  return out;
}

/** Share of equal bins: the estimated Jaccard similarity of two signatures. */
export function signatureSimilarity(sig: Uint32Array, a: number, b: number, bins: number): number {
  let same = 0;
  for (let i = 0; i < bins; i++) if (sig[a + i] === sig[b + i]) same++;
  return same / bins;
}

/** A 52-bit hash of a whole normalised buffer: exact copies share it. */
export function textHashOf(codes: Uint16Array, length: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < length; i++) {
    const c = codes[i] as number;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + ((mix32(h2 ^ length) >>> 11) & 0x1fffff);
}

export function textHash(text: string): number {
  return textHashOf(scratch, normalizeInto(text, scratch));
}

/** Exact Jaccard similarity of two texts' shingle sets (for tests and all-pairs comparisons). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}
