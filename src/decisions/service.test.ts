import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import { Allowlist } from './allowlist.js';
import { DecisionInputError, DecisionService, hashApiKey, type DecisionChange } from './service.js';
import { MemoryDecisionStore } from './store.js';

const HOUR = 3_600_000;

function setup(options: ConstructorParameters<typeof DecisionService>[1] = {}) {
  const clock = { t: Date.UTC(2026, 5, 1) };
  const store = new MemoryDecisionStore();
  const service = new DecisionService(store, { now: () => clock.t, ...options });
  const changes: DecisionChange[] = [];
  service.onChange((c) => changes.push(c));
  return { clock, store, service, changes };
}

const finding = (ip = '198.51.100.9'): Finding => ({
  id: `f-${ip}`, category: 'scan', scope: { kind: 'ip', value: ip }, count: 300, severity: 'high', confidence: 0.9,
  technique: 'T1595', rule: 'scan', firstSeen: 0, lastSeen: 0, evidence: [], details: {},
});

describe('DecisionService', () => {
  it('adds a manual decision, normalised, audited and announced', async () => {
    const { service, changes, clock } = setup();
    const d = await service.add({ type: 'ban', scope: 'asn', value: 'AS64500', durationMs: HOUR, reason: ' noisy ', actor: 'alice' });
    expect(d).toMatchObject({ value: '64500', scenario: 'noisy', origin: 'manual', until: clock.t + HOUR });
    expect(changes).toEqual([{ kind: 'added', decision: d }]);
    expect(await service.audit()).toMatchObject([{ action: 'add', actor: 'alice', decisionId: d.id, before: null, after: d, at: clock.t }]);
  });

  it.each([
    [{ scope: 'ip' as const, value: '300.1.1.1' }, /ip: not a valid value/],
    [{ scope: 'range' as const, value: '10.0.0.1/8' }, /range/],
    [{ durationMs: 0 }, /duration/],
    [{ type: 'kick' as never }, /type/],
  ])('refuses bad input %o', async (overrides, message) => {
    const { service, store } = setup();
    await expect(service.add({ type: 'ban', scope: 'ip', value: '198.51.100.9', durationMs: HOUR, reason: 'x', ...overrides })).rejects.toThrow(DecisionInputError);
    await expect(service.add({ type: 'ban', scope: 'ip', value: '198.51.100.9', durationMs: HOUR, reason: 'x', ...overrides })).rejects.toThrow(message);
    expect(await store.queryDecisions()).toEqual([]);
  });

  it('deletes by id and by value, with before/after in the audit trail', async () => {
    const { service, clock, changes } = setup();
    const a = await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.9', durationMs: HOUR, reason: 'x' });
    const b = await service.add({ type: 'challenge', scope: 'ip', value: '198.51.100.9', durationMs: 2 * HOUR, reason: 'y' });
    const c = await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.10', durationMs: HOUR, reason: 'z' });
    clock.t += 1000;
    expect((await service.deleteById(c.id, 'bob'))?.until).toBe(clock.t);
    expect(await service.deleteById(c.id, 'bob')).toBeNull();
    expect((await service.deleteByValue('ip', '::ffff:198.51.100.9', 'bob')).map((d) => d.id)).toEqual([a.id, b.id]);
    expect(await service.list()).toEqual([]);
    expect((await service.list({ all: true })).map((d) => d.deletedAt)).toEqual([clock.t, clock.t, clock.t]);
    const [entry] = await service.audit({ decisionId: a.id, limit: 1 });
    expect(entry).toMatchObject({ action: 'delete', actor: 'bob', before: { until: a.until }, after: { until: clock.t } });
    expect(changes.filter((x) => x.kind === 'deleted')).toHaveLength(3);
  });

  it('decides from findings, once while a decision is in force, and escalates when the offender returns', async () => {
    const { service, clock } = setup();
    const first = await service.addFromFinding(finding());
    expect(first.reason).toBe('decided');
    const base = first.decision!.until - clock.t;
    expect(await service.addFromFinding(finding())).toEqual({ decision: null, reason: 'already-decided' });
    clock.t += base + 1;
    const second = await service.addFromFinding(finding());
    expect(second.decision!.until - clock.t).toBe(base * 4);
    expect((await service.audit()).map((e) => e.actor)).toEqual(['vigie', 'vigie']);
  });

  it('applies allowlists and simulation to findings', async () => {
    const { service } = setup({ allowlist: new Allowlist({ cidrs: ['198.51.100.0/24'] }), simulation: { rules: ['brute'] } });
    expect(await service.addFromFinding(finding())).toEqual({ decision: null, reason: 'allowlist:cidr' });
    expect(await service.addFromFinding({ ...finding('192.0.2.1'), rule: 'brute' })).toEqual({ decision: null, reason: 'simulation' });
    expect(await service.addFromFinding({ ...finding('192.0.2.1'), scope: null } as unknown as Finding)).toEqual({ decision: null, reason: 'invalid-finding' });
    expect(await service.list({ all: true })).toEqual([]);
  });

  it('audits each expiry once, and not deletions', async () => {
    const { service, clock, changes } = setup();
    const a = await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.1', durationMs: HOUR, reason: 'x' });
    const b = await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.2', durationMs: HOUR, reason: 'x' });
    await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.3', durationMs: 3 * HOUR, reason: 'x' });
    await service.deleteById(b.id, 'cli');
    clock.t += 2 * HOUR;
    expect((await service.sweep()).map((d) => d.id)).toEqual([a.id]);
    expect(await service.sweep()).toEqual([]);
    expect(changes.filter((c) => c.kind === 'expired').map((c) => c.decision.id)).toEqual([a.id]);
    expect((await service.audit({ decisionId: a.id }))[0]).toMatchObject({ action: 'expire', actor: 'expiry' });
  });

  it('keeps only a hash of bouncer keys, and refuses a taken or bad name', async () => {
    const { service, store } = setup();
    const key = (await service.addBouncer('firewall'))!;
    expect(key.length).toBeGreaterThanOrEqual(40);
    const [stored] = await store.listBouncers();
    expect(stored!.keyHash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect((await service.authenticate(key))?.name).toBe('firewall');
    expect(await service.authenticate(`${key}x`)).toBeNull();
    expect(await service.authenticate(undefined)).toBeNull();
    expect(await service.addBouncer('firewall')).toBeNull();
    await expect(service.addBouncer('bad name')).rejects.toThrow(DecisionInputError);
  });

  it('a failing listener does not stop the change', async () => {
    const { service } = setup();
    service.onChange(() => {
      throw new Error('boom');
    });
    await expect(service.add({ type: 'ban', scope: 'ip', value: '198.51.100.9', durationMs: HOUR, reason: 'x' })).resolves.toBeDefined();
  });
});
