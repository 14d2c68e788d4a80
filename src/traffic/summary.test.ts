import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { event, T0 } from './detect/test-events.js';
import { MAX_SUMMARY_FINDINGS, SummaryBuilder } from './summary.js';

const MINUTE = 60_000;

describe('SummaryBuilder', () => {
  it('counts every event in the timeline, also those that make it coarsen', () => {
    const builder = new SummaryBuilder('CA');
    const file = builder.file('access.log', 'combined');
    // one event per minute over more minutes than the finest timeline holds
    const events = 5_000;
    for (let i = 0; i < events; i++) builder.add(file, event({ time: T0 + i * MINUTE }));
    const { timeline } = builder.build([]);
    expect(timeline.bucketMs).toBeGreaterThan(MINUTE);
    expect(timeline.points.reduce((n, p) => n + p.requests, 0)).toBe(events);
  });

  it('counts requests per address, AS and country whatever the order of addresses (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ip: fc.integer({ min: 0, max: 5 }), asn: fc.constantFrom(64500, 64501, null), country: fc.constantFrom('CA', 'FR', null) }), { maxLength: 200 }),
        (rows) => {
          const builder = new SummaryBuilder('CA');
          const file = builder.file('a.log', 'combined');
          for (const row of rows) builder.add(file, event({ ip: `192.0.2.${row.ip}`, asn: row.asn, country: row.country }));
          const { top } = builder.build([]);
          const byAsn = new Map<string, number>();
          const byCountry = new Map<string, number>();
          for (const row of rows) {
            if (row.asn !== null) byAsn.set(`AS${row.asn}`, (byAsn.get(`AS${row.asn}`) ?? 0) + 1);
            byCountry.set(row.country ?? '??', (byCountry.get(row.country ?? '??') ?? 0) + 1);
          }
          expect(Object.fromEntries(top.asns.map((e) => [e.key, e.requests]))).toEqual(Object.fromEntries(byAsn));
          expect(Object.fromEntries(top.countries.map((e) => [e.key, e.requests]))).toEqual(Object.fromEntries(byCountry));
        },
      ),
    );
  });
});

describe('SummaryBuilder findings', () => {
  it('lists the first findings, counts them all, and says when it cut the list', () => {
    const builder = new SummaryBuilder('CA');
    const many = Array.from({ length: MAX_SUMMARY_FINDINGS + 7 }, (_, i) => ({
      id: `f${i}`, category: 'sqli' as const, scope: { kind: 'ip' as const, value: `198.51.100.${i % 250}` }, count: 1,
      severity: 'high' as const, confidence: 0.9, technique: 'T1190', rule: 'r', firstSeen: 0, lastSeen: 0, evidence: [], details: {},
    }));
    const summary = builder.build(many);
    expect(summary.findings).toHaveLength(MAX_SUMMARY_FINDINGS);
    expect(summary.findings[0]?.id).toBe('f0');
    expect(summary.findingsTotal).toBe(MAX_SUMMARY_FINDINGS + 7);
    expect(summary.caveats).toContain('findings-truncated');
    expect(new SummaryBuilder('CA').build(many.slice(0, 3)).caveats).not.toContain('findings-truncated');
  });
});
