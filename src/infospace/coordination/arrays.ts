/** A Uint32Array that grows: millions of values without one JS object each. */
export class U32List {
  buf: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = value;
  }

  get(index: number): number {
    return this.buf[index] as number;
  }

  view(): Uint32Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Interns strings (or numbers) as dense ids 0..n-1 and remembers the first form seen. Keys are
 * looked up by a 64-bit hash in typed arrays (see Hash64Ids) rather than a Map: a million accounts
 * or links cost a few megabytes and no per-entry objects.
 */
export class Interner<K extends string | number = string> {
  private readonly index = new Hash64Ids();
  readonly keys: K[] = [];

  id(key: K): number {
    let hi: number;
    let lo: number;
    if (typeof key === 'number') {
      // numbers and strings never share a key: a number's high half carries a marker
      hi = (Math.floor(key / 4294967296) ^ 0xa5a5a5a5) >>> 0;
      lo = key >>> 0;
    } else [hi, lo] = hashString(key);
    const id = this.index.id(hi, lo);
    if (this.index.created) this.keys.push(key);
    return id;
  }

  get size(): number {
    return this.keys.length;
  }
}

let countBuf = new Uint32Array(65536);

/**
 * Stable LSD radix sort of a permutation by 32-bit keys (two 16-bit passes). Sorting by a minor
 * key then by a major key gives the order by (major, minor) in linear time, without comparisons.
 */
export function radixPerm(keys: Uint32Array, perm: Uint32Array, scratch: Uint32Array = new Uint32Array(perm.length)): Uint32Array {
  const n = perm.length;
  let src = perm;
  let dst = scratch;
  for (const shift of [0, 16]) {
    const counts = countBuf;
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((keys[src[i] as number] as number) >>> shift) & 0xffff;
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const p = src[i] as number;
      const d = ((keys[p] as number) >>> shift) & 0xffff;
      dst[counts[d] as number] = p;
      counts[d] = (counts[d] as number) + 1;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (countBuf.length !== 65536) countBuf = new Uint32Array(65536);
  return src;
}

export function identity(n: number): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm;
}

/** Union-find over dense ids with path halving. */
export class UnionFind {
  readonly parent: Uint32Array;

  constructor(n: number) {
    this.parent = identity(n);
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x] as number] as number;
      x = p[x] as number;
    }
    return x;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra > rb ? ra : rb] = ra > rb ? rb : ra;
  }
}

/** Two independent 32-bit hashes of a string in one pass: together, 64 bits that stand for it. */
export function hashString(text: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return [h1 >>> 0, (h2 ^ (h2 >>> 15)) >>> 0];
}

/**
 * Open addressing over 64-bit keys (two uint32 halves) to dense ids, in typed arrays: millions of
 * keys without a JS Map's per-entry cost. Two different keys sharing 64 bits is treated as the same
 * key; over ten million keys that happens with a probability near 3 in a million.
 */
export class Hash64Ids {
  private hi = new Uint32Array(1 << 16);
  private lo = new Uint32Array(1 << 16);
  private ids = new Int32Array(1 << 16).fill(-1);
  size = 0;

  /** The key's id, creating the next one when new; `created` says which. */
  id(hi: number, lo: number): number {
    if (this.size * 2 >= this.ids.length) this.grow();
    const mask = this.ids.length - 1;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    for (;;) {
      const id = this.ids[slot] as number;
      if (id === -1) {
        this.hi[slot] = hi;
        this.lo[slot] = lo;
        this.ids[slot] = this.size;
        this.created = true;
        return this.size++;
      }
      if (this.hi[slot] === hi && this.lo[slot] === lo) {
        this.created = false;
        return id;
      }
      slot = (slot + 1) & mask;
    }
  }

  created = false;

  private grow(): void {
    const { hi, lo, ids } = this;
    this.hi = new Uint32Array(ids.length * 2);
    this.lo = new Uint32Array(ids.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    const mask = this.ids.length - 1;
    for (let s = 0; s < ids.length; s++) {
      const id = ids[s] as number;
      if (id === -1) continue;
      let slot = ((lo[s] as number) ^ Math.imul(hi[s] as number, 0x9e3779b1)) & mask;
      while (this.ids[slot] !== -1) slot = (slot + 1) & mask;
      this.hi[slot] = hi[s] as number;
      this.lo[slot] = lo[s] as number;
      this.ids[slot] = id;
    }
  }
}
