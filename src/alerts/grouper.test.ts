import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../model/index.js';
import { createAlert, type Alert } from './alert.js';
import { AlertGrouper } from './grouper.js';
import type { AlertMessage, AlertUpdate } from './render.js';
import { fakeClock, finding } from './testing/fixtures.js';

function alertFor(ip: string, count = 1, severity: Severity = 'high', category: 'sqli' | 'xss' = 'sqli'): Alert {
  const result = createAlert({ finding: finding({ id: `${category}:${ip}`, category, scope: { kind: 'ip', value: ip }, count, severity }) });
  if (!result.ok) throw new Error(result.reason);
  return result.alert;
}

const updates = (messages: AlertMessage[]) => messages.filter((m): m is AlertUpdate => m.type === 'update');
const openings = (messages: AlertMessage[]) => messages.filter((m) => m.type === 'alert');

describe('AlertGrouper', () => {
  it('turns 10,000 findings on one /24 into one alert and a few updates that account for every request', () => {
    const clock = fakeClock();
    const grouper = new AlertGrouper({ now: clock.now, windowMs: 15 * 60_000, updateIntervalMs: 5 * 60_000 });
    const out: AlertMessage[] = [];
    // 10,000 findings over 20 minutes, from 250 addresses of the same /24.
    for (let i = 0; i < 10_000; i++) {
      out.push(...grouper.add(alertFor(`198.51.100.${(i % 250) + 1}`, 3)));
      clock.advance(120);
      if (i % 500 === 0) out.push(...grouper.tick());
    }
    out.push(...grouper.flush());
    expect(openings(out)).toHaveLength(1);
    const ups = updates(out);
    // One update per 5-minute interval over 20 minutes, plus the final one.
    expect(ups.length).toBeGreaterThan(0);
    expect(ups.length).toBeLessThanOrEqual(6);
    const opening = openings(out)[0]!;
    const added = ups.reduce((sum, u) => sum + u.added.requests, 0);
    expect(opening.type === 'alert' && opening.alert.requests + added).toBe(30_000);
    expect(ups.at(-1)!.total).toEqual({ findings: 10_000, requests: 30_000 });
    expect(ups.at(-1)!.scopes.length).toBeLessThanOrEqual(5);
    expect(grouper.size).toBe(0);
  });

  it('sends nothing more while the update interval has not passed, then one update on tick', () => {
    const clock = fakeClock();
    const grouper = new AlertGrouper({ now: clock.now, updateIntervalMs: 60_000 });
    expect(openings(grouper.add(alertFor('203.0.113.1')))).toHaveLength(1);
    clock.advance(1000);
    expect(grouper.add(alertFor('203.0.113.2'))).toEqual([]);
    expect(grouper.tick()).toEqual([]);
    clock.advance(60_000);
    const due = updates(grouper.tick());
    expect(due).toHaveLength(1);
    expect(due[0]!.added.findings).toBe(1);
    expect(grouper.tick()).toEqual([]);
  });

  it('opens a new alert once a group has been quiet for longer than the window', () => {
    const clock = fakeClock();
    const grouper = new AlertGrouper({ now: clock.now, windowMs: 60_000 });
    grouper.add(alertFor('203.0.113.1'));
    clock.advance(61_000);
    expect(openings(grouper.add(alertFor('203.0.113.1')))).toHaveLength(1);
  });

  it('keeps different networks and categories apart', () => {
    const clock = fakeClock();
    const grouper = new AlertGrouper({ now: clock.now });
    const out = [
      ...grouper.add(alertFor('203.0.113.1')),
      ...grouper.add(alertFor('203.0.114.1')),
      ...grouper.add(alertFor('203.0.113.1', 1, 'high', 'xss')),
    ];
    expect(openings(out)).toHaveLength(3);
  });

  it('says at once when the severity of a group rises', () => {
    const clock = fakeClock();
    const grouper = new AlertGrouper({ now: clock.now, updateIntervalMs: 3_600_000 });
    grouper.add(alertFor('203.0.113.1', 1, 'medium'));
    clock.advance(1000);
    const out = updates(grouper.add(alertFor('203.0.113.2', 1, 'critical')));
    expect(out).toHaveLength(1);
    expect(out[0]!.severity).toBe('critical');
    expect(grouper.add(alertFor('203.0.113.3', 1, 'high'))).toEqual([]);
  });

  it('holds at most maxGroups groups, closing the least recently active first', () => {
    const clock = fakeClock();
    const grouper = new AlertGrouper({ now: clock.now, maxGroups: 10 });
    for (let i = 0; i < 1000; i++) {
      grouper.add(alertFor(`10.0.${i}.1`));
      clock.advance(10);
    }
    expect(grouper.size).toBe(10);
    expect(grouper.evicted).toBe(990);
  });

  it('never loses a request: openings plus updates add up to what went in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ net: fc.integer({ min: 0, max: 5 }), count: fc.integer({ min: 0, max: 1000 }), wait: fc.integer({ min: 0, max: 400_000 }) }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 4 }),
        (steps, maxGroups) => {
          const clock = fakeClock();
          const grouper = new AlertGrouper({ now: clock.now, windowMs: 600_000, updateIntervalMs: 120_000, maxGroups });
          const out: AlertMessage[] = [];
          for (const step of steps) {
            clock.advance(step.wait);
            out.push(...grouper.add(alertFor(`192.0.${step.net}.9`, step.count)));
            out.push(...grouper.tick());
          }
          out.push(...grouper.flush());
          const sent = out.reduce((sum, m) => sum + (m.type === 'alert' ? m.alert.requests : m.type === 'update' ? m.added.requests : 0), 0);
          expect(sent).toBe(steps.reduce((sum, s) => sum + s.count, 0));
          expect(grouper.size).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
