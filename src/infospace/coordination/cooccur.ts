import { identity, radixPerm, U32List } from './arrays.js';
import type { ItemTable } from './corpus.js';

/** Entries of a table ordered by item, then by time: each item's shares become one contiguous run. */
export function sortEntries(table: ItemTable, time: Uint32Array): Uint32Array {
  const n = table.items.length;
  const entryTime = new Uint32Array(n);
  const posts = table.posts.buf;
  for (let i = 0; i < n; i++) entryTime[i] = time[posts[i] as number] as number;
  const scratch = new Uint32Array(n);
  const perm = radixPerm(entryTime, identity(n), scratch);
  return radixPerm(table.items.view(), perm, scratch);
}

export interface CooccurInput {
  items: Uint32Array;
  posts: Uint32Array;
  order: Uint32Array;
  account: Uint32Array;
  time: Uint32Array;
  accounts: number;
  window: number;
  minRepetitions: number;
  maxPartners: number;
  /** Items shared by more distinct accounts are skipped. */
  maxItemAccounts: number;
}

export interface EdgeList {
  a: Uint32Array;
  b: Uint32Array;
  weight: Uint32Array;
  symmetry: Float32Array;
  length: number;
  /** Pairs met before the repetition threshold: what an all-pairs tool would have had to hold. */
  pairsSeen: number;
}

type Visit = (a: number, b: number, episode: number) => void;

/** Calls visit for each pair of distinct accounts whose shares of one item are within the window. */
function eachRunPair(input: CooccurInput, onRun: (start: number, end: number) => boolean, visit: Visit): void {
  const { items, posts, order, account, time, window, maxPartners } = input;
  const n = order.length;
  let start = 0;
  while (start < n) {
    const item = items[order[start] as number];
    let end = start + 1;
    while (end < n && items[order[end] as number] === item) end++;
    if (end - start >= 2 && onRun(start, end)) {
      // an episode is a burst of shares of the item; the same item shared again days later is a new one
      let episode = start;
      for (let j = start + 1; j < end; j++) {
        const pj = posts[order[j] as number] as number;
        const tj = time[pj] as number;
        if (tj - (time[posts[order[j - 1] as number] as number] as number) > window) episode = j;
        const aj = account[pj] as number;
        let partners = 0;
        for (let i = j - 1; i >= start && partners < maxPartners; i--) {
          const pi = posts[order[i] as number] as number;
          if (tj - (time[pi] as number) > window) break;
          const ai = account[pi] as number;
          if (ai === aj) continue;
          partners++;
          visit(ai, aj, episode);
        }
      }
    }
    start = end;
  }
}

/**
 * Pairs of accounts that shared the same items within the window, counted once per episode of an
 * item (shares of it without a gap longer than the window), kept
 * when they reach the repetition threshold. Accounts that never reach it with anyone are dropped in
 * a first pass, so organic chatter costs a counter, not a pair.
 */
export function cooccur(input: CooccurInput): EdgeList {
  const { posts, order, account, accounts, minRepetitions, maxItemAccounts } = input;
  const qualifying = new Uint32Array(accounts);
  const mark = new Int32Array(accounts).fill(-1);
  const runCount = new Uint32Array(accounts);
  const distinctOk = (start: number, end: number): boolean => {
    if (maxItemAccounts === Infinity) return true;
    let distinct = 0;
    for (let i = start; i < end; i++) {
      const a = account[posts[order[i] as number] as number] as number;
      if (mark[a] !== -2 - start) {
        mark[a] = -2 - start;
        distinct++;
      }
    }
    for (let i = start; i < end; i++) mark[account[posts[order[i] as number] as number] as number] = -1;
    return distinct <= maxItemAccounts;
  };
  eachRunPair(input, distinctOk, (a, b, episode) => {
    if (mark[a] !== episode) {
      mark[a] = episode;
      qualifying[a] = (qualifying[a] as number) + 1;
    }
    if (mark[b] !== episode) {
      mark[b] = episode;
      qualifying[b] = (qualifying[b] as number) + 1;
    }
  });
  mark.fill(-1);

  const A = new U32List();
  const B = new U32List();
  const CA = new U32List();
  const CB = new U32List();
  const seen = new Set<number>();
  let currentRun = -1;
  eachRunPair(
    input,
    (start, end) => {
      if (!distinctOk(start, end)) return false;
      for (let i = start; i < end; i++) runCount[account[posts[order[i] as number] as number] as number] = 0;
      for (let i = start; i < end; i++) {
        const a = account[posts[order[i] as number] as number] as number;
        runCount[a] = (runCount[a] as number) + 1;
      }
      return true;
    },
    (x, y, episode) => {
      if ((qualifying[x] as number) < minRepetitions || (qualifying[y] as number) < minRepetitions) return;
      if (episode !== currentRun) {
        seen.clear();
        currentRun = episode;
      }
      const a = x < y ? x : y;
      const b = x < y ? y : x;
      const key = a * 67108864 + b;
      if (seen.has(key)) return;
      seen.add(key);
      A.push(a);
      B.push(b);
      CA.push(runCount[a] as number);
      CB.push(runCount[b] as number);
    },
  );
  return reducePairs(A, B, CA, CB, minRepetitions);
}

function reducePairs(A: U32List, B: U32List, CA: U32List, CB: U32List, minRepetitions: number): EdgeList {
  const n = A.length;
  const scratch = new Uint32Array(n);
  const order = radixPerm(A.view(), radixPerm(B.view(), identity(n), scratch), scratch);
  const out = { a: new U32List(), b: new U32List(), weight: new U32List(), sym: [] as number[] };
  let pairs = 0;
  let start = 0;
  while (start < n) {
    const first = order[start] as number;
    const a = A.get(first);
    const b = B.get(first);
    let end = start;
    let sa = 0;
    let sb = 0;
    while (end < n && A.get(order[end] as number) === a && B.get(order[end] as number) === b) {
      sa += CA.get(order[end] as number);
      sb += CB.get(order[end] as number);
      end++;
    }
    pairs++;
    if (end - start >= minRepetitions) {
      out.a.push(a);
      out.b.push(b);
      out.weight.push(end - start);
      out.sym.push(Math.min(sa, sb) / Math.max(sa, sb, 1));
    }
    start = end;
  }
  return { a: out.a.view(), b: out.b.view(), weight: out.weight.view(), symmetry: Float32Array.from(out.sym), length: out.a.length, pairsSeen: pairs };
}

/**
 * CooRnet's estimate of the coordination interval: for each item shared at least twice, the time
 * from its first share to its median share; the window is the 10th percentile of those times.
 */
export function estimateWindow(items: Uint32Array, posts: Uint32Array, order: Uint32Array, time: Uint32Array, q = 0.1, p = 0.5): number | null {
  const delays: number[] = [];
  const n = order.length;
  let start = 0;
  while (start < n) {
    const item = items[order[start] as number];
    let end = start + 1;
    while (end < n && items[order[end] as number] === item) end++;
    if (end - start >= 2) {
      const at = start + Math.max(1, Math.ceil(p * (end - start)) - 1);
      delays.push((time[posts[order[at] as number] as number] as number) - (time[posts[order[start] as number] as number] as number));
    }
    start = end;
  }
  if (delays.length === 0) return null;
  delays.sort((x, y) => x - y);
  const value = delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] as number;
  return Math.min(3600, Math.max(1, value));
}
