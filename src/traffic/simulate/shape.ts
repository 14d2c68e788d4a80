/**
 * How busy the night is, as a density over the simulated period: quiet at 18:00 Eastern, rising
 * as polls close (21:30 Eastern) and peaking while results come in. Times are drawn by inverting
 * the cumulative density, so a fixed number of requests follows the curve exactly.
 */
export const NIGHT_HOURS = 6;

/** [hours from start, relative load]. */
const LOAD: ReadonlyArray<readonly [number, number]> = [
  [0, 1.0], [1, 1.15], [2, 1.4], [3, 1.9], [3.5, 2.6], [4, 3.3], [4.5, 3.6], [5, 3.2], [6, 2.4],
];

const STEPS = 360;

export class LoadCurve {
  private readonly cumulative: Float64Array;

  constructor() {
    this.cumulative = new Float64Array(STEPS + 1);
    for (let i = 1; i <= STEPS; i++) {
      const a = density(((i - 1) / STEPS) * NIGHT_HOURS);
      const b = density((i / STEPS) * NIGHT_HOURS);
      this.cumulative[i] = (this.cumulative[i - 1] as number) + (a + b) / 2;
    }
    const total = this.cumulative[STEPS] as number;
    for (let i = 0; i <= STEPS; i++) this.cumulative[i] = (this.cumulative[i] as number) / total;
  }

  /** The fraction of the period (0..1) by which a fraction `u` of the requests has arrived. */
  quantile(u: number): number {
    let lo = 0;
    let hi = STEPS;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] as number) <= u) lo = mid;
      else hi = mid;
    }
    const a = this.cumulative[lo] as number;
    const b = this.cumulative[hi] as number;
    const within = b > a ? (u - a) / (b - a) : 0;
    return Math.min(1, (lo + within) / STEPS);
  }
}

export function density(hours: number): number {
  for (let i = 1; i < LOAD.length; i++) {
    const [h1, v1] = LOAD[i] as readonly [number, number];
    const [h0, v0] = LOAD[i - 1] as readonly [number, number];
    if (hours <= h1) return v0 + ((v1 - v0) * (hours - h0)) / (h1 - h0);
  }
  return (LOAD[LOAD.length - 1] as readonly [number, number])[1];
}
