import type { HttpEvent } from '../../model/index.js';
import type { RollupRow } from '../../store/store.js';

const MINUTE = 60_000;
/** Keys kept per minute and dimension; the rest are summed under "other". */
const MAX_KEYS = 200;

type Counts = { requests: number; attacks: number };

/**
 * Per-minute counts by attack category, status and path (query string dropped), beside the
 * pipeline's rollups, so that the traffic page's breakdowns read rollups rather than every event.
 * A request with two tags counts once in each category.
 */
export class ExtraRollups {
  private readonly minutes = new Map<number, Map<RollupRow['dimension'], Map<string, Counts>>>();

  add(events: readonly HttpEvent[]): void {
    for (const e of events) {
      if (!Number.isFinite(e.time)) continue;
      const minute = Math.floor(e.time / MINUTE) * MINUTE;
      let dims = this.minutes.get(minute);
      if (!dims) {
        dims = new Map();
        this.minutes.set(minute, dims);
      }
      const attack = e.tags.length > 0;
      for (const tag of e.tags) bump(dims, 'category', tag, attack);
      bump(dims, 'status', String(e.status), attack);
      bump(dims, 'path', pathOnly(e.path), attack);
    }
  }

  /** Every minute counted so far, removed from memory (rows of one minute add up when read). */
  drain(): RollupRow[] {
    const rows: RollupRow[] = [];
    for (const [minute, dims] of this.minutes) {
      for (const [dimension, keys] of dims) for (const [key, c] of keys) rows.push({ minute, dimension, key, ...c });
    }
    this.minutes.clear();
    return rows;
  }
}

export function pathOnly(path: string): string {
  const q = path.indexOf('?');
  return (q < 0 ? path : path.slice(0, q)).slice(0, 200);
}

function bump(dims: Map<RollupRow['dimension'], Map<string, Counts>>, dimension: RollupRow['dimension'], key: string, attack: boolean): void {
  let keys = dims.get(dimension);
  if (!keys) {
    keys = new Map();
    dims.set(dimension, keys);
  }
  let c = keys.get(key);
  if (!c) {
    const k = keys.size >= MAX_KEYS ? 'other' : key;
    c = keys.get(k);
    if (!c) {
      c = { requests: 0, attacks: 0 };
      keys.set(k, c);
    }
  }
  c.requests++;
  if (attack) c.attacks++;
}
