import { BoundedMap } from '../../lib/bounded-map.js';

export interface LoginLimits {
  /** Failed attempts allowed per window, per client address. */
  perIp: number;
  /** Failed attempts allowed per window, per user name (whoever tries it). */
  perUser: number;
  windowMs: number;
  /** Keys remembered at most (each map): a flood of addresses cannot fill memory. */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 10, perUser: 5, windowMs: 15 * 60_000, maxKeys: 10_000 };

interface Window {
  start: number;
  failures: number;
}

/**
 * Failed logins per address and per user name, in fixed windows. Both limits apply: a guesser
 * spread over many addresses still meets the per-user limit, and one address trying many names
 * meets the per-address one. Successful logins do not count.
 */
export class LoginRateLimiter {
  private readonly byIp: BoundedMap<string, Window>;
  private readonly byUser: BoundedMap<string, Window>;

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.byIp = new BoundedMap(limits.maxKeys);
    this.byUser = new BoundedMap(limits.maxKeys);
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(ip: string, username: string): number {
    const at = this.now();
    const wait = (map: BoundedMap<string, Window>, key: string, limit: number) => {
      const w = map.peek(key);
      if (!w || at - w.start >= this.limits.windowMs || w.failures < limit) return 0;
      return Math.ceil((w.start + this.limits.windowMs - at) / 1000);
    };
    return Math.max(wait(this.byIp, ip, this.limits.perIp), wait(this.byUser, username.toLowerCase(), this.limits.perUser));
  }

  failed(ip: string, username: string): void {
    this.bump(this.byIp, ip);
    this.bump(this.byUser, username.toLowerCase());
  }

  private bump(map: BoundedMap<string, Window>, key: string): void {
    const at = this.now();
    const w = map.get(key);
    if (!w || at - w.start >= this.limits.windowMs) map.set(key, { start: at, failures: 1 });
    else w.failures++;
  }
}
