import type { Evidence, Finding } from '../../model/index.js';
import type { DecisionSummary } from '../alert.js';

export const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

export function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    file: 'access.log',
    line: 1,
    time: T0,
    ip: '203.0.113.7',
    method: 'GET',
    path: "/search?q=1' OR '1'='1",
    status: 200,
    userAgent: 'sqlmap/1.7',
    ...overrides,
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  const ip = overrides.scope?.value ?? '203.0.113.7';
  return {
    id: `sqli:${ip}`,
    category: 'sqli',
    scope: { kind: 'ip', value: ip },
    count: 12,
    severity: 'high',
    confidence: 0.9,
    technique: 'T1190',
    rule: 'attack-tags',
    firstSeen: T0,
    lastSeen: T0 + 60_000,
    evidence: [evidence({ ip })],
    details: {},
    ...overrides,
  };
}

export function decision(overrides: Partial<DecisionSummary> = {}): DecisionSummary {
  return {
    id: 'd-1',
    action: 'ban',
    scope: { kind: 'ip', value: '203.0.113.7' },
    durationMs: 4 * 3_600_000,
    reason: 'sqli burst',
    createdAt: T0 + 61_000,
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function fakeClock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}
