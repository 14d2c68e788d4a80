import { randomBytes } from 'node:crypto';
import { BoundedMap } from '../../lib/bounded-map.js';
import { mac, sameMac } from '../signing.js';

/** What a challenge's answer amounts to. All but `solved` are counted; `forged` and `replayed` are evidence. */
export type ChallengeVerdict = 'solved' | 'malformed' | 'forged' | 'expired' | 'wrong' | 'replayed' | 'early';

/** What the page needs to pose a challenge: a signed ticket and the challenge's parameter. */
export interface ChallengeTicket {
  kind: string;
  token: string;
  /** Leading zero bits for proof of work; seconds to wait for the no-script fallback. */
  param: number;
}

/**
 * One way for a client to pay for a pass (proof of work, a timed wait...). Stateless but for the
 * used tickets: a ticket carries its own issue time, parameter and a MAC over the client binding.
 */
export interface Challenge {
  readonly kind: string;
  issue(binding: string, risk: number): ChallengeTicket;
  /** `fields` are the posted form fields (token, and the answer). */
  verify(fields: Readonly<Record<string, string>>, binding: string): ChallengeVerdict;
}

const TICKET_TTL_MS = 10 * 60_000;

/** Signs and checks tickets, and remembers the ones used (bounded) so that each counts once. */
export class Tickets {
  private readonly used: BoundedMap<string, number>;

  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
    usedCap = 200_000,
  ) {
    this.used = new BoundedMap(usedCap, { refreshOnGet: false });
  }

  issue(kind: string, binding: string, param: number): ChallengeTicket {
    const body = `${kind}.${this.now().toString(36)}.${param}.${randomBytes(12).toString('base64url')}`;
    return { kind, token: `${body}.${mac(this.secret, `${body}|${binding}`)}`, param };
  }

  /** The ticket's issue time and parameter, or why it is refused. Does not mark it used. */
  open(kind: string, token: string | undefined, binding: string): { issuedAt: number; param: number } | ChallengeVerdict {
    if (!token || token.length > 160) return 'malformed';
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== kind || !/^[0-9a-z]{1,12}$/.test(parts[1] as string) || !/^\d{1,3}$/.test(parts[2] as string)) return 'malformed';
    const body = parts.slice(0, 4).join('.');
    if (!sameMac(mac(this.secret, `${body}|${binding}`), parts[4] as string)) return 'forged';
    const issuedAt = parseInt(parts[1] as string, 36);
    if (this.now() - issuedAt > TICKET_TTL_MS) return 'expired';
    if (this.used.has(parts[3] as string)) return 'replayed';
    return { issuedAt, param: Number(parts[2]) };
  }

  markUsed(token: string): void {
    this.used.set(token.split('.')[3] as string, this.now());
  }
}
