import type { OutgoingHttpHeaders } from 'node:http';
import type { CachePolicy } from './cache-control.js';

export interface CachedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  storedAt: number;
  policy: CachePolicy;
}

export type Freshness = 'fresh' | 'stale-while-revalidate' | 'stale-if-error' | 'too-old';

/**
 * Public responses by key, bounded in bytes: least recently used go first. A Map keeps insertion
 * order, so a hit is moved to the end and eviction takes from the front (entries are few and large,
 * unlike the per-client maps).
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    readonly maxEntryBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  freshness(entry: CachedResponse): Freshness {
    const age = (this.now() - entry.storedAt) / 1000;
    const { ttl, staleWhileRevalidate, staleIfError } = entry.policy;
    if (ttl === null) return 'too-old';
    if (age < ttl) return 'fresh';
    if (age < ttl + staleWhileRevalidate) return 'stale-while-revalidate';
    if (age < ttl + staleIfError) return 'stale-if-error';
    return 'too-old';
  }

  /** Age in whole seconds, for the Age header. */
  age(entry: CachedResponse): number {
    return Math.max(0, Math.floor((this.now() - entry.storedAt) / 1000));
  }

  set(key: string, entry: Omit<CachedResponse, 'storedAt'>): boolean {
    const size = sizeOf(key, entry.body);
    if (size > this.maxEntryBytes || size > this.maxBytes) return false;
    this.delete(key);
    while (this.bytes + size > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    this.entries.set(key, { ...entry, storedAt: this.now() });
    this.bytes += size;
    return true;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= sizeOf(key, entry.body);
  }

  /** Drops entries that can no longer be served even as stale copies. */
  prune(): void {
    for (const [key, entry] of this.entries) if (this.freshness(entry) === 'too-old') this.delete(key);
  }
}

/** Body, key and a fixed allowance for headers and bookkeeping. */
function sizeOf(key: string, body: Buffer): number {
  return body.length + key.length * 2 + 1024;
}
