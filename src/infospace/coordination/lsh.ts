import { mix32, signatureSimilarity } from '../text/minhash.js';
import { radixPerm, UnionFind } from './arrays.js';
import type { Corpus } from './corpus.js';
import { ItemTable } from './corpus.js';

/** Representatives kept per LSH bucket: a mixed bucket still finds each of its near-duplicate groups. */
const REPRESENTATIVES = 8;

export interface TextGroupStats {
  candidates: number;
  comparisons: number;
  groups: number;
}

/**
 * Near-duplicate groups by LSH banding: posts whose signatures agree on every row of some band land
 * in the same bucket; each bucket member is compared with at most a few representatives of that
 * bucket (never with every other member), and matches are joined. Cost grows with posts * bands,
 * not with pairs of posts. Returns a table whose items are the groups with two posts or more.
 */
export function textGroups(corpus: Corpus, bands: number, rows: number, similarity: number): { table: ItemTable; stats: TextGroupStats } {
  const n = corpus.size;
  const bins = corpus.bins;
  const sig = corpus.signatures;
  const has = corpus.hasSignature.buf;
  const uf = new UnionFind(n);
  const keys = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const reps: number[] = [];
  const stats: TextGroupStats = { candidates: 0, comparisons: 0, groups: 0 };
  const perm = new Uint32Array(n);
  for (let band = 0; band < bands; band++) {
    const from = band * rows;
    let count = 0;
    for (let p = 0; p < n; p++) {
      if (!has[p]) continue;
      let h = 0x9e3779b9 ^ band;
      const at = p * bins + from;
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ (sig[at + r] as number), 0x01000193) + r;
      keys[p] = mix32(h >>> 0);
      perm[count++] = p;
    }
    const sorted = radixPerm(keys, perm.subarray(0, count), scratch.subarray(0, count));
    let start = 0;
    while (start < count) {
      const key = keys[sorted[start] as number];
      let end = start + 1;
      while (end < count && keys[sorted[end] as number] === key) end++;
      if (end - start >= 2) {
        stats.candidates += end - start;
        reps.length = 0;
        for (let i = start; i < end; i++) {
          const p = sorted[i] as number;
          let joined = false;
          for (const rep of reps) {
            stats.comparisons++;
            if (signatureSimilarity(sig, p * bins, rep * bins, bins) < similarity) continue;
            // groups stay near their first text: two groups join only when their roots are alike
            // too, so that A~B~C~D... cannot chain unrelated posts into one giant group
            const rootP = uf.find(p);
            const rootRep = uf.find(rep);
            if (rootP !== rootRep && (rootP !== p || rootRep !== rep)) {
              stats.comparisons++;
              if (signatureSimilarity(sig, rootP * bins, rootRep * bins, bins) < similarity) continue;
            }
            uf.union(p, rep);
            joined = true;
            break;
          }
          if (!joined && reps.length < REPRESENTATIVES) reps.push(p);
        }
      }
      start = end;
    }
  }
  const size = new Uint32Array(n);
  for (let p = 0; p < n; p++) if (has[p]) {
      const root = uf.find(p);
      size[root] = (size[root] as number) + 1;
    }
  const table = new ItemTable();
  for (let p = 0; p < n; p++) {
    if (!has[p]) continue;
    const root = uf.find(p);
    if ((size[root] as number) < 2) continue;
    table.add(root, corpus.texts[root] ?? '', p);
  }
  stats.groups = table.keys.size;
  return { table, stats };
}

