import type { Decision } from '../decision.js';

export const NOW = Date.UTC(2025, 0, 1);
export const HOUR = 3_600_000;

let nextId = 0;
/** A decision in force from a minute before NOW, ending `ms` after NOW. */
export function decision(scope: Decision['scope'], value: string, ms: number, overrides: Partial<Decision> = {}): Decision {
  const id = ++nextId;
  return {
    id, uuid: `uuid-${id}`, type: 'ban', scope, value, origin: 'vigie', scenario: 'vigie/test', createdAt: NOW - 60_000,
    until: NOW + ms, deletedAt: null, findingId: null, simulated: false, ...overrides,
  };
}

/** Bans on addresses and networks of both families, nested, repeated, and some that files cannot hold. */
export function sampleDecisions(): Decision[] {
  return [
    decision('ip', '203.0.113.7', 4 * HOUR - 1500),
    decision('range', '198.51.100.0/24', HOUR),
    decision('ip', '2001:db8::1', 2 * HOUR),
    decision('range', '2001:db8:1::/48', 30 * 60_000),
    decision('ip', '198.51.100.9', 3 * HOUR),
    decision('asn', '64500', HOUR),
    decision('country', 'CN', HOUR),
    decision('ip', '192.0.2.1', HOUR, { type: 'challenge' }),
    decision('ip', '192.0.2.2', HOUR, { simulated: true }),
    decision('ip', '192.0.2.3', -1),
    decision('ip', '203.0.113.7', 2 * HOUR),
    decision('ip', '1.2.3.4; }', HOUR),
  ];
}
