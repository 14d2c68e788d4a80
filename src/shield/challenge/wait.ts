import type { Challenge, ChallengeTicket, ChallengeVerdict, Tickets } from './challenge.js';

/**
 * The fallback for clients without JavaScript: the page refreshes itself to a signed ticket after
 * a wait, and the ticket is honoured only once the wait is over. A person waits a few seconds once
 * per pass; a bot must hold each of its clients for the whole wait, per address and user agent,
 * and comes back with a second request, so a swarm's rate falls to one page per client per wait.
 */
export class TimedWait implements Challenge {
  readonly kind = 'wait';

  constructor(
    private readonly tickets: Tickets,
    private readonly baseSeconds: number,
    private readonly now: () => number,
  ) {}

  issue(binding: string, risk: number): ChallengeTicket {
    const seconds = Math.min(60, Math.max(1, Math.round(this.baseSeconds * (1 + Math.max(0, risk) / 2))));
    return this.tickets.issue(this.kind, binding, seconds);
  }

  verify(fields: Readonly<Record<string, string>>, binding: string): ChallengeVerdict {
    const token = fields.token;
    const opened = this.tickets.open(this.kind, token, binding);
    if (typeof opened === 'string') return opened;
    // a little slack: the browser's timer starts when the page arrives, ours when it was signed
    if (this.now() - opened.issuedAt < opened.param * 1000 - 250) return 'early';
    this.tickets.markUsed(token as string);
    return 'solved';
  }
}
