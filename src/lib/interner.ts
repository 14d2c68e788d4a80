/**
 * Returns one shared string object for text that repeats from line to line (client addresses, user
 * agents, referers). A string caches its hash inside itself, so every Map keyed by a shared object
 * pays for hashing once per distinct value instead of once per line. A direct-mapped table: a slot
 * holds the last value that fell into it.
 */
const SLOTS = 1 << 18;
const slots: (string | undefined)[] = new Array<string | undefined>(SLOTS);
const MAX_INTERNED = 512;

export function internSlice(line: string, start: number, end: number): string {
  const length = end - start;
  if (length <= 0) return '';
  const fresh = line.slice(start, end);
  if (length > MAX_INTERNED) return fresh;
  const quarter = length >> 2;
  let h = length;
  h = (h * 31 + line.charCodeAt(start)) | 0;
  h = (h * 31 + line.charCodeAt(start + quarter)) | 0;
  h = (h * 31 + line.charCodeAt(start + (length >> 1))) | 0;
  h = (h * 31 + line.charCodeAt(end - quarter - 1)) | 0;
  h = (h * 31 + line.charCodeAt(end - 1)) | 0;
  h ^= h >>> 13;
  const index = Math.imul(h, 0x5bd1e995) >>> 14;
  const cached = slots[index];
  // === compares the characters in bulk; a charCodeAt loop over slices is many times slower
  if (cached === fresh) return cached;
  const kept = detach(fresh);
  slots[index] = kept;
  return kept;
}

/**
 * A copy of `text` that shares no memory with the string it was cut from. A slice of a log line
 * keeps the whole read buffer (a megabyte) alive for as long as the slice lives: anything a stage
 * keeps beyond the current batch (map keys, evidence, samples) must be detached.
 */
export function detach(text: string): string {
  return (' ' + text).slice(1);
}
