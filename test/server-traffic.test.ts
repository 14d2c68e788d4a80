import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { HttpEvent } from '../src/model/index.js';
import { LiveAnalyzer } from '../src/pipeline/live.js';
import { buildTrafficStages } from '../src/pipeline/traffic-stages.js';
import { ExtraRollups, pathOnly } from '../src/server/queries/extra-rollups.js';
import { RollupBuilder } from '../src/traffic/rollup.js';
import { simulate } from '../src/traffic/simulate/index.js';
import { setupAdmin, startFixture, type Fixture } from './server-fixture.js';

const START = Date.UTC(2026, 9, 20, 22, 0, 0);
let fx: Fixture;
let events: HttpEvent[];
let cookie: string;

/** Counts of a list of events by a key, as the dashboard should show them. */
function countBy(list: readonly HttpEvent[], key: (e: HttpEvent) => string | string[]): Map<string, { requests: number; attacks: number }> {
  const out = new Map<string, { requests: number; attacks: number }>();
  for (const e of list) {
    const keys = key(e);
    for (const k of Array.isArray(keys) ? keys : [keys]) {
      const c = out.get(k) ?? { requests: 0, attacks: 0 };
      c.requests++;
      if (e.tags.length > 0) c.attacks++;
      out.set(k, c);
    }
  }
  return out;
}

beforeAll(async () => {
  // the simulated night ends within its 6 hours; "now" is after its last line
  const lines = [...simulate({ seed: 7, lines: 20_000, start: new Date(START) })];
  fx = await startFixture({ now: () => START + 7 * 3_600_000 });
  const built = await buildTrafficStages({ formatOptions: {}, trustedProxies: [], dataDir: join(fx.dir, 'intel') });
  fx.app.vigie.context.intel = built.intel;
  const analyzer = new LiveAnalyzer(built.stages, 'CA');
  events = analyzer.process(lines.map((text, i) => ({ source: 'sim', file: 'sim.log', line: i + 1, text, receivedAt: START })));
  const rollups = new RollupBuilder();
  const extra = new ExtraRollups();
  rollups.add(events);
  extra.add(events);
  const runId = await fx.store.beginRun({ kind: 'watch', inputs: ['sim.log'], home: 'CA', startedAt: START });
  await fx.store.appendEvents(runId, events);
  await fx.store.appendRollups(runId, [...rollups.drain(true), ...extra.drain()]);
  await fx.store.saveFindings(runId, built.stages.collectFindings(built.stages.detectors));
  cookie = (await setupAdmin(fx.app)).cookie;
}, 120_000);

afterAll(async () => {
  await fx?.close();
});

describe('overview and traffic match the simulated input', () => {
  it('overview totals, origin split and countries equal the events counted directly', async () => {
    const r = await fx.app.inject({ url: '/api/overview?minutes=480', headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const overview = r.json();
    expect(overview.requests).toBe(events.length);
    expect(overview.attacks).toBe(events.filter((e) => e.tags.length > 0).length);
    const byOrigin = countBy(events, (e) => e.origin);
    for (const origin of ['domestic', 'foreign', 'obscured', 'unknown'] as const) {
      expect(overview.split.all[origin]).toBe(byOrigin.get(origin)?.requests ?? 0);
      expect(overview.split.attacks[origin]).toBe(byOrigin.get(origin)?.attacks ?? 0);
    }
    const countries = countBy(events, (e) => e.country ?? '??');
    for (const c of overview.countries as { key: string; requests: number; attacks: number }[]) expect(countries.get(c.key)).toEqual({ requests: c.requests, attacks: c.attacks });
    expect(overview.timeline.reduce((s: number, p: { requests: number }) => s + p.requests, 0)).toBe(events.length);
    expect(overview.topSources.length).toBeGreaterThan(0);
    expect(overview.recentFindings.length).toBeGreaterThan(0);
  });

  it('traffic breakdowns (rollups) and a filtered view (events) equal the events counted directly', async () => {
    const from = START - 60_000;
    const to = START + 7 * 3_600_000;
    const all = (await fx.app.inject({ url: `/api/traffic?from=${from}&to=${to}`, headers: { cookie } })).json();
    expect(all.basis).toBe('rollups');
    expect(all.requests).toBe(events.length);
    const statuses = countBy(events, (e) => String(e.status));
    for (const s of all.byStatus as { key: string; requests: number; attacks: number }[]) expect(statuses.get(s.key)).toEqual({ requests: s.requests, attacks: s.attacks });
    const categories = countBy(events, (e) => [...e.tags]);
    for (const c of all.byCategory as { key: string; requests: number; attacks: number }[]) expect(categories.get(c.key)).toEqual({ requests: c.requests, attacks: c.attacks });
    const topPath = countBy(events, (e) => pathOnly(e.path));
    expect(topPath.get(all.byPath[0].key)?.requests).toBe(all.byPath[0].requests);

    const us = events.filter((e) => e.country === 'US');
    const response = await fx.app.inject({ url: `/api/traffic?from=${from}&to=${to}&country=us`, headers: { cookie } });
    const filtered = response.json();
    expect(filtered.basis).toBe('rollups');
    expect(filtered.requests).toBe(us.length);
    expect(filtered.attacks).toBe(us.filter((e) => e.tags.length > 0).length);
    const usNetworks = countBy(us, (e) => e.networkType);
    for (const n of filtered.byNetwork as { key: string; requests: number; attacks: number }[]) expect(usNetworks.get(n.key)).toEqual({ requests: n.requests, attacks: n.attacks });
    const sqli = (await fx.app.inject({ url: `/api/traffic?from=${from}&to=${to}&category=sqli`, headers: { cookie } })).json();
    expect(sqli.requests).toBe(events.filter((e) => e.tags.includes('sqli')).length);
  });

  it('drills down to one attacker: its requests, findings and decisions', async () => {
    const overview = (await fx.app.inject({ url: '/api/overview?minutes=480', headers: { cookie } })).json();
    const ip = overview.topSources[0].ip as string;
    const detail = (await fx.app.inject({ url: `/api/ip/${encodeURIComponent(ip)}`, headers: { cookie } })).json();
    expect(detail.summary.requests).toBe(events.filter((e) => e.ip === ip).length);
    expect(detail.findings.length).toBeGreaterThan(0);
    expect(detail.intel.ip).toBe(ip);
    expect(detail.requests.length).toBe(Math.min(200, detail.summary.requests));
    const asn = detail.intel.asn as number;
    const asDetail = (await fx.app.inject({ url: `/api/asn/AS${asn}`, headers: { cookie } })).json();
    expect(asDetail.summary.requests).toBe(events.filter((e) => e.asn === asn).length);
    const bad = await fx.app.inject({ url: '/api/ip/999.1.1.1', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('params.ip');
  });

  it('marks a finding a false positive and answers the change it suggests', async () => {
    const admin = await fx.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: 'correct horse battery staple' } });
    const headers = { cookie: String(admin.headers['set-cookie']).split(';')[0] as string, 'x-csrf-token': admin.json().csrfToken as string };
    const findings = (await fx.app.inject({ url: '/api/findings?category=scan', headers })).json() as { id: string; scope: { value: string } }[];
    expect(findings.length).toBeGreaterThan(0);
    const finding = findings[0] as { id: string; scope: { value: string } };
    const r = await fx.app.inject({ method: 'POST', url: `/api/findings/${encodeURIComponent(finding.id)}/false-positive`, headers, payload: {} });
    expect(r.statusCode).toBe(200);
    expect(r.json().suggestion.kind).toBe('allowlist');
    expect(r.json().suggestion.text).toContain(finding.scope.value);
  });
});
