import { createHash } from 'node:crypto';
import type { Challenge, ChallengeTicket, ChallengeVerdict, Tickets } from './challenge.js';

export const POW_MIN_BITS = 12;
export const POW_MAX_BITS = 24;

/** How many leading zero bits `hash` starts with (counting up to `limit`). */
export function leadingZeroBits(hash: Buffer, limit: number): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      if (bits >= limit) return bits;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** SHA-256 of `${token}${nonce}`, as the page computes it. */
export function powHash(token: string, nonce: string): Buffer {
  return createHash('sha256').update(token).update(nonce).digest();
}

/** A nonce that solves `token` at `bits` (for tests and benchmarks: a browser does the same in the page). */
export function solvePow(token: string, bits: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(powHash(token, nonce), bits) >= bits) return nonce;
  }
}

/**
 * Proof of work: find a nonce whose SHA-256 with the ticket starts with N zero bits. Each bit doubles
 * the work; the base difficulty rises with the client's risk (each point one bit). A person pays it
 * once per pass; a bot that wants many passes, or many addresses, pays it each time.
 */
export class ProofOfWork implements Challenge {
  readonly kind = 'pow';

  constructor(
    private readonly tickets: Tickets,
    private readonly baseBits: number,
  ) {}

  issue(binding: string, risk: number): ChallengeTicket {
    const bits = Math.max(POW_MIN_BITS, Math.min(POW_MAX_BITS, this.baseBits + Math.round(risk)));
    return this.tickets.issue(this.kind, binding, bits);
  }

  verify(fields: Readonly<Record<string, string>>, binding: string): ChallengeVerdict {
    const token = fields.token;
    const opened = this.tickets.open(this.kind, token, binding);
    if (typeof opened === 'string') return opened;
    const nonce = fields.nonce ?? '';
    if (!/^[0-9a-z]{1,16}$/.test(nonce)) return 'malformed';
    if (leadingZeroBits(powHash(token as string, nonce), opened.param) < opened.param) return 'wrong';
    this.tickets.markUsed(token as string);
    return 'solved';
  }
}
