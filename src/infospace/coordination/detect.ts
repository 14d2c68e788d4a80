import type { Post } from '../../model/index.js';
import { burstTable } from './bursts.js';
import { cooccur, estimateWindow, sortEntries } from './cooccur.js';
import { Corpus, type ItemTable } from './corpus.js';
import { textGroups } from './lsh.js';
import { buildClusters, type MethodRun } from './network.js';
import { DEFAULT_OPTIONS, METHODS, type CoordinationOptions, type CoordinationResult, type Method } from './types.js';

export type CoordinationSettings = Partial<Omit<CoordinationOptions, 'windows' | 'minRepetitions'>> & {
  windows?: Partial<CoordinationOptions['windows']>;
  minRepetitions?: Partial<CoordinationOptions['minRepetitions']>;
  /** Methods to run; all by default. */
  methods?: readonly Method[];
};

export function resolveOptions(settings: CoordinationSettings = {}): CoordinationOptions {
  const { windows, minRepetitions, methods: _methods, ...rest } = settings;
  const options = { ...DEFAULT_OPTIONS, ...rest, windows: { ...DEFAULT_OPTIONS.windows, ...windows }, minRepetitions: { ...DEFAULT_OPTIONS.minRepetitions, ...minRepetitions } };
  if (!Number.isInteger(Math.log2(options.bins)) || options.bins < 8 || options.bins > 256) throw new Error(`bins: expected a power of two between 8 and 256, got ${options.bins}`);
  if (options.bands * options.rows > options.bins) throw new Error(`bands * rows (${options.bands} * ${options.rows}) exceeds bins (${options.bins})`);
  for (const m of METHODS) {
    const w = options.windows[m];
    if (w !== 'auto' && !(Number.isFinite(w) && w > 0)) throw new Error(`window of ${m}: expected seconds > 0 or "auto", got ${String(w)}`);
    if (!(Number.isInteger(options.minRepetitions[m]) && options.minRepetitions[m] >= 1)) throw new Error(`minimum repetitions of ${m}: expected an integer >= 1`);
  }
  return options;
}

export function newCorpus(settings: CoordinationSettings = {}, keepText = true): Corpus {
  const options = resolveOptions(settings);
  return new Corpus(options.bins, options.minShingles, keepText);
}

/** Finds coordinated accounts in a corpus: every method, then one network, then its communities. */
export function detectCoordination(corpus: Corpus, settings: CoordinationSettings = {}): CoordinationResult {
  const options = resolveOptions(settings);
  const methods = new Set(settings.methods ?? METHODS);
  const timings: Record<string, number> = {};
  const clock = (name: string, since: number): void => void (timings[name] = Math.round(performance.now() - since));
  const account = corpus.account.view();
  const time = corpus.time.view();
  const runs: MethodRun[] = [];
  const windows = {} as CoordinationResult['windows'];
  let pairsSeen = 0;
  for (const method of METHODS) {
    if (!methods.has(method)) continue;
    let started = performance.now();
    const setWindow = options.windows[method];
    let table: ItemTable;
    if (method === 'co-text') {
      table = textGroups(corpus, options.bands, options.rows, options.similarity).table;
      clock('co-text:lsh', started);
      started = performance.now();
    } else if (method === 'burst') {
      table = burstTable(account, time, setWindow === 'auto' ? 60 : setWindow);
    } else {
      table = corpus.tables[method];
    }
    const order = sortEntries(table, time);
    const estimate = setWindow === 'auto' ? estimateWindow(table.items.buf, table.posts.buf, order, time) : null;
    const window = setWindow === 'auto' ? (estimate ?? DEFAULT_OPTIONS.windows[method] as number) : setWindow;
    windows[method] = { seconds: window, estimated: setWindow === 'auto' && estimate !== null };
    const edges = cooccur({
      items: table.items.buf,
      posts: table.posts.buf,
      order,
      account,
      time,
      accounts: corpus.accounts.size,
      window,
      minRepetitions: options.minRepetitions[method],
      maxPartners: options.maxPartners,
      maxItemAccounts: method === 'co-domain' ? options.maxDomainAccounts : method === 'burst' ? Infinity : options.maxItemAccounts,
    });
    pairsSeen += edges.pairsSeen;
    runs.push({ method, table, order, edges, window, estimated: windows[method].estimated });
    clock(method, started);
  }
  const started = performance.now();
  const clusters = buildClusters(corpus, runs, options);
  clock('network', started);
  timings.pairs = pairsSeen;
  return { posts: corpus.size, accounts: corpus.accounts.size, windows, edges: runs.reduce((s, r) => s + r.edges.length, 0), clusters, timings };
}

/** The same over a list of posts. */
export function detectInPosts(posts: Iterable<Post>, settings: CoordinationSettings = {}): CoordinationResult {
  const corpus = newCorpus(settings);
  for (const post of posts) corpus.add(post);
  return detectCoordination(corpus, settings);
}
