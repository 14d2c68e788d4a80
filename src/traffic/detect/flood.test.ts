import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../model/index.js';
import { loadBehaviour } from './behaviour.js';
import { createFloodDetector } from './flood.js';
import { T0, event } from './test-events.js';

const behaviour = loadBehaviour();
const MINUTE = 60_000;
const run = (events: HttpEvent[]) => {
  const detector = createFloodDetector({ behaviour, maxKeys: 100_000 });
  for (const e of events) detector.observe(e);
  return detector.findings();
};

/** `visitors` ISP users, each making `perMinute` requests a minute, for `minutes` minutes from `start`. */
function background(visitors: number, perMinute: number, minutes: number, start = T0): HttpEvent[] {
  const events: HttpEvent[] = [];
  for (let m = 0; m < minutes; m++) {
    for (let k = 0; k < perMinute; k++) {
      for (let v = 0; v < visitors; v++) {
        const time = start + m * MINUTE + Math.floor(((k * visitors + v) / (perMinute * visitors)) * MINUTE);
        events.push(event({ ip: `10.${v % 200}.${v}.1`, time }));
      }
    }
  }
  return events;
}

function burst(ip: string, count: number, start: number, extra: Partial<HttpEvent> = {}): HttpEvent[] {
  return Array.from({ length: count }, (_, i) => event({ ip, time: start + Math.floor((i / count) * MINUTE), ...extra }));
}

const byTime = (a: HttpEvent, b: HttpEvent) => a.time - b.time;

describe('flood detector', () => {
  it('does not flag 100 visitors from one ISP browsing steadily', () => {
    expect(run(background(100, 10, 10))).toEqual([]);
  });

  it('flags one address far above both the floor and the typical rate', () => {
    const events = [...background(50, 5, 10), ...burst('192.0.2.99', 2000, T0 + 10 * MINUTE, { asn: 64999, country: 'ZZ' })];
    const findings = run(events.sort(byTime));
    const ip = findings.find((f) => f.scope.kind === 'ip');
    expect(ip?.scope.value).toBe('192.0.2.99');
    expect(ip?.category).toBe('flood');
    expect(ip?.technique).toBe('T1499.002');
    expect(ip?.details.peakPerMinute).toBe(2000);
    expect(Number(ip?.details.baseline)).toBeGreaterThan(0);
    expect(Number(ip?.details.baseline)).toBeLessThan(10);
    expect(ip?.count).toBe(2000);
    expect(ip?.evidence.length).toBe(loadBehaviour().evidencePerFinding);
    expect(findings.find((f) => f.scope.kind === 'prefix')?.scope.value).toBe('192.0.2.0/24');
    // the flooder's own AS and country have no history: no claim about them
    expect(findings.find((f) => f.scope.kind === 'asn')).toBeUndefined();
  });

  it('does not flag an address below the absolute floor, even far above the typical rate', () => {
    const events = [...background(50, 1, 10), ...burst('192.0.2.98', 250, T0 + 10 * MINUTE)];
    expect(run(events.sort(byTime)).filter((f) => f.scope.kind === 'ip')).toEqual([]);
  });

  it('flags a country and an AS whose rate jumps above their own history, spread over many addresses', () => {
    const steady = background(40, 5, 10); // CA, AS64500: 200 a minute
    const wave: HttpEvent[] = [];
    for (let i = 0; i < 3000; i++) {
      wave.push(event({ ip: `100.${i % 250}.${Math.floor(i / 250)}.1`, time: T0 + 10 * MINUTE + Math.floor((i / 3000) * MINUTE) }));
    }
    const findings = run([...steady, ...wave].sort(byTime));
    const kinds = findings.map((f) => `${f.scope.kind}:${f.scope.value}`).sort();
    expect(kinds).toEqual(['asn:AS64500', 'country:CA']);
    const country = findings.find((f) => f.scope.kind === 'country');
    expect(country?.details.peakPerMinute).toBe(3000);
    expect(Number(country?.details.baseline)).toBeGreaterThan(150);
  });

  it('gives the same answer when lines arrive a little out of order', () => {
    const events = [...background(50, 5, 10), ...burst('192.0.2.99', 2000, T0 + 10 * MINUTE)].sort(byTime);
    const shuffled = events.slice();
    // swap neighbours a few seconds apart
    for (let i = 0; i + 1 < shuffled.length; i += 2) [shuffled[i], shuffled[i + 1]] = [shuffled[i + 1] as HttpEvent, shuffled[i] as HttpEvent];
    const a = run(events).map((f) => f.id).sort();
    const b = run(shuffled).map((f) => f.id).sort();
    expect(b).toEqual(a);
  });

  it('starts afresh when time jumps back (a second, older file) instead of piling into one minute', () => {
    const file = burst('192.0.2.5', 250, T0).concat(...Array.from({ length: 9 }, (_, m) => burst('192.0.2.5', 250, T0 + (m + 1) * MINUTE)));
    expect(run([...file, ...file])).toEqual([]);
  });

  it('survives a jump of days forward and backward', () => {
    const events = [
      ...burst('192.0.2.5', 100, T0),
      ...burst('192.0.2.5', 100, T0 + 30 * 24 * 60 * MINUTE),
      ...burst('192.0.2.5', 100, T0 - 30 * 24 * 60 * MINUTE),
      event({ time: Number.NaN }),
    ];
    expect(run(events)).toEqual([]);
  });
});
