import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimelinePoint } from '../model/index.js';
import { barChart, niceCeiling, originBar, resampleTimeline, timelineChart } from './charts.js';

const HOUR = 3_600_000;

function point(t: number, requests: number, attacks = 0): TimelinePoint {
  return { t, requests, attacks, domestic: requests, foreign: 0, obscured: 0, unknown: 0 };
}

describe('resampleTimeline', () => {
  it('fills the buckets the summary left out with zeros', () => {
    const { points, bucketMs } = resampleTimeline([point(0, 5), point(3 * HOUR, 7)], HOUR, 100);
    expect(bucketMs).toBe(HOUR);
    expect(points.map((p) => p.requests)).toEqual([5, 0, 0, 7]);
    expect(points.map((p) => p.t)).toEqual([0, HOUR, 2 * HOUR, 3 * HOUR]);
  });

  it('merges neighbours to stay under the limit without losing a request', () => {
    const arbitraryPoints = fc.array(
      fc.record({ hour: fc.integer({ min: 0, max: 2000 }), requests: fc.nat(1000), attacks: fc.nat(1000) }),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(arbitraryPoints, fc.integer({ min: 1, max: 300 }), (raw, max) => {
        const input = raw.map(({ hour, requests, attacks }) => point(hour * HOUR, requests, attacks));
        const { points, bucketMs } = resampleTimeline(input, HOUR, max);
        expect(points.length).toBeLessThanOrEqual(max);
        expect(bucketMs % HOUR).toBe(0);
        const sum = (list: TimelinePoint[], key: 'requests' | 'attacks' | 'domestic') => list.reduce((total, p) => total + p[key], 0);
        expect(sum(points, 'requests')).toBe(sum(input, 'requests'));
        expect(sum(points, 'attacks')).toBe(sum(input, 'attacks'));
        expect(sum(points, 'domestic')).toBe(sum(input, 'domestic'));
      }),
    );
  });

  it('survives a broken bucket size and broken points', () => {
    const { points } = resampleTimeline([point(Number.NaN, 3), point(0, 2), point(60_000, 1)], 0, 10);
    expect(points.map((p) => p.requests)).toEqual([2, 1]);
    expect(resampleTimeline([], HOUR, 10).points).toEqual([]);
  });
});

describe('charts', () => {
  it('rounds an axis maximum up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 7, 12, 230, 999, 1001].map(niceCeiling)).toEqual([1, 0.5, 1, 10, 20, 500, 1000, 2000]);
  });

  it('draws each origin in proportion to its share', () => {
    const svg = originBar({ domestic: 1, foreign: 3, obscured: 0, unknown: 0 }, 'split');
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(widths).toEqual([180, 540]);
  });

  it('draws longer bars for larger values and writes every value', () => {
    const svg = barChart([{ label: 'a', value: 100 }, { label: 'b', value: 25 }], 'bars', 'en');
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(widths[0]).toBeCloseTo((widths[1] ?? 0) * 4, 0);
    expect(svg).toContain('>100</text>');
    expect(svg).toContain('>25</text>');
  });

  it('escapes labels and never writes NaN, even for empty or broken input', () => {
    const svg = barChart([{ label: '<x>', sublabel: '"y"', value: Number.NaN, part: -4 }], 't<', 'fr');
    expect(svg).not.toMatch(/NaN|<x>|"y"/);
    expect(svg).toContain('&lt;x&gt;');
    expect(timelineChart([], { chart: 'c', requests: 'r', attacks: 'a' }, 'en')).not.toMatch(/NaN/);
    const timeline = timelineChart([point(0, 0), point(HOUR, 0)], { chart: 'c', requests: 'r', attacks: 'a' }, 'en');
    expect(timeline).not.toMatch(/NaN|Infinity/);
  });
});
