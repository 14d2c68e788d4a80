import { describe, expect, it } from 'vitest';
import type { Post } from '../../model/index.js';
import { SMALL_SIMULATION, scoreClusters, simulate } from '../simulate/index.js';
import { detectCoordination, detectInPosts, newCorpus, resolveOptions } from './detect.js';
import { clusterGraph, edgeEvidence } from './graph.js';

const T0 = Date.UTC(2025, 3, 22, 12);
let serial = 0;
function post(account: string, seconds: number, fields: Partial<Post> = {}): Post {
  return {
    id: `p${serial++}`, platform: 'import', account, time: T0 + seconds * 1000, text: `organic words number ${serial} about nothing in particular`,
    links: [], hashtags: [], mentions: [], replyTo: null, repostOf: null, quoteOf: null, lang: 'en', url: null, source: 'test', ...fields,
  };
}

describe('coordination on a small simulated corpus', () => {
  it('finds the injected campaigns with high precision and recall', () => {
    const simulation = simulate(SMALL_SIMULATION);
    const corpus = newCorpus();
    for (const p of simulation.posts()) corpus.add(p);
    const result = detectCoordination(corpus);
    const quality = scoreClusters(simulation, result.clusters);
    expect(quality.precision).toBeGreaterThanOrEqual(0.95);
    expect(quality.recall).toBeGreaterThanOrEqual(0.85);
    for (const kind of ['copy-paste', 'link-ring', 'hashtag-sequence']) expect(quality.byKind[kind]!.recall).toBeGreaterThan(0.7);
    const cluster = result.clusters[0]!;
    expect(cluster.score).toBeGreaterThan(0);
    expect(cluster.score).toBeLessThanOrEqual(1);
    expect(cluster.evidence.length).toBeGreaterThan(0);
    expect(cluster.accounts).toEqual(expect.arrayContaining([...new Set(cluster.evidence.map((e) => e.account))]));
  });
});

