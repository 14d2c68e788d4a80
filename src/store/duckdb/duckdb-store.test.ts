import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, HttpEvent } from '../../model/index.js';
import { DuckDbStore } from './duckdb-store.js';
import { emptySummary } from '../../traffic/summary.js';

function event(line: number, overrides: Partial<HttpEvent> = {}): HttpEvent {
  return {
    file: 'access.log', line, time: Date.UTC(2026, 9, 20, 22, 0, line), ip: `203.0.113.${line % 250}`,
    method: 'GET', path: `/page/${line}`, protocol: 'HTTP/1.1', status: 200, bytes: 512, referer: '-',
    userAgent: 'Mozilla/5.0', country: 'CA', asn: 577, org: 'Bell Canada', networkType: 'isp',
    origin: 'domestic', tags: [], ...overrides,
  };
}

const finding: Finding = {
  id: 'abc', category: 'sqli', scope: { kind: 'ip', value: '198.51.100.9' }, count: 3, severity: 'high',
  confidence: 0.9, technique: 'T1190', rule: 'sqli-union', firstSeen: 1, lastSeen: 2,
  evidence: [{ file: 'a', line: 1, time: 1, ip: '198.51.100.9', method: 'GET', path: "/?id=1' union", status: 200, userAgent: 'x' }],
  details: { signatures: 2 },
};

describe('DuckDbStore', () => {
  const stores: DuckDbStore[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
  });

  it('replaces all of a run\'s findings, or only those of the same id, many at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
    const store = await DuckDbStore.open(dir);
    stores.push(store);
    const runId = await store.beginRun({ kind: 'watch', inputs: ['access.log'], home: 'CA', startedAt: 1 });
    const many = Array.from({ length: 450 }, (_, i) => ({ ...finding, id: `f${i}`, count: i + 1 }));
    await store.saveFindings(runId, many);
    expect(await store.findings({ runId, limit: 1000 })).toHaveLength(450);
    await store.upsertFindings(runId, [{ ...finding, id: 'f3', count: 999, evidence: [] }, { ...finding, id: 'new', count: 7 }]);
    const after = await store.findings({ runId, limit: 1000 });
    expect(after).toHaveLength(451);
    expect(after.find((f) => f.id === 'f3')).toMatchObject({ count: 999, evidence: [] });
    expect(after.find((f) => f.id === 'f4')?.count).toBe(5);
    await store.saveFindings(runId, [{ ...finding, id: 'only' }]);
    expect((await store.findings({ runId, limit: 1000 })).map((f) => f.id)).toEqual(['only']);
  });

  it('keeps events, findings and runs across a reopen, including hostile text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
    const store = await DuckDbStore.open(dir);
    const runId = await store.beginRun({ kind: 'analyze', inputs: ['access.log'], home: 'CA', startedAt: 1 });
    const hostile = event(2, { path: '/a,"b"\r\n\u0000c', userAgent: '"quoted", comma', host: 'example.org', country: null, asn: null, org: null, tags: ['sqli', 'xss'] });
    const lone = event(4, { path: '/\ud800?x', userAgent: 'bad \udfff end' });
    const literal = event(5, { path: '/\\ud800' });
    await store.appendEvents(runId, [event(1), hostile, event(3), lone, literal]);
    await store.saveFindings(runId, [finding]);
    await store.finishRun(runId, { ...emptySummary('CA'), findings: [finding] });
    await store.close();

    const again = await DuckDbStore.open(dir);
    stores.push(again);
    expect(await again.countEvents(runId)).toBe(5);
    const runs = await again.runs();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: runId, kind: 'analyze', inputs: ['access.log'], findings: 1 });
    expect(await again.findings({ runId })).toEqual([finding]);
    expect(await again.findings({ category: 'xss' })).toEqual([]);
    expect(readdirSync(join(dir, 'spool'))).toEqual([]);
    const events = await again.events({ runId });
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]).toEqual(event(1));
    expect(events[1]).toEqual(hostile);
    expect(events[3]).toEqual({ ...lone, path: '/\ufffd?x', userAgent: 'bad \ufffd end' });
    expect(events[4]).toEqual(literal);
    expect(await again.events({ ip: hostile.ip })).toHaveLength(1);
  });

  it('migrates a new file once and reopens without migrating again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
    await (await DuckDbStore.open(dir)).close();
    const store = await DuckDbStore.open(dir);
    stores.push(store);
    expect(await store.countEvents()).toBe(0);
  });
});

describe('DuckDbStore rollups and retention', () => {
  it('sums rollups per minute and key, and prunes what is older than the retention', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
    const store = await DuckDbStore.open(dir);
    try {
      const runId = await store.beginRun({ kind: 'watch', inputs: ['a.log'], home: 'CA', startedAt: 1 });
      await store.appendRollups(runId, [
        { minute: 60_000, dimension: 'country', key: 'CA', requests: 3, attacks: 0 },
        { minute: 60_000, dimension: 'country', key: 'CA', requests: 2, attacks: 1 },
        { minute: 120_000, dimension: 'country', key: 'RU', requests: 4, attacks: 4 },
      ]);
      expect(await store.rollups({ dimension: 'country' })).toEqual([
        { minute: 60_000, dimension: 'country', key: 'CA', requests: 5, attacks: 1 },
        { minute: 120_000, dimension: 'country', key: 'RU', requests: 4, attacks: 4 },
      ]);
      await store.appendEvents(runId, [event(1, { time: 50_000 }), event(2, { time: 500_000 })]);
      await store.saveFindings(runId, [{ ...finding, lastSeen: 10 }]);
      expect(await store.prune(100_000)).toEqual({ events: 1, findings: 1, rollups: 2 });
      expect(await store.rollups()).toHaveLength(1);
      expect((await store.events()).map((e) => e.line)).toEqual([2]);
    } finally {
      await store.close();
    }
  });
});
