/**
 * A Map with a hard cap on its size. When full, adding a new key evicts the least recently used
 * one (or the oldest inserted, when `refreshOnGet` is false: cheaper for caches whose hits are hot).
 * Detectors keep all their per-key state in these so memory stays bounded whatever the input.
 */
export interface BoundedMapOptions<K, V> {
  /** Move a key to the young end on `get` (LRU). Default true. */
  refreshOnGet?: boolean;
  /** Called with each evicted entry, e.g. to fold it into a summary before it is lost. */
  onEvict?: (key: K, value: V) => void;
}

export class BoundedMap<K, V> {
  readonly cap: number;
  private readonly map = new Map<K, V>();
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
    const value = this.map.get(key);
    if (value !== undefined && this.refreshOnGet) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Read without touching recency. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    if (this.map.has(key)) {
      if (this.refreshOnGet) this.map.delete(key);
      this.map.set(key, value);
      return this;
    }
    while (this.map.size >= this.cap) this.evictOldest();
    this.map.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }

  private evictOldest(): void {
    const oldest = this.map.entries().next();
    if (oldest.done) return;
    const [key, value] = oldest.value;
    this.map.delete(key);
    this.evictions++;
    this.onEvict?.(key, value);
  }
}
