/**
 * The times of the last `size` occurrences of something, to answer "did `size` of them happen
 * within a window?" exactly, in memory that grows with the occurrences up to `size`. Most keys see
 * one or two (a visitor's login), so the times live in a plain array that grows as needed: a typed
 * array of the full size for each key cost 1.4 KB off the heap per key, whatever it held.
 */
export class TimeRing {
  private readonly times: number[] = [];
  private next = 0;

  constructor(readonly size: number) {}

  add(time: number): void {
    if (this.times.length < this.size) {
      this.times.push(time);
      return;
    }
    this.times[this.next] = time;
    this.next = (this.next + 1) % this.size;
  }

  /** How many of the kept times fall within `windowMs` of `now` (either side: lines come unordered). */
  countWithin(now: number, windowMs: number): number {
    let n = 0;
    for (const time of this.times) if (Math.abs(now - time) <= windowMs) n++;
    return n;
  }

  /** All `size` kept occurrences fall within `windowMs` of `now`. */
  fullWithin(now: number, windowMs: number): boolean {
    return this.times.length === this.size && this.countWithin(now, windowMs) === this.size;
  }
}
