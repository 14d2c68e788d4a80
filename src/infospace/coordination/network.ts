import { createHash } from 'node:crypto';
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { Corpus, ItemTable } from './corpus.js';
import type { EdgeList } from './cooccur.js';
import type { Cluster, ClusterMethod, CoordinationOptions, EvidencePost, Method, PairEdge } from './types.js';

// a CommonJS module whose default export TypeScript sees one level too deep under NodeNext
const louvain = ((louvainModule as unknown as { default?: typeof louvainModule }).default ?? louvainModule) as unknown as (
  graph: UndirectedGraph,
  options: { getEdgeWeight: string; rng: () => number },
) => Record<string, number>;

export interface MethodRun {
  method: Method;
  table: ItemTable;
  order: Uint32Array;
  edges: EdgeList;
  window: number;
  estimated: boolean;
}

/** A small deterministic generator, so that Louvain gives the same communities on every run. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Communities of the account network (all methods' edges together), each scored and explained. */
export function buildClusters(corpus: Corpus, runs: MethodRun[], options: CoordinationOptions): Cluster[] {
  const handles = corpus.accounts.keys;
  const graph = new UndirectedGraph();
  for (const run of runs) {
    const { a, b, weight } = run.edges;
    for (let i = 0; i < run.edges.length; i++) {
      const x = String(a[i]);
      const y = String(b[i]);
      graph.mergeNode(x);
      graph.mergeNode(y);
      graph.updateEdge(x, y, (attr: { weight?: number }) => ({ weight: (attr.weight ?? 0) + (weight[i] as number) }));
    }
  }
  if (graph.order === 0) return [];
  const community = louvain(graph, { getEdgeWeight: 'weight', rng: seededRandom(1) });
  const members = new Map<number, number[]>();
  for (const [node, c] of Object.entries(community)) {
    const list = members.get(c) ?? [];
    list.push(Number(node));
    members.set(c, list);
  }
  const groups = [...members.values()].filter((m) => m.length >= options.minClusterSize);
  const clusterOf = new Int32Array(handles.length).fill(-1);
  groups.forEach((m, c) => m.forEach((acct) => (clusterOf[acct] = c)));

  const built = groups.map((accts) => ({
    accts,
    edges: [] as PairEdge[],
    merged: new Map<string, number>(),
    methodWeight: new Map<Method, number>(),
    methodEdges: new Map<Method, number>(),
    methodItems: new Map<Method, number>(),
    items: [] as Cluster['items'],
    delays: [] as number[],
    evidence: [] as EvidencePost[],
    first: Infinity,
    last: 0,
  }));
  for (const run of runs) {
    const { a, b, weight, symmetry } = run.edges;
    for (let i = 0; i < run.edges.length; i++) {
      const c = clusterOf[a[i] as number] as number;
      if (c < 0 || c !== clusterOf[b[i] as number]) continue;
      const g = built[c]!;
      if (g.edges.length < 2000) g.edges.push({ a: handles[a[i] as number]!, b: handles[b[i] as number]!, method: run.method, weight: weight[i] as number, symmetry: round(symmetry[i] as number) });
      const key = `${a[i]}-${b[i]}`;
      g.merged.set(key, (g.merged.get(key) ?? 0) + (weight[i] as number));
      g.methodWeight.set(run.method, (g.methodWeight.get(run.method) ?? 0) + (weight[i] as number));
      g.methodEdges.set(run.method, (g.methodEdges.get(run.method) ?? 0) + 1);
    }
    collectEvidence(corpus, run, clusterOf, built, options.maxEvidence);
  }

  return built
    .map((g) => {
      const methods: ClusterMethod[] = runs
        .filter((r) => g.methodEdges.has(r.method))
        .map((r) => ({ method: r.method, window: r.window, windowEstimated: r.estimated, edges: g.methodEdges.get(r.method) ?? 0, items: g.methodItems.get(r.method) ?? 0 }));
      const main = [...g.methodWeight].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]![0];
      const window = runs.find((r) => r.method === main)!.window;
      const n = g.accts.length;
      const weights = [...g.merged.values()];
      const density = (2 * g.merged.size) / (n * (n - 1));
      const strength = weights.reduce((s, w) => s + (1 - Math.exp(-w / 6)), 0) / Math.max(1, weights.length);
      const symmetry = g.edges.reduce((s, e) => s + e.symmetry * e.weight, 0) / Math.max(1, g.edges.reduce((s, e) => s + e.weight, 0));
      const delay = median(g.delays);
      const tightness = Math.max(0, 1 - delay / Math.max(1, window));
      const score = round(0.3 * Math.min(1, density) + 0.3 * strength + 0.2 * symmetry + 0.2 * tightness);
      const accounts = g.accts.map((x) => handles[x]!).sort();
      return {
        id: `cluster--${createHash('sha256').update(accounts.join('\n')).digest('hex').slice(0, 16)}`,
        accounts,
        method: main,
        methods,
        score,
        components: { density: round(Math.min(1, density)), strength: round(strength), symmetry: round(symmetry), tightness: round(tightness) },
        window,
        first: new Date((Number.isFinite(g.first) ? g.first : 0) * 1000).toISOString(),
        last: new Date(g.last * 1000).toISOString(),
        medianDelaySeconds: delay,
        items: g.items.sort((x, y) => y.accounts - x.accounts || y.posts - x.posts).slice(0, 20),
        edges: g.edges,
        evidence: g.evidence.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0)),
      } satisfies Cluster;
    })
    .sort((x, y) => y.score - x.score || y.accounts.length - x.accounts.length);
}

