import type { HttpEvent } from '../model/index.js';
import type { RollupRow } from '../store/store.js';

const MINUTE = 60_000;
/** Keys kept per minute and dimension; the rest are summed under "other" so a minute stays bounded. */
const MAX_KEYS_PER_DIMENSION = 500;

type Counts = { requests: number; attacks: number };
type MinuteCounts = Map<RollupRow['dimension'], Map<string, Counts>>;

/**
 * Per-minute request and attack counts, overall and by origin, country, AS and network type, for
 * live dashboards and trends. Minutes are handed out once they are complete (a little after the
 * newest line seen, since live lines arrive slightly out of order).
 */
export class RollupBuilder {
  private readonly minutes = new Map<number, MinuteCounts>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(private readonly graceMinutes = 2) {}

  add(events: readonly HttpEvent[]): void {
    for (const e of events) {
      if (!Number.isFinite(e.time)) continue;
      const minute = Math.floor(e.time / MINUTE) * MINUTE;
      if (minute > this.newest) this.newest = minute;
      let counts = this.minutes.get(minute);
      if (!counts) {
        counts = new Map();
        this.minutes.set(minute, counts);
      }
      const attack = e.tags.length > 0;
      bump(counts, 'all', 'requests', attack);
      bump(counts, 'origin', e.origin, attack);
      bump(counts, 'country', e.country ?? '??', attack);
      bump(counts, 'asn', e.asn === null ? '??' : String(e.asn), attack);
      bump(counts, 'network', e.networkType, attack);
    }
  }

  /** Rows of the minutes that are complete (or all of them with `everything`), removed from memory. */
  drain(everything = false): RollupRow[] {
    const rows: RollupRow[] = [];
    for (const [minute, counts] of [...this.minutes.entries()].sort((a, b) => a[0] - b[0])) {
      if (!everything && minute > this.newest - this.graceMinutes * MINUTE) continue;
      for (const [dimension, keys] of counts) {
        for (const [key, c] of keys) rows.push({ minute, dimension, key, requests: c.requests, attacks: c.attacks });
      }
      this.minutes.delete(minute);
    }
    return rows;
  }
}

function bump(counts: MinuteCounts, dimension: RollupRow['dimension'], key: string, attack: boolean): void {
  let keys = counts.get(dimension);
  if (!keys) {
    keys = new Map();
    counts.set(dimension, keys);
  }
  let c = keys.get(key);
  if (!c) {
    if (keys.size >= MAX_KEYS_PER_DIMENSION) key = 'other';
    c = keys.get(key);
    if (!c) {
      c = { requests: 0, attacks: 0 };
      keys.set(key, c);
    }
  }
  c.requests++;
  if (attack) c.attacks++;
}
