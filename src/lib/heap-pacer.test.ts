import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapPacer } from './heap-pacer.js';

describe('HeapPacer', () => {
  it('collects once the heap is past its ceiling and has grown by its headroom, bringing it back near the live size', () => {
    const pacer = new HeapPacer(8 * 1024 * 1024, 1, 0);
    pacer.tick();
    const kept: number[][] = [];
    let collected = false;
    for (let round = 0; round < 400 && !collected; round++) {
      // garbage that lives long enough to be promoted, the way evicted detector state does
      kept.push(Array.from({ length: 20_000 }, (_, i) => i + round));
      if (kept.length > 4) kept.shift();
      const before = getHeapStatistics().used_heap_size;
      pacer.tick();
      collected = getHeapStatistics().used_heap_size < before - 4 * 1024 * 1024;
    }
    expect(collected).toBe(true);
  });
});
