import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../model/index.js';
import { loadBehaviour } from './behaviour.js';
import { createScanDetector } from './scan.js';
import { T0, event } from './test-events.js';

const behaviour = loadBehaviour();
const run = (events: HttpEvent[], maxKeys = 1000) => {
  const detector = createScanDetector({ behaviour, maxKeys });
  for (const e of events) detector.observe(e);
  return detector;
};

describe('scan detector', () => {
  it('finds many distinct not-found paths from one address in a short time', () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      event({ ip: '192.0.2.50', time: T0 + i * 2000, path: `/probe-${i}.php?x=1`, status: i % 3 === 0 ? 403 : 404 }),
    );
    const findings = run(events).findings();
    expect(findings).toHaveLength(1);
    expect(findings[0]?.category).toBe('scan');
    expect(findings[0]?.technique).toBe('T1595.003');
    expect(findings[0]?.count).toBe(60);
    expect(findings[0]?.details.distinctPaths).toBe(60);
    expect(findings[0]?.evidence[0]?.path).toBe('/probe-0.php?x=1');
    expect(findings[0]?.evidence).toHaveLength(loadBehaviour().evidencePerFinding);
  });

  it('does not flag a visitor browsing 50 pages with a few missing ones', () => {
    const events = Array.from({ length: 50 }, (_, i) =>
      event({ time: T0 + i * 5000, path: `/page-${i}`, status: i % 20 === 0 ? 404 : 200 }),
    );
    expect(run(events).findings()).toEqual([]);
  });

  it('does not flag the same missing path asked again and again', () => {
    const events = Array.from({ length: 200 }, (_, i) => event({ time: T0 + i * 100, path: '/favicon.ico', status: 404 }));
    expect(run(events).findings()).toEqual([]);
  });

  it('does not flag distinct misses spread thinly over hours', () => {
    const events = Array.from({ length: 60 }, (_, i) => event({ time: T0 + i * 6 * 60_000, path: `/old-${i}`, status: 404 }));
    expect(run(events).findings()).toEqual([]);
  });

  it('counts paths without their query string', () => {
    const events = Array.from({ length: 60 }, (_, i) => event({ time: T0 + i * 1000, path: `/search?q=${i}`, status: 404 }));
    expect(run(events).findings()).toEqual([]);
  });
});
