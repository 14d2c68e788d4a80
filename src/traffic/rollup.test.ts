import { describe, expect, it } from 'vitest';
import { event, T0 } from './detect/test-events.js';
import { RollupBuilder } from './rollup.js';

describe('RollupBuilder', () => {
  it('counts requests and attacks per minute and dimension, and hands out complete minutes only', () => {
    const rollups = new RollupBuilder(2);
    rollups.add([
      event({ time: T0, country: 'CA', origin: 'domestic' }),
      event({ time: T0 + 10_000, country: 'RU', origin: 'foreign', asn: 12389, tags: ['sqli'] }),
      event({ time: T0 + 60_000, country: 'CA', origin: 'domestic' }),
    ]);
    expect(rollups.drain()).toEqual([]);
    rollups.add([event({ time: T0 + 3 * 60_000 })]);
    const rows = rollups.drain();
    const minute0 = Math.floor(T0 / 60_000) * 60_000;
    expect(rows.filter((r) => r.minute === minute0 && r.dimension === 'all')).toEqual([{ minute: minute0, dimension: 'all', key: 'requests', requests: 2, attacks: 1 }]);
    expect(rows).toContainEqual({ minute: minute0, dimension: 'country', key: 'RU', requests: 1, attacks: 1 });
    expect(rows).toContainEqual({ minute: minute0, dimension: 'asn', key: '12389', requests: 1, attacks: 1 });
    expect(rows).toContainEqual({ minute: minute0 + 60_000, dimension: 'origin', key: 'domestic', requests: 1, attacks: 0 });
    expect(rollups.drain(true).map((r) => r.minute)).toContain(minute0 + 3 * 60_000);
    expect(rollups.drain(true)).toEqual([]);
  });

  it('keeps a minute bounded whatever the number of networks', () => {
    const rollups = new RollupBuilder();
    rollups.add(Array.from({ length: 5_000 }, (_, i) => event({ time: T0, asn: 10_000 + i })));
    const asns = rollups.drain(true).filter((r) => r.dimension === 'asn');
    expect(asns.length).toBeLessThanOrEqual(501);
    expect(asns.reduce((n, r) => n + r.requests, 0)).toBe(5_000);
    expect(asns.find((r) => r.key === 'other')?.requests).toBe(4_500);
  });
});
