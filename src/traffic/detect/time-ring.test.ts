import { describe, expect, it } from 'vitest';
import { TimeRing } from './time-ring.js';

describe('TimeRing', () => {
  it('is full within a window only once it holds `size` times inside it', () => {
    const ring = new TimeRing(3);
    ring.add(1_000);
    ring.add(2_000);
    expect(ring.fullWithin(2_000, 5_000)).toBe(false);
    ring.add(3_000);
    expect(ring.fullWithin(3_000, 5_000)).toBe(true);
    expect(ring.fullWithin(3_000, 1_500)).toBe(false);
  });

  it('keeps the last `size` times, overwriting the oldest', () => {
    const ring = new TimeRing(3);
    for (const t of [0, 100_000, 200_000, 300_000, 301_000]) ring.add(t);
    // kept: 200,000, 300,000, 301,000
    expect(ring.countWithin(300_000, 1_000)).toBe(2);
    expect(ring.countWithin(300_000, 100_000)).toBe(3);
    expect(ring.countWithin(0, 50_000)).toBe(0);
  });

  it('counts times on both sides of now, for lines out of order', () => {
    const ring = new TimeRing(4);
    for (const t of [10_000, 5_000, 15_000]) ring.add(t);
    expect(ring.countWithin(10_000, 5_000)).toBe(3);
  });
});
