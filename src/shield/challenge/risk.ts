import type { NetworkType } from '../../model/index.js';

export interface RiskFacts {
  networkType: NetworkType;
  /** A challenge decision is in force against the client. */
  challenged: boolean;
  underAttack: boolean;
  /** Failed, forged or replayed answers from the client's address recently. */
  failures: number;
}

/**
 * How much more a client should pay than a person on a home connection, in points: each point is
 * one more bit of proof of work (twice the work), or a longer wait. Obscured networks (hosting,
 * Tor, VPN) carry most floods; past failures are evidence of a bot trying its luck.
 */
export function riskScore(facts: RiskFacts): number {
  let risk = 0;
  if (facts.networkType === 'hosting' || facts.networkType === 'tor' || facts.networkType === 'vpn') risk += 2;
  if (facts.challenged) risk += 2;
  if (facts.underAttack) risk += 1;
  risk += Math.min(4, facts.failures);
  return risk;
}
