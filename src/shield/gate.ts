import type { Allowlist } from '../decisions/allowlist.js';
import type { Decision } from '../decisions/decision.js';
import { BoundedMap } from '../lib/bounded-map.js';
import type { IpIntel } from '../model/index.js';
import { riskScore } from './challenge/risk.js';
import type { Client } from './client.js';
import type { PassCookie } from './cookie.js';
import type { Counters } from './metrics.js';
import type { RateKind, RateLimiter } from './rate-limit.js';
import type { UnderAttack } from './under-attack.js';

/** The decisions in force, as src/decisions/active-index.ts keeps them. */
export interface DecisionIndex {
  match(target: { ip: string; asn: number | null; country: string | null }): Decision | null;
}

export type GateResult =
  | { action: 'pass'; why: 'allowlist' | 'cookie' | 'clean' }
  | { action: 'block'; decision: Decision }
  | { action: 'limit'; kind: RateKind; retryAfter: number }
  | { action: 'challenge'; risk: number; why: 'decision' | 'under-attack' };

const FAILURE_WINDOW_MS = 10 * 60_000;

/**
 * What to do with one request, in order: allowlisted networks pass; a ban blocks; the rate limits
 * apply to everyone else (a throttle decision tightens them); a valid pass lets through; a challenge
 * decision or under-attack mode (verified crawlers excepted) asks for a challenge.
 */
export class Gate {
  /** Address -> failed, forged or replayed answers in the current window (evidence). */
  readonly failures = new BoundedMap<string, { count: number; since: number }>(100_000);

  constructor(
    private readonly deps: {
      decisions: DecisionIndex;
      limiter: RateLimiter;
      cookie: PassCookie;
      /** Null when the operator allowlisted nothing (the check is skipped). */
      allowlist: Allowlist | null;
      underAttack: UnderAttack;
      counters: Counters;
      now: () => number;
      /** Called with each failure's running count for the address (evidence). */
      onFailure?: (ip: string, count: number) => void;
    },
  ) {}

  allowlisted(client: Client): boolean {
    const { allowlist } = this.deps;
    // verified crawlers are spared challenges, not bans or limits: only the operator's lists pass whole
    return allowlist !== null && allowlist.match('ip', client.ip, { asn: client.intel.asn }) !== null;
  }

  /** A ban in force on an address that is not allowlisted: its connections can be refused before any request. */
  banned(ip: string, intel: IpIntel): boolean {
    const { allowlist } = this.deps;
    if (allowlist !== null && allowlist.match('ip', ip, { asn: intel.asn }) !== null) return false;
    return this.deps.decisions.match({ ip, asn: intel.asn, country: intel.country })?.type === 'ban';
  }

  check(client: Client, cookieValue: string | undefined): GateResult {
    const { counters } = this.deps;
    if (this.allowlisted(client)) return { action: 'pass', why: 'allowlist' };
    const decision = this.deps.decisions.match({ ip: client.ip, asn: client.intel.asn, country: client.intel.country });
    if (decision?.type === 'ban') return { action: 'block', decision };
    const limited = this.deps.limiter.take(client.rateKeys(), decision?.type === 'throttle');
    if (limited) return { action: 'limit', ...limited };
    if (cookieValue !== undefined) {
      const verdict = this.deps.cookie.verify(cookieValue, client.binding);
      if (verdict === 'valid') {
        counters.count('cookie-valid');
        return { action: 'pass', why: 'cookie' };
      }
      if (verdict !== 'absent') counters.count(`cookie-${verdict}`);
      if (verdict === 'forged' || verdict === 'replayed') this.fail(client.ip);
    }
    const challenged = decision?.type === 'challenge';
    const underAttack = this.deps.underAttack.isOn() && client.intel.networkType !== 'crawler';
    if (!challenged && !underAttack) return { action: 'pass', why: 'clean' };
    const risk = riskScore({ networkType: client.intel.networkType, challenged, underAttack: this.deps.underAttack.isOn(), failures: this.failuresOf(client.ip) });
    return { action: 'challenge', risk, why: challenged ? 'decision' : 'under-attack' };
  }

  /** Counts a failure against an address; the count so far in the window. */
  fail(ip: string): number {
    const now = this.deps.now();
    const entry = this.failures.get(ip);
    let count = 1;
    if (!entry || now - entry.since > FAILURE_WINDOW_MS) this.failures.set(ip, { count, since: now });
    else count = ++entry.count;
    this.deps.onFailure?.(ip, count);
    return count;
  }

  failuresOf(ip: string): number {
    const entry = this.failures.peek(ip);
    return entry && this.deps.now() - entry.since <= FAILURE_WINDOW_MS ? entry.count : 0;
  }
}
