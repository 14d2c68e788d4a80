/**
 * Returns one shared string object for text that repeats from line to line (client addresses, user
 * agents, referers). A string caches its hash inside itself, so every Map keyed by a shared object
 * pays for hashing once per distinct value instead of once per line. A two-way table: a pair of
 * slots holds the last two values that fell into it. The hash samples a few characters and the
 * last eight: values that differ only in their last digits (ids in referers) are the usual
 * neighbours, and with one slot or fewer sampled characters they evicted one another (13% misses on
 * the simulated log, against 4% now, mostly first sightings).
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
  h = (h * 31 + line.charCodeAt(start + quarter)) | 0;
  h = (h * 31 + line.charCodeAt(start + (length >> 1))) | 0;
  h = (h * 31 + line.charCodeAt(end - quarter - 1)) | 0;
  for (let i = Math.max(start, end - 8); i < end; i++) h = (h * 31 + line.charCodeAt(i)) | 0;
  h ^= h >>> 13;
  const index = (Math.imul(h, 0x5bd1e995) >>> 14) & ~1;
  const first = slots[index];
  // === compares the characters in bulk; a charCodeAt loop over slices is many times slower
  if (first === fresh) return first;
  const second = slots[index + 1];
  if (second === fresh) return second;
  const kept = detach(fresh);
  slots[index + 1] = first;
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
