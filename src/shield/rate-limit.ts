import { BoundedMap } from '../lib/bounded-map.js';

export const RATE_KINDS = ['ip', 'prefix', 'asn', 'country'] as const;
export type RateKind = (typeof RATE_KINDS)[number];

/**
 * Requests per second allowed to each key of a kind (0: no limit); bursts up to `burst` times that.
 * `hostingAsn` replaces `asn` for hosting, Tor and VPN networks: people browse from access
 * networks, while floods are rented in data centres, so a cloud AS gets far less than an ISP.
 */
export type RateLimits = Record<RateKind, number> & { hostingAsn: number };

export const DEFAULT_RATE_LIMITS: RateLimits = { ip: 20, prefix: 100, asn: 1000, country: 0, hostingAsn: 100 };

interface Bucket {
  tokens: number;
  at: number;
}

/** The keys of one request for each kind; null when unknown (no AS, no country). */
export type RateKeys = Record<RateKind, string | number | null> & { obscured?: boolean };

/**
 * Token buckets per address, network, AS and country, in bounded maps: a flood from more keys than
 * the cap evicts idle buckets (a returning key starts with a full bucket, which is the price of
 * bounded memory). A throttled client (a `throttle` decision) gets `throttleFactor` of the rate.
 */
export class RateLimiter {
  private readonly buckets: Record<RateKind, BoundedMap<string | number, Bucket>>;

  constructor(
    private readonly limits: RateLimits,
    private readonly options: { burst?: number; throttleFactor?: number; capPerKind?: number; now?: () => number } = {},
  ) {
    const cap = options.capPerKind ?? 100_000;
    this.buckets = { ip: new BoundedMap(cap), prefix: new BoundedMap(cap), asn: new BoundedMap(cap), country: new BoundedMap(cap) };
  }

  get size(): number {
    return RATE_KINDS.reduce((n, k) => n + this.buckets[k].size, 0);
  }

  /**
   * Takes one token from each of the request's buckets; null when allowed, else the kind that
   * refused and the seconds until a token is back. Buckets are checked before any is charged:
   * a request refused by its AS does not also drain its address.
   */
  take(keys: RateKeys, throttled = false): { kind: RateKind; retryAfter: number } | null {
    const now = this.options.now ? this.options.now() : performance.now();
    const burst = this.options.burst ?? 3;
    const factor = throttled ? (this.options.throttleFactor ?? 0.1) : 1;
    const held: Bucket[] = [];
    for (const kind of RATE_KINDS) {
      const key = keys[kind];
      const rate = (kind === 'asn' && keys.obscured ? this.limits.hostingAsn : this.limits[kind]) * factor;
      if (key === null || !(rate > 0)) continue;
      const capacity = Math.max(1, rate * burst);
      let bucket = this.buckets[kind].get(key);
      if (!bucket) {
        bucket = { tokens: capacity, at: now };
        this.buckets[kind].set(key, bucket);
      } else {
        bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate);
        bucket.at = now;
      }
      if (bucket.tokens < 1) return { kind, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
      held.push(bucket);
    }
    for (const bucket of held) bucket.tokens -= 1;
    return null;
  }
}
