import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from './bounded-map.js';

describe('BoundedMap', () => {
  it('spares a key that was read since it was stored, and evicts an unread one', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, number>(4, { onEvict: (k) => evicted.push(k) });
    map.set('a', 1).set('b', 2).set('c', 3);
    map.get('a');
    map.set('d', 4);
    expect(new Map(map.entries())).toEqual(new Map([['c', 3], ['a', 1], ['d', 4]]));
    expect(evicted).toEqual(['b']);
    expect(map.evictions).toBe(1);
  });

  it('keeps a hot key through any number of cold ones', () => {
    const map = new BoundedMap<string, number>(100);
    map.set('hot', 0);
    for (let i = 0; i < 100_000; i++) {
      map.set(`cold-${i}`, i);
      if (i % 10 === 0) expect(map.get('hot')).toBe(0);
    }
    expect(map.size).toBeLessThanOrEqual(100);
  });

  it('still evicts when every key was read', () => {
    const map = new BoundedMap<string, number>(3);
    map.set('a', 1).set('b', 2).set('c', 3);
    for (const k of ['a', 'b', 'c']) map.get(k);
    map.set('d', 4);
    expect(map.size).toBeLessThanOrEqual(3);
    expect(map.has('d')).toBe(true);
    expect(map.peek('d')).toBe(4);
  });

  it('evicts the oldest inserted key when gets do not refresh', () => {
    const map = new BoundedMap<string, number>(2, { refreshOnGet: false });
    map.set('a', 1).set('b', 2);
    map.get('a');
    map.set('c', 3);
    expect(map.has('a')).toBe(false);
    expect(map.has('b')).toBe(true);
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => new BoundedMap(0)).toThrow(RangeError);
    expect(() => new BoundedMap(1.5)).toThrow(RangeError);
  });

  it('never holds more than its cap (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 }))), (cap, ops) => {
        const map = new BoundedMap<number, number>(cap);
        for (const [isSet, key] of ops) {
          if (isSet) map.set(key, key);
          else map.get(key);
          expect(map.size).toBeLessThanOrEqual(cap);
        }
      }),
    );
  });

  it('says every value is held until one is evicted, deleted or aged (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.array(fc.tuple(fc.constantFrom('set', 'get', 'delete'), fc.integer({ min: 0, max: 30 }))), (cap, ops) => {
        const map = new BoundedMap<number, { key: number }>(cap);
        const handedOut = new Map<number, { key: number }>();
        for (const [op, key] of ops) {
          const held = map.everyValueHeld();
          if (op === 'set') {
            const value = { key };
            map.set(key, value);
            handedOut.set(key, value);
          } else if (op === 'delete') map.delete(key);
          else map.get(key);
          // while it says so, every value ever set is still the one it holds
          if (held && map.everyValueHeld()) for (const [k, v] of handedOut) expect(map.peek(k)).toBe(v);
        }
      }),
    );
  });

  it('stops saying every value is held after an eviction or a delete', () => {
    const evicting = new BoundedMap<number, number>(2);
    expect(evicting.everyValueHeld()).toBe(true);
    for (let i = 0; i < 5; i++) evicting.set(i, i);
    expect(evicting.everyValueHeld()).toBe(false);
    const deleting = new BoundedMap<number, number>(10);
    deleting.set(1, 1);
    deleting.delete(1);
    expect(deleting.everyValueHeld()).toBe(false);
  });
});
