import { identity, radixPerm } from './arrays.js';
import { ItemTable } from './corpus.js';

/** Posts an account makes within one window before it counts as a burst. */
export const BURST_POSTS = 3;

/**
 * Each account's bursts (at least BURST_POSTS posts within the window) as items keyed by the
 * window-sized time bin where the burst starts: accounts bursting in the same bin again and again
 * are synchronised. Bins are aligned, so two bursts a second apart across a bin edge are missed.
 */
export function burstTable(account: Uint32Array, time: Uint32Array, window: number): ItemTable {
  const n = account.length;
  const scratch = new Uint32Array(n);
  const order = radixPerm(account, radixPerm(time, identity(n), scratch), scratch);
  const table = new ItemTable();
  let i = 0;
  while (i < n) {
    const a = account[order[i] as number];
    let end = i + 1;
    while (end < n && account[order[end] as number] === a) end++;
    let k = i;
    while (k + BURST_POSTS - 1 < end) {
      const t0 = time[order[k] as number] as number;
      const tLast = time[order[k + BURST_POSTS - 1] as number] as number;
      if (tLast - t0 <= window) {
        const bin = Math.floor(t0 / window);
        table.add(bin, new Date(bin * window * 1000).toISOString(), order[k] as number);
        while (k < end && (time[order[k] as number] as number) - t0 <= window) k++;
      } else {
        k++;
      }
    }
    i = end;
  }
  return table;
}