describe('methods', () => {
  it('co-link: a ring sharing the same links within seconds, with tracking parameters, is one cluster', () => {
    const ring = ['a1', 'a2', 'a3', 'a4'];
    const posts: Post[] = [];
    for (let k = 0; k < 4; k++) {
      ring.forEach((a, i) => posts.push(post(a, k * 3600 + i * 5, { links: [`https://www.site.example/story-${k}?utm_source=${a}`] })));
    }
    // the same links, but hours later: not coordinated
    ['late1', 'late2'].forEach((a, i) => [0, 1, 2, 3].forEach((k) => posts.push(post(a, k * 3600 + 2000 + i * 900, { links: [`https://site.example/story-${k}`] }))));
    const result = detectInPosts(posts, { methods: ['co-link'] });
    expect(result.clusters).toHaveLength(1);
    const cluster = result.clusters[0]!;
    expect(cluster.accounts).toEqual(ring);
    expect(cluster.method).toBe('co-link');
    expect(cluster.window).toBe(60);
    expect(cluster.items.map((i) => i.item)).toContain('site.example/story-0');
    expect(cluster.edges.every((e) => e.weight === 4 && e.symmetry === 1)).toBe(true);
    const graph = clusterGraph(cluster);
    expect(graph.nodes.map((n) => [n.id, n.weight])).toEqual(ring.map((a) => [a, 12]));
    expect(graph.edges).toHaveLength(6);
    expect(graph.edges[0]).toMatchObject({ weight: 4, methods: ['co-link'], symmetry: 1 });
    const behind = edgeEvidence(cluster, 'a1', 'a2');
    expect(behind.length).toBeGreaterThan(0);
    expect(new Set(behind.map((p) => p.account))).toEqual(new Set(['a1', 'a2']));
  });

  it('needs the minimum number of repetitions', () => {
    const posts = ['x', 'y', 'z'].flatMap((a, i) => [0, 1].map((k) => post(a, k * 3600 + i, { links: [`https://s.example/${k}`] })));
    expect(detectInPosts(posts, { methods: ['co-link'] }).clusters).toHaveLength(0);
    expect(detectInPosts(posts, { methods: ['co-link'], minRepetitions: { 'co-link': 2 } }).clusters).toHaveLength(1);
  });

  it('co-text: Traditional and Simplified copies with small edits are near-duplicates; copy-paste catches exact ones', () => {
    const messages = ['自由党候选人悄悄放弃了房租管制，我们值得更好的。记得登记，转告亲友。', '保守党的政纲一直无视外国干预，投票时想清楚。这很重要，去投票吧！', '新民主党党魁刚刚宣布了全民药保计划，如果属实就大了，大家怎么看？'];
    const trad = ['自由黨候選人悄悄放棄了房租管制，我們值得更好的。記得登記，轉告親友。', '保守黨的政綱一直無視外國干預，投票時想清楚。這很重要，去投票吧！', '新民主黨黨魁剛剛宣布了全民藥保計劃，如果屬實就大了，大家怎麼看？'];
    const posts: Post[] = [];
    messages.forEach((m, k) => ['c1', 'c2', 'c3'].forEach((a, i) => posts.push(post(a, k * 7200 + i * 40, { text: i === 1 ? `🔥 ${trad[k]}` : m, lang: null }))));
    const result = detectInPosts(posts, { methods: ['co-text'] });
    expect(result.clusters.map((c) => c.accounts)).toEqual([['c1', 'c2', 'c3']]);
    expect(detectInPosts(posts, { methods: ['copy-paste'], minRepetitions: { 'copy-paste': 3 } }).clusters[0]?.accounts).toEqual(['c1', 'c2', 'c3']);
  });

  it('co-hashtag sequences, co-repost and co-reply', () => {
    const posts: Post[] = [];
    for (let k = 0; k < 3; k++) {
      ['h1', 'h2', 'h3'].forEach((a, i) => posts.push(post(a, k * 5000 + i * 20, { hashtags: ['CdnPoli', 'elxn45', 'StopLies'] })));
      ['r1', 'r2', 'r3'].forEach((a, i) => posts.push(post(a, k * 5000 + i * 3, { repostOf: `orig-${k}` })));
      ['q1', 'q2', 'q3'].forEach((a, i) => posts.push(post(a, k * 5000 + i * 3, { replyTo: `target-${k}` })));
    }
    const result = detectInPosts(posts, { methods: ['co-hashtag', 'co-repost', 'co-reply'] });
    const byMethod = Object.fromEntries(result.clusters.map((c) => [c.method, c.accounts]));
    expect(byMethod).toEqual({ 'co-hashtag': ['h1', 'h2', 'h3'], 'co-repost': ['r1', 'r2', 'r3'], 'co-reply': ['q1', 'q2', 'q3'] });
  });

  it('estimates the window from the data when asked', () => {
    const posts = ['a', 'b', 'c'].flatMap((a, i) => [0, 1, 2, 3].map((k) => post(a, k * 3600 + i * 7, { links: [`https://s.example/${k}`] })));
    const result = detectInPosts(posts, { methods: ['co-link'], windows: { 'co-link': 'auto' } });
    expect(result.windows['co-link']).toEqual({ seconds: 7, estimated: true });
    expect(result.clusters).toHaveLength(1);
  });

  it('rejects bad settings with a message naming the setting', () => {
    expect(() => resolveOptions({ bins: 30 })).toThrow(/bins/);
    expect(() => resolveOptions({ windows: { 'co-link': -1 } })).toThrow(/co-link/);
  });
});

describe('edge symmetry', () => {
  it('is 1 when both accounts share as much, lower when one floods the items', () => {
    const posts: Post[] = [];
    for (let k = 0; k < 3; k++) {
      posts.push(post('even1', k * 3600, { links: [`https://e.example/${k}`] }), post('even2', k * 3600 + 5, { links: [`https://e.example/${k}`] }));
      posts.push(post('quiet', k * 3600, { links: [`https://f.example/${k}`] }));
      for (let r = 0; r < 4; r++) posts.push(post('flood', k * 3600 + 2 + r, { links: [`https://f.example/${k}`] }));
    }
    const result = detectInPosts(posts, { methods: ['co-link'], minClusterSize: 2 });
    const edges = result.clusters.flatMap((c) => c.edges);
    expect(edges.find((e) => e.a.startsWith('even'))?.symmetry).toBe(1);
    expect(edges.find((e) => e.a === 'flood' || e.b === 'flood')?.symmetry).toBe(0.25);
  });
});