type Built = {
  methodItems: Map<Method, number>;
  items: Cluster['items'];
  delays: number[];
  evidence: EvidencePost[];
  first: number;
  last: number;
};

/** The items each cluster's accounts shared within the window: what the analyst reads as evidence. */
function collectEvidence(corpus: Corpus, run: MethodRun, clusterOf: Int32Array, built: Built[], maxEvidence: number): void {
  const items = run.table.items.buf;
  const posts = run.table.posts.buf;
  const order = run.order;
  const account = corpus.account.buf;
  const time = corpus.time.buf;
  const n = order.length;
  let start = 0;
  while (start < n) {
    const item = items[order[start] as number] as number;
    let end = start + 1;
    while (end < n && items[order[end] as number] === item) end++;
    let byCluster: Map<number, number[]> | null = null;
    for (let i = start; i < end; i++) {
      const p = posts[order[i] as number] as number;
      const c = clusterOf[account[p] as number] as number;
      if (c < 0) continue;
      byCluster ??= new Map();
      const list = byCluster.get(c) ?? [];
      list.push(p);
      byCluster.set(c, list);
    }
    for (const [c, list] of byCluster ?? []) {
      if (list.length < 2) continue;
      const g = built[c]!;
      const together = new Set<number>();
      for (let i = 1; i < list.length; i++) {
        const p = list[i] as number;
        const q = list[i - 1] as number;
        const delay = (time[p] as number) - (time[q] as number);
        if (account[p] !== account[q] && delay <= run.window) {
          together.add(p).add(q);
          if (g.delays.length < 100_000) g.delays.push(delay);
        }
      }
      if (together.size === 0) continue;
      g.methodItems.set(run.method, (g.methodItems.get(run.method) ?? 0) + 1);
      const distinct = new Set([...together].map((p) => account[p]));
      g.items.push({ method: run.method, item: run.table.label(item), accounts: distinct.size, posts: together.size });
      let taken = 0;
      for (const p of together) {
        g.first = Math.min(g.first, time[p] as number);
        g.last = Math.max(g.last, time[p] as number);
        if (g.evidence.length >= maxEvidence || taken >= 3) continue;
        taken++;
        g.evidence.push({
          id: corpus.ids[p]!,
          account: corpus.accounts.keys[account[p] as number]!,
          time: new Date((time[p] as number) * 1000).toISOString(),
          method: run.method,
          item: run.table.label(item),
          text: corpus.texts[p] ?? '',
          url: corpus.urls[p] ?? null,
        });
      }
    }
    start = end;
  }
}
