/**
 * A Map with a hard cap on its size, kept as two generations: new keys go to the young one; when it
 * fills, the old generation is evicted whole and the young one becomes old. A key read while old is
 * moved back to the young generation (unless `refreshOnGet` is false), so busy keys survive and
 * idle ones go: an approximation of least-recently-used with O(1) work per operation.
 * (Evicting one key at a time from the front of a single Map leaves deleted slots that every later
 * eviction walks over again: that was quadratic on real logs.)
 * Detectors keep all their per-key state in these so memory stays bounded whatever the input.
 */
export interface BoundedMapOptions<K, V> {
  /** Protect keys that are read from eviction. Default true. */
  refreshOnGet?: boolean;
  /** Called with each evicted entry. */
  onEvict?: (key: K, value: V) => void;
}

export class BoundedMap<K, V> {
  readonly cap: number;
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly generation: number;
  private readonly refreshOnGet: boolean;
  private readonly onEvict: ((key: K, value: V) => void) | undefined;
  /** How many entries were evicted so far. */
  evictions = 0;
  private removals = 0;

  constructor(cap: number, options: BoundedMapOptions<K, V> = {}) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`cap must be a positive integer, got ${cap}`);
    this.cap = cap;
    this.generation = Math.max(1, Math.floor(cap / 2));
    this.refreshOnGet = options.refreshOnGet ?? true;
    this.onEvict = options.onEvict;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined || this.old.size === 0) return value;
    const aged = this.old.get(key);
    if (aged !== undefined && this.refreshOnGet) {
      this.old.delete(key);
      this.insertYoung(key, aged);
    }
    return aged;
  }

  /** Read without protecting the key. */
  peek(key: K): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): this {
    if (this.young.has(key)) {
      this.young.set(key, value);
    } else if (this.old.has(key)) {
      if (this.refreshOnGet) {
        this.old.delete(key);
        this.insertYoung(key, value);
      } else {
        this.old.set(key, value);
      }
    } else {
      this.insertYoung(key, value);
    }
    return this;
  }

  delete(key: K): boolean {
    const deleted = this.young.delete(key) || this.old.delete(key);
    if (deleted) this.removals++;
    return deleted;
  }

  clear(): void {
    this.removals += this.size;
    this.young.clear();
    this.old.clear();
  }

  /**
   * True while nothing was ever evicted, deleted or aged: a value read earlier is still the one held
   * for its key, and a `get` would move nothing. A caller may then keep values it has read and skip
   * the lookups (a per-address record pointing at its network's state), with the same results.
   */
  everyValueHeld(): boolean {
    return this.evictions === 0 && this.removals === 0 && this.old.size === 0;
  }

  *values(): IterableIterator<V> {
    yield* this.old.values();
    yield* this.young.values();
  }

  *entries(): IterableIterator<[K, V]> {
    yield* this.old.entries();
    yield* this.young.entries();
  }

  private insertYoung(key: K, value: V): void {
    if (this.young.size >= this.generation) {
      this.evict(this.old);
      this.old = this.young;
      this.young = new Map();
    }
    if (this.old.size + this.young.size + 1 > this.cap) this.evict(this.old);
    this.young.set(key, value);
  }

  private evict(generation: Map<K, V>): void {
    this.evictions += generation.size;
    if (this.onEvict) for (const [key, value] of generation) this.onEvict(key, value);
    generation.clear();
  }
}
