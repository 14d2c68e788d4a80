import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../model/index.js';
import { DuckDbDecisionStore } from './duckdb-decision-store.js';
import { DecisionService } from './service.js';
import { MemoryDecisionStore } from './store.js';
import { WriteBehindDecisionStore } from './write-behind-store.js';

const T0 = Date.UTC(2026, 10, 23);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const finding = (ip: string): Finding => ({
  id: `f-${ip}`, category: 'scan', scope: { kind: 'ip', value: ip }, count: 300, severity: 'high', confidence: 0.9,
  technique: 'T1595', rule: 'scan', firstSeen: 0, lastSeen: 0, evidence: [], details: {},
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('WriteBehindDecisionStore', () => {
  it('keeps decisions and audit in memory until flushed, then writes them in one batch to DuckDB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-wb-'));
    dirs.push(dir);
    const clock = { t: T0 };
    const duck = await DuckDbDecisionStore.open(dir);
    const store = await WriteBehindDecisionStore.open(duck, { now: () => clock.t });
    const service = new DecisionService(store, { now: () => clock.t });
    for (let i = 1; i <= 1200; i++) await service.addFromFinding(finding(`198.51.${i >> 8}.${i & 255}`));
    const repeat = await service.addFromFinding(finding('198.51.0.1'));
    expect(repeat.reason).toBe('already-decided');
    expect(await duck.queryDecisions({})).toHaveLength(0);
    expect(store.pending()).toBe(2400);
    await store.flush();
    expect(store.pending()).toBe(0);
    const written = await duck.queryDecisions({});
    expect(written).toHaveLength(1200);
    expect(written.map((d) => d.id)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    // a deletion rewrites the row, and its audit follows the adds
    const ended = await service.deleteById(7, 'alice');
    await store.flush();
    expect((await duck.getDecision(7))?.deletedAt).toBe(ended?.deletedAt);
    expect((await duck.auditTrail({ limit: 1 }))[0]).toMatchObject({ seq: 1201, actor: 'alice', action: 'delete', decisionId: 7 });
    await store.close();

    // a new process continues the numbering and knows what is in force without asking DuckDB per finding
    clock.t += HOUR / 2;
    const reopened = await WriteBehindDecisionStore.open(await DuckDbDecisionStore.open(dir), { now: () => clock.t });
    const again = new DecisionService(reopened, { now: () => clock.t });
    expect((await again.addFromFinding(finding('198.51.0.2'))).reason).toBe('already-decided');
    const fresh = await again.addFromFinding(finding('192.0.2.1'));
    expect(fresh.decision?.id).toBe(1201);
    expect((await again.loadActive()).size()).toBe(1200);
    await reopened.close();
  });

  it('escalates a repeat offender from memory, and asks the backing store for what it evicted', async () => {
    const clock = { t: T0 };
    const backing = new MemoryDecisionStore();
    const store = await WriteBehindDecisionStore.open(backing, { now: () => clock.t, maxDecisions: 2 });
    const service = new DecisionService(store, { now: () => clock.t });
    const first = (await service.addFromFinding(finding('203.0.113.5'))).decision;
    clock.t += 2 * HOUR;
    const second = (await service.addFromFinding(finding('203.0.113.5'))).decision;
    expect(second && first && second.until - second.createdAt).toBe(4 * (first!.until - first!.createdAt));
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) await service.addFromFinding(finding(ip));
    await store.flush();
    // the offender's first decisions were evicted (cap 2): the escalation count comes from the backing store
    clock.t += 2 * DAY;
    const third = (await service.addFromFinding(finding('203.0.113.5'))).decision;
    expect(third && third.until - third.createdAt).toBe(16 * (first!.until - first!.createdAt));
    expect((await store.queryDecisions({ untilAfter: 0 })).length).toBe(6);
  });

  it('keeps a batch that failed to write and writes it on the next flush', async () => {
    const backing = new MemoryDecisionStore();
    let fail = true;
    const flaky = Object.assign(Object.create(backing) as MemoryDecisionStore, {
      writeBatch: async (...args: Parameters<MemoryDecisionStore['writeBatch']>) => {
        if (fail) throw new Error('disk full');
        return backing.writeBatch(...args);
      },
    });
    const store = await WriteBehindDecisionStore.open(flaky);
    await new DecisionService(store).add({ type: 'ban', scope: 'ip', value: '192.0.2.9', durationMs: HOUR, reason: 'x' });
    await expect(store.flush()).rejects.toThrow('disk full');
    expect(store.pending()).toBe(2);
    fail = false;
    await store.flush();
    expect(await backing.queryDecisions({})).toHaveLength(1);
    expect(await backing.auditTrail()).toHaveLength(1);
  });
});

describe('WriteBehindDecisionStore bouncers', () => {
  it('answers pulls from memory and writes cursors at the next flush', async () => {
    const backing = new MemoryDecisionStore();
    await backing.addBouncer({ name: 'old', keyHash: 'h-old', createdAt: 1 });
    const store = await WriteBehindDecisionStore.open(backing);
    expect((await store.bouncerByKeyHash('h-old'))?.name).toBe('old');
    expect(await store.addBouncer({ name: 'fw', keyHash: 'h-fw', createdAt: 2 })).toBe(true);
    expect(await store.addBouncer({ name: 'fw', keyHash: 'h-other', createdAt: 3 })).toBe(false);
    await store.updateBouncer('fw', { lastPull: 50, lastId: 7, userAgent: 'cs-firewall-bouncer/v0.0.28' });
    expect(await store.bouncerByKeyHash('h-fw')).toMatchObject({ name: 'fw', lastPull: 50, lastId: 7 });
    expect((await backing.bouncerByKeyHash('h-fw'))?.lastId).toBe(0);
    expect(store.pending()).toBe(1);
    await store.flush();
    expect(await backing.bouncerByKeyHash('h-fw')).toMatchObject({ lastPull: 50, lastId: 7, userAgent: 'cs-firewall-bouncer/v0.0.28' });
    expect(await store.deleteBouncer('old')).toBe(true);
    expect(await store.bouncerByKeyHash('h-old')).toBeNull();
    expect((await backing.listBouncers()).map((b) => b.name)).toEqual(['fw']);
  });
});
