/**
 * A Map with a hard cap on its size. When full, adding a new key evicts an old one: by default the
 * oldest key not read since it last came round ("second chance", a cheap approximation of least
 * recently used that costs a flag per read instead of a delete and re-insert); with
 * `refreshOnGet: false`, simply the oldest inserted (for caches whose hits need no protection).
 * Detectors keep all their per-key state in these so memory stays bounded whatever the input.
 */
export interface BoundedMapOptions<K, V> {
  /** Protect keys that are read from eviction. Default true. */
  refreshOnGet?: boolean;
  /** Called with each evicted entry. */
  onEvict?: (key: K, value: V) => void;
}

interface Slot<V> {
  value: V;
  used: boolean;
}

export class BoundedMap<K, V> {
  readonly cap: number;
  private readonly map = new Map<K, Slot<V>>();
  private readonly refreshOnGet: boolean;
  private readonly onEvict: ((key: K, value: V) => void) | undefined;
  /** How many entries were evicted so far. */
  evictions = 0;

  constructor(cap: number, options: BoundedMapOptions<K, V> = {}) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`cap must be a positive integer, got ${cap}`);
    this.cap = cap;
    this.refreshOnGet = options.refreshOnGet ?? true;
    this.onEvict = options.onEvict;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    if (this.refreshOnGet) slot.used = true;
    return slot.value;
  }

  /** Read without protecting the key. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    const slot = this.map.get(key);
    if (slot !== undefined) {
      slot.value = value;
      if (this.refreshOnGet) slot.used = true;
      return this;
    }
    while (this.map.size >= this.cap) this.evictOne();
    this.map.set(key, { value, used: false });
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  *values(): IterableIterator<V> {
    for (const slot of this.map.values()) yield slot.value;
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [key, slot] of this.map) yield [key, slot.value];
  }

  private evictOne(): void {
    // each used key met is moved to the young end once, so this ends within size + 1 steps
    for (;;) {
      const oldest = this.map.entries().next();
      if (oldest.done) return;
      const [key, slot] = oldest.value;
      this.map.delete(key);
      if (slot.used) {
        slot.used = false;
        this.map.set(key, slot);
        continue;
      }
      this.evictions++;
      this.onEvict?.(key, slot.value);
      return;
    }
  }
}
