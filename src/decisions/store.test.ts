import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionDraft } from './decision.js';
import { DuckDbDecisionStore } from './duckdb-decision-store.js';
import { MemoryDecisionStore, type DecisionStore } from './store.js';

const draft = (overrides: Partial<DecisionDraft> = {}): DecisionDraft => ({
  type: 'ban', scope: 'ip', value: '198.51.100.9', origin: 'cli', scenario: 'manual', createdAt: 1000, until: 5000, findingId: null, simulated: false, ...overrides,
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-decisions-'));
  dirs.push(dir);
  return dir;
}

const stores: Array<[string, () => Promise<DecisionStore>]> = [
  ['memory', async () => new MemoryDecisionStore()],
  ['duckdb', async () => DuckDbDecisionStore.open(await tempDir())],
];

describe.each(stores)('%s decision store', (_name, open) => {
  it('gives increasing ids and unique uuids, and queries by time and target', async () => {
    const store = await open();
    const a = await store.insertDecision(draft());
    const b = await store.insertDecision(draft({ scope: 'range', value: '203.0.113.0/24', until: 9000, findingId: 'f9', simulated: true }));
    expect(b.id).toBeGreaterThan(a.id);
    expect(a.uuid).not.toBe(b.uuid);
    expect(await store.getDecision(b.id)).toEqual(b);
    expect((await store.queryDecisions({ untilAfter: 6000 })).map((d) => d.id)).toEqual([b.id]);
    expect((await store.queryDecisions({ scope: 'ip', value: '198.51.100.9' })).map((d) => d.id)).toEqual([a.id]);
    expect((await store.queryDecisions()).map((d) => d.id)).toEqual([a.id, b.id]);
    await store.close();
  });

  it('ends a decision once, bringing until forward', async () => {
    const store = await open();
    const a = await store.insertDecision(draft());
    expect(await store.endDecision(a.id, 2000)).toMatchObject({ id: a.id, until: 2000, deletedAt: 2000 });
    expect(await store.endDecision(a.id, 2500)).toBeNull();
    expect(await store.endDecision(999, 2500)).toBeNull();
    expect(await store.getDecision(a.id)).toMatchObject({ until: 2000, deletedAt: 2000 });
    await store.close();
  });

  it('keeps the audit trail newest first, with before and after', async () => {
    const store = await open();
    const a = await store.insertDecision(draft());
    await store.appendAudit({ at: 1, actor: 'cli', action: 'add', decisionId: a.id, before: null, after: a });
    const ended = (await store.endDecision(a.id, 2000))!;
    await store.appendAudit({ at: 2, actor: 'alice', action: 'delete', decisionId: a.id, before: a, after: ended });
    const trail = await store.auditTrail({ decisionId: a.id });
    expect(trail.map((e) => [e.action, e.actor])).toEqual([['delete', 'alice'], ['add', 'cli']]);
    expect(trail[0]!.before).toEqual(a);
    expect(trail[0]!.after).toEqual(ended);
    expect(trail[0]!.seq).toBeGreaterThan(trail[1]!.seq);
    expect(await store.auditTrail({ limit: 1 })).toHaveLength(1);
    await store.close();
  });

  it('keeps bouncers by unique name and finds them by key hash', async () => {
    const store = await open();
    expect(await store.addBouncer({ name: 'fw', keyHash: 'h1', createdAt: 5 })).toBe(true);
    expect(await store.addBouncer({ name: 'fw', keyHash: 'h2', createdAt: 6 })).toBe(false);
    await store.updateBouncer('fw', { lastPull: 77, lastId: 3, userAgent: 'cs-firewall-bouncer/v1', ip: '127.0.0.1' });
    expect(await store.bouncerByKeyHash('h1')).toEqual({ name: 'fw', keyHash: 'h1', createdAt: 5, lastPull: 77, lastId: 3, userAgent: 'cs-firewall-bouncer/v1', ip: '127.0.0.1' });
    expect(await store.bouncerByKeyHash('h2')).toBeNull();
    expect(await store.deleteBouncer('fw')).toBe(true);
    expect(await store.deleteBouncer('fw')).toBe(false);
    expect(await store.listBouncers()).toEqual([]);
    await store.close();
  });
});

describe('DuckDB decision store', () => {
  it('round-trips through the file: a second open sees decisions, audit and bouncers, and ids keep increasing', async () => {
    const dir = await tempDir();
    const first = await DuckDbDecisionStore.open(dir);
    const a = await first.insertDecision(draft({ findingId: 'f1' }));
    await first.appendAudit({ at: 1, actor: 'cli', action: 'add', decisionId: a.id, before: null, after: a });
    await first.addBouncer({ name: 'nginx', keyHash: 'abc', createdAt: 1 });
    await first.close();

    const second = await DuckDbDecisionStore.open(dir);
    expect(await second.getDecision(a.id)).toEqual(a);
    expect((await second.auditTrail())[0]!.after).toEqual(a);
    expect((await second.listBouncers()).map((b) => b.name)).toEqual(['nginx']);
    const b = await second.insertDecision(draft());
    expect(b.id).toBeGreaterThan(a.id);
    await second.close();
  });

  it('gives distinct ids to concurrent inserts', async () => {
    const store = await DuckDbDecisionStore.open(await tempDir());
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => store.insertDecision(draft({ value: `198.51.100.${i}` }))));
    expect(new Set(made.map((d) => d.id)).size).toBe(8);
    await store.close();
  });
});
