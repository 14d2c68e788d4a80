import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MB = 1024 * 1024;

let collect: (() => void) | null | undefined;

/** V8's full collector, reached at run time (no --expose-gc on the command line); null if refused. */
function fullCollector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  } catch {
    collect = null;
  }
  return collect;
}

/**
 * Keeps a long batch run's heap near what it really holds. Bounded detector maps keep evicting
 * state that lived long enough to be promoted; V8 then lets the old generation grow to several
 * times the live data before it collects (a 4M-line run held 40 MB live in a 340 MB heap). A full
 * collection of a mostly dead heap costs about its live size to mark (~100 ms for 150 MB), and
 * promotion runs at ~10 MB/s on a busy run. The pacer asks for one when the heap passes a ceiling
 * (150 MB) and has grown by at least `minHeadroomBytes` since the last: a short run, whose state is
 * small, is never slowed, and a long one stays near the ceiling (a 10M-line run: peak RSS 443 MB
 * with a fixed 64 MB of headroom, 385 MB this way).
 */
export class HeapPacer {
  private live = 0;
  private ticks = 0;
  private readonly gc = fullCollector();

  constructor(
    private readonly minHeadroomBytes = 24 * MB,
    private readonly checkEvery = 32,
    private readonly ceilingBytes = 150 * MB,
  ) {}

  /** Call once per batch; checks the heap every `checkEvery` calls. */
  tick(): void {
    if (!this.gc || ++this.ticks % this.checkEvery !== 0) return;
    const used = getHeapStatistics().used_heap_size;
    if (used < Math.max(this.ceilingBytes, this.live + this.minHeadroomBytes)) return;
    this.gc();
    this.live = getHeapStatistics().used_heap_size;
  }
}
