import type { Alert } from './alert.js';
import { severityRank, type AlertDigest, type AlertMessage } from './render.js';

export interface RateLimitOptions {
  /** Injected clock, epoch ms. */
  now: () => number;
  /** Messages a channel may send per minute, on average. */
  perMinute: number;
  /** Messages that may go at once after a quiet time. Default: perMinute. */
  burst?: number;
  /** Most severe held-back alerts listed in a digest. Default 5. */
  maxWorst?: number;
}

const MAX_CATEGORIES = 50;

/**
 * A token bucket per channel: messages pass while tokens last; the rest are counted (not kept)
 * and summed up in one digest once a token is free again. Memory stays bounded whatever the flood.
 */
export class ChannelRateLimiter {
  private readonly now: () => number;
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxWorst: number;
  private tokens: number;
  private refilledAt: number;
  private held: AlertDigest | null = null;
  /** Messages folded into digests so far. */
  heldTotal = 0;

  constructor(options: RateLimitOptions) {
    this.now = options.now;
    const perMinute = Number.isFinite(options.perMinute) && options.perMinute > 0 ? options.perMinute : 10;
    this.perMs = perMinute / 60_000;
    this.burst = Math.max(1, Math.floor(options.burst ?? perMinute));
    this.maxWorst = Math.max(0, Math.floor(options.maxWorst ?? 5));
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  /** The messages to send now: this one if a token is free, preceded by a digest of held ones. */
  offer(message: AlertMessage): AlertMessage[] {
    const out = this.tick();
    if (this.held === null && this.take()) out.push(message);
    else this.hold(message);
    return out;
  }

  /** A digest of held messages, once a token is free. */
  tick(): AlertMessage[] {
    if (this.held === null || !this.take()) return [];
    const digest = { ...this.held, to: Math.max(this.held.to, this.now()) };
    this.held = null;
    return [digest];
  }

  /** The held digest now, tokens or not (on shutdown: a digest is better than silence). */
  flush(): AlertMessage[] {
    if (this.held === null) return [];
    const digest = { ...this.held, to: Math.max(this.held.to, this.now()) };
    this.held = null;
    return [digest];
  }

  get holding(): number {
    return this.held?.held ?? 0;
  }

  private take(): boolean {
    const now = this.now();
    if (now > this.refilledAt) {
      this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.perMs);
      this.refilledAt = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private hold(message: AlertMessage): void {
    const now = this.now();
    const digest = (this.held ??= { type: 'digest', from: now, to: now, held: 0, requests: 0, byCategory: {}, worst: [] });
    this.heldTotal++;
    digest.to = Math.max(digest.to, now);
    if (message.type === 'digest') {
      // Only a limiter makes digests; one passed in is merged rather than lost.
      digest.held += message.held;
      digest.requests += message.requests;
      for (const [category, count] of Object.entries(message.byCategory)) this.count(digest, category, count);
      for (const alert of message.worst) this.keepWorst(digest, alert);
      return;
    }
    digest.held += 1;
    digest.requests += message.type === 'alert' ? message.alert.requests : message.added.requests;
    this.count(digest, message.alert.category, 1);
    if (message.type === 'alert') this.keepWorst(digest, message.alert);
  }

  private count(digest: AlertDigest, category: string, n: number): void {
    const key = category in digest.byCategory || Object.keys(digest.byCategory).length < MAX_CATEGORIES ? category : 'other';
    digest.byCategory[key] = (digest.byCategory[key] ?? 0) + n;
  }

  private keepWorst(digest: AlertDigest, alert: Alert): void {
    if (this.maxWorst === 0) return;
    digest.worst.push(alert);
    // Stable sort: among equals, the earliest stays.
    digest.worst.sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    if (digest.worst.length > this.maxWorst) digest.worst.length = this.maxWorst;
  }
}
