import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Finding } from '../model/index.js';
import { Allowlist } from './allowlist.js';
import { DEFAULT_POLICY, decide, evaluate, parsePolicy } from './policy.js';

const NOW = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'f1', category: 'sqli', scope: { kind: 'ip', value: '198.51.100.9' }, count: 12, severity: 'high', confidence: 0.9,
    technique: 'T1190', rule: 'attack-tags', firstSeen: NOW - 1000, lastSeen: NOW, evidence: [], details: {}, ...overrides,
  };
}

describe('policy table', () => {
  it.each([
    ['sqli', 'high', 'ip', 'ban', 4 * HOUR],
    ['command-injection', 'medium', 'ip', 'ban', 4 * HOUR],
    ['scan', 'medium', 'ip', 'ban', HOUR],
    ['brute-force', 'high', 'ip', 'ban', 2 * HOUR],
    ['spoofed-crawler', 'high', 'ip', 'challenge', HOUR],
    ['flood', 'critical', 'prefix', 'throttle', HOUR / 2],
    ['flood', 'medium', 'ip', 'challenge', HOUR / 4],
  ] as const)('%s (%s, %s) -> %s for the rule\u2019s duration', (category, severity, kind, type, duration) => {
    const value = kind === 'prefix' ? '198.51.100.0/24' : '198.51.100.9';
    const d = decide(finding({ category, severity, scope: { kind, value } }), { now: NOW });
    expect(d).toMatchObject({ type, scope: kind === 'prefix' ? 'range' : 'ip', value, origin: 'vigie', scenario: `vigie/${category}`, findingId: 'f1' });
    expect(d!.until - d!.createdAt).toBe(duration);
  });

  it.each([
    [{ severity: 'low' as const }, 'no-rule'],
    [{ category: 'flood' as const, severity: 'medium' as const, scope: { kind: 'country' as const, value: 'CN' } }, 'no-rule'],
    [{ confidence: 0.2 }, 'low-confidence'],
    [{ scope: { kind: 'ip' as const, value: 'not-an-ip' } }, 'bad-target'],
  ])('no decision for %o (%s)', (overrides, reason) => {
    expect(evaluate(finding(overrides), { now: NOW })).toEqual({ decision: null, reason });
  });

  it('yields none for a rule in simulation, or when all is simulated', () => {
    expect(decide(finding({ rule: 'attack-tags' }), { now: NOW, simulation: { rules: ['attack-tags'] } })).toBeNull();
    expect(decide(finding(), { now: NOW, simulation: { all: true } })).toBeNull();
    expect(decide(finding({ rule: 'other' }), { now: NOW, simulation: { rules: ['attack-tags'] } })).not.toBeNull();
  });

  it('never throws, whatever the finding holds', () => {
    fc.assert(fc.property(fc.anything(), fc.anything(), fc.anything(), (category, scope, severity) => {
      const f = { ...finding(), category, scope, severity } as unknown as Finding;
      const result = evaluate(f, { now: NOW });
      if (result.decision) expect(result.decision.until).toBeGreaterThan(NOW);
    }));
  });
});

describe('escalation', () => {
  const previous = (ages: number[]) => ages.map((days) => ({ createdAt: NOW - days * 86_400_000 }));

  it('multiplies the duration by 4 per earlier decision within 30 days', () => {
    const base = decide(finding(), { now: NOW })!;
    const once = decide(finding(), { now: NOW, previous: previous([2]) })!;
    const twice = decide(finding(), { now: NOW, previous: previous([2, 20]) })!;
    expect(once.until - NOW).toBe((base.until - NOW) * 4);
    expect(twice.until - NOW).toBe((base.until - NOW) * 16);
  });

  it('forgets decisions older than the window and simulated ones', () => {
    const base = decide(finding(), { now: NOW })!;
    const old = decide(finding(), { now: NOW, previous: [...previous([31, 90]), { createdAt: NOW - 1000, simulated: true }] })!;
    expect(old.until).toBe(base.until);
  });

  it('is capped at the maximum duration', () => {
    const d = decide(finding(), { now: NOW, previous: previous(Array.from({ length: 12 }, (_, i) => i)) })!;
    expect(d.until - NOW).toBe(DEFAULT_POLICY.escalation.maxDurationMs);
  });
});

describe('allowlists', () => {
  const allowlist = new Allowlist({ cidrs: ['198.51.100.0/28', '2001:db8::/48'], asns: ['AS64500'], countries: ['CA'] });

  it.each([
    [{ scope: { kind: 'ip' as const, value: '198.51.100.9' } }, undefined, 'allowlist:cidr'],
    [{ category: 'flood' as const, severity: 'high' as const, scope: { kind: 'prefix' as const, value: '198.51.100.0/24' } }, undefined, 'allowlist:cidr'],
    [{ scope: { kind: 'ip' as const, value: '2001:db8::5' } }, undefined, 'allowlist:cidr'],
    [{ scope: { kind: 'ip' as const, value: '192.0.2.1' } }, { asn: 64500 }, 'allowlist:asn'],
    [{ scope: { kind: 'ip' as const, value: '192.0.2.1' } }, { networkType: 'crawler' }, 'allowlist:verified-crawler'],
  ])('%o is never decided against', (overrides, facts, reason) => {
    expect(evaluate(finding(overrides), { now: NOW, allowlist, facts })).toEqual({ decision: null, reason });
  });

  it('still decides against addresses next to an allowlisted network', () => {
    expect(decide(finding({ scope: { kind: 'ip', value: '198.51.100.16' } }), { now: NOW, allowlist, facts: { asn: 64501 } })).not.toBeNull();
  });

  it('names entries it could not read', () => {
    expect(new Allowlist({ cidrs: ['10.0.0.1/8', '10.0.0.0/8'], asns: ['ASX'] }).rejected).toEqual(['10.0.0.1/8', 'ASX']);
  });
});

describe('parsePolicy', () => {
  it('names the source and the bad field', () => {
    expect(() => parsePolicy({ rules: [{ categories: ['sqli'], type: 'ban', duration: 'soon' }], escalation: { factor: 4, windowDays: 30, maxDuration: '30d' } }, 'my-policy.json')).toThrow(
      /my-policy\.json: rules\.0\.duration/,
    );
    expect(() => parsePolicy({ rules: [], escalation: { factor: 4, windowDays: 30, maxDuration: '30d' }, minConfidence: 2 })).toThrow(/minConfidence/);
  });
});
