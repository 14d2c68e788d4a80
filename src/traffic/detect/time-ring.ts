/**
 * The times of the last `size` occurrences of something, to answer "did `size` of them happen
 * within a window?" exactly, in fixed memory.
 */
export class TimeRing {
  private readonly times: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly size: number) {
    this.times = new Float64Array(size);
  }

  add(time: number): void {
    this.times[this.next] = time;
    this.next = (this.next + 1) % this.size;
    if (this.filled < this.size) this.filled++;
  }

  /** How many of the kept times fall within `windowMs` of `now` (either side: lines come unordered). */
  countWithin(now: number, windowMs: number): number {
    let n = 0;
    for (let i = 0; i < this.filled; i++) if (Math.abs(now - (this.times[i] as number)) <= windowMs) n++;
    return n;
  }

  /** All `size` kept occurrences fall within `windowMs` of `now`. */
  fullWithin(now: number, windowMs: number): boolean {
    return this.filled === this.size && this.countWithin(now, windowMs) === this.size;
  }
}
