import { mac, sameMac } from './signing.js';

export const COOKIE_NAME = 'vigie_shield';

/** Why a cookie was not accepted: each is counted; `forged` and `replayed` are evidence against the client. */
export type CookieVerdict = 'valid' | 'absent' | 'malformed' | 'forged' | 'replayed' | 'expired';

/**
 * The pass a client gets for solving a challenge: stateless, so any number of clients costs no
 * memory. `v1.<expiry>.<binding>.<mac>`: the binding (a hash of the client's network and user
 * agent) is in clear so that a valid pass shown by another client is told apart from a forged one.
 */
export class PassCookie {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(binding: string, ttlMs: number): { value: string; maxAgeSeconds: number } {
    const expiry = Math.floor((this.now() + ttlMs) / 1000).toString(36);
    const body = `v1.${expiry}.${binding}`;
    return { value: `${body}.${mac(this.secret, `cookie|${body}`)}`, maxAgeSeconds: Math.floor(ttlMs / 1000) };
  }

  verify(value: string | undefined, binding: string): CookieVerdict {
    if (value === undefined || value === '') return 'absent';
    if (value.length > 128) return 'malformed';
    const parts = value.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1' || !/^[0-9a-z]{1,10}$/.test(parts[1] as string)) return 'malformed';
    const body = `v1.${parts[1]}.${parts[2]}`;
    if (!sameMac(mac(this.secret, `cookie|${body}`), parts[3] as string)) return 'forged';
    if (parts[2] !== binding) return 'replayed';
    if (parseInt(parts[1] as string, 36) * 1000 <= this.now()) return 'expired';
    return 'valid';
  }
}

/** One cookie's value from a Cookie header: the first of that name (browsers send the most specific first). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let found: string | undefined;
  let count = 0;
  for (const part of header.split(';')) {
    if (++count > 64) break;
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      found = part.slice(eq + 1).trim();
      break;
    }
  }
  return found;
}

/** The Cookie header without the shield's own cookie (the origin has no use for it); undefined when nothing is left. */
export function withoutCookie(header: string, name: string): string | undefined {
  const kept = header
    .split(';')
    .filter((part) => {
      const eq = part.indexOf('=');
      return (eq < 0 ? part : part.slice(0, eq)).trim() !== name;
    })
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return kept.length > 0 ? kept.join('; ') : undefined;
}
