import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../model/index.js';
import { loadBehaviour } from './behaviour.js';
import { createBruteForceDetector } from './brute-force.js';
import { T0, event } from './test-events.js';

const behaviour = loadBehaviour();
const run = (events: HttpEvent[]) => {
  const detector = createBruteForceDetector({ behaviour, maxKeys: 1000 });
  for (const e of events) detector.observe(e);
  return detector.findings();
};
const post = (overrides: Partial<HttpEvent>) => event({ method: 'POST', path: '/wp-login.php', status: 200, ...overrides });

describe('brute-force detector', () => {
  it('finds repeated failed logins from one address', () => {
    const findings = run(Array.from({ length: 40 }, (_, i) => post({ ip: '192.0.2.66', time: T0 + i * 5000 })));
    const ip = findings.filter((f) => f.scope.kind === 'ip');
    expect(ip).toHaveLength(1);
    expect(ip[0]?.category).toBe('brute-force');
    expect(ip[0]?.technique).toBe('T1110');
    expect(ip[0]?.count).toBe(40);
    expect(ip[0]?.details.failedLogins).toBe(40);
    // one address is not a distributed attack
    expect(findings.filter((f) => f.scope.kind !== 'ip')).toEqual([]);
  });

  it('gives the first failed lines as evidence, each once, and keeps no state for an address that only logs in', () => {
    const detector = createBruteForceDetector({ behaviour, maxKeys: 1000 });
    for (let i = 0; i < 30; i++) detector.observe(post({ ip: '192.0.2.70', time: T0 + i * 1000, status: 302 }));
    // its /24 and its AS count successes (they lower a shared network's failure ratio); the address does not
    expect(detector.stateSizes?.().trackers).toBe(2);
    for (let i = 0; i < 30; i++) detector.observe(post({ ip: '192.0.2.66', time: T0 + i * 1000, line: i + 1 }));
    const [finding] = detector.findings().filter((f) => f.scope.kind === 'ip');
    const lines = finding?.evidence.map((e) => e.line) ?? [];
    expect(lines).toHaveLength(behaviour.evidencePerFinding);
    expect(lines.slice(0, 2)).toEqual([1, 2]);
    expect(new Set(lines).size).toBe(lines.length);
  });

  it('counts GET logins that carry a password, on any login path', () => {
    const findings = run(
      Array.from({ length: 25 }, (_, i) => event({ ip: '192.0.2.67', time: T0 + i * 1000, path: `/api/v1/auth?user=a&password=p${i}`, status: 401 })),
    );
    expect(findings.map((f) => f.scope.value)).toContain('192.0.2.67');
  });

  it('does not flag successful logins, a few failures, or failures spread over days', () => {
    const ok = Array.from({ length: 40 }, (_, i) => post({ ip: '192.0.2.1', time: T0 + i * 1000, status: 302 }));
    const few = Array.from({ length: 5 }, (_, i) => post({ ip: '192.0.2.2', time: T0 + i * 1000 }));
    const slow = Array.from({ length: 40 }, (_, i) => post({ ip: '192.0.2.3', time: T0 + i * 3_600_000 }));
    const pages = Array.from({ length: 40 }, (_, i) => event({ ip: '192.0.2.4', time: T0 + i * 1000, path: '/login' }));
    expect(run([...ok, ...few, ...slow, ...pages])).toEqual([]);
  });

  it('finds credential stuffing spread over the addresses of one /24', () => {
    const events: HttpEvent[] = [];
    for (let i = 0; i < 80; i++) {
      events.push(post({ ip: `203.0.113.${i % 20}`, time: T0 + i * 3000, path: '/login', status: 401, asn: 64501 }));
    }
    const findings = run(events);
    const prefix = findings.find((f) => f.scope.kind === 'prefix');
    expect(prefix?.scope.value).toBe('203.0.113.0/24');
    expect(prefix?.technique).toBe('T1110.004');
    expect(Number(prefix?.details.distinctIps)).toBeGreaterThanOrEqual(10);
    expect(findings.find((f) => f.scope.kind === 'asn')?.scope.value).toBe('AS64501');
    expect(findings.filter((f) => f.scope.kind === 'ip')).toEqual([]);
  });

  it('does not call a busy ISP whose users mostly log in fine credential stuffing', () => {
    const events: HttpEvent[] = [];
    for (let i = 0; i < 400; i++) {
      const failed = i % 4 === 0;
      events.push(post({ ip: `10.${i % 7}.${i % 50}.${i % 200}`, time: T0 + i * 1000, path: '/login', status: failed ? 401 : 302 }));
    }
    expect(run(events)).toEqual([]);
  });
});
