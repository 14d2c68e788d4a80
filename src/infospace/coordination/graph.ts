import type { Cluster, EvidencePost, Method } from './types.js';

export interface GraphNode {
  id: string;
  /** Edge weight summed over the node's edges: how much it co-shared. */
  weight: number;
}

export interface GraphEdge {
  source: string;
  target: string;
  weight: number;
  methods: Method[];
  symmetry: number;
}

/** A cluster as nodes and merged edges (one per pair, all methods together), ready for a graph view. */
export function clusterGraph(cluster: Cluster): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const edges = new Map<string, GraphEdge>();
  const weight = new Map<string, number>(cluster.accounts.map((a) => [a, 0]));
  for (const e of cluster.edges) {
    const key = `${e.a}\n${e.b}`;
    const edge = edges.get(key) ?? { source: e.a, target: e.b, weight: 0, methods: [], symmetry: 0 };
    // symmetry averaged over methods, weighted by what each method contributes
    edge.symmetry = (edge.symmetry * edge.weight + e.symmetry * e.weight) / (edge.weight + e.weight);
    edge.weight += e.weight;
    if (!edge.methods.includes(e.method)) edge.methods.push(e.method);
    edges.set(key, edge);
    weight.set(e.a, (weight.get(e.a) ?? 0) + e.weight);
    weight.set(e.b, (weight.get(e.b) ?? 0) + e.weight);
  }
  return { nodes: [...weight].map(([id, w]) => ({ id, weight: w })), edges: [...edges.values()].map((e) => ({ ...e, symmetry: Math.round(e.symmetry * 1000) / 1000 })) };
}

/** The evidence behind one edge: the posts of the two accounts on items both of them shared. */
export function edgeEvidence(cluster: Cluster, a: string, b: string): EvidencePost[] {
  const itemsOf = (account: string) => new Set(cluster.evidence.filter((p) => p.account === account).map((p) => `${p.method}\n${p.item}`));
  const shared = itemsOf(a);
  const both = new Set([...itemsOf(b)].filter((i) => shared.has(i)));
  return cluster.evidence.filter((p) => (p.account === a || p.account === b) && both.has(`${p.method}\n${p.item}`));
}
