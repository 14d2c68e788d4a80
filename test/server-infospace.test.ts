/**
 * The information-space API against a real server on a real DuckDB file: a simulated corpus with
 * injected campaigns, detection through the API, clusters as graphs with the evidence behind an
 * edge, the posts explorer, trends, and a case exported as a STIX bundle that validates.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Infospace } from '../src/infospace/index.js';
import { simulate } from '../src/infospace/simulate/index.js';
import { validateBundle } from '../src/sharing/stix/index.js';
import type { StixBundle } from '../src/sharing/stix/index.js';
import type { InfoCaseDetail, InfoClusterList, InfoDetectAnswer, InfoEvidencePost, InfoGraph, InfoPost, InfoSourceList, InfoTrendList } from '../src/server/contract.js';
import { cookieOf, setupAdmin, startFixture, type Fixture } from './server-fixture.js';

type Headers = Record<string, string>;
let fx: Fixture;
let admin: Headers;
let viewer: Headers;
let analyst: Headers;
const simulation = simulate({ posts: 6_000, accounts: 1_500, days: 2, copyPaste: 1, linkRings: 1, hashtagGroups: 1 });
let seeded = 0;
const HOSTILE = '<img src=x onerror=alert(1)> élection';

beforeAll(async () => {
  fx = await startFixture();
  // seeds the corpus through the same DuckDB instance the server holds
  const seed = await Infospace.open({ connect: () => fx.store.connect() } as unknown as DuckDBInstance);
  const posts = [...simulation.posts()];
  posts.push({ ...posts[0]!, id: 'hostile-1', account: 'mallory', text: HOSTILE, platform: 'mastodon', lang: 'fr' });
  seeded = (await seed.store.addPosts(posts)).inserted;
  await seed.close();
  const a = await setupAdmin(fx.app);
  admin = { cookie: a.cookie, 'x-csrf-token': a.csrf };
  const login = async (username: string, password: string, role: string) => {
    await fx.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username, password, role } });
    const r = await fx.app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
    return { cookie: cookieOf(r), 'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken };
  };
  viewer = await login('vic', 'viewer password 1', 'viewer');
  analyst = await login('ana', 'analyst password 1', 'analyst');
}, 120_000);
afterAll(async () => {
  await fx?.close();
});

const get = (url: string, headers: Headers = viewer) => fx.app.inject({ url, headers });

describe('information-space API', () => {
  it('refuses strangers (401), viewers acting (403) and bad input (400 naming the field)', async () => {
    expect((await fx.app.inject({ url: '/api/infospace/clusters' })).statusCode).toBe(401);
    const refused = await fx.app.inject({ method: 'POST', url: '/api/infospace/detect', headers: viewer, payload: {} });
    expect(refused.statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'POST', url: '/api/infospace/cases', headers: viewer, payload: { cluster: 'x' } })).statusCode).toBe(403);
    const noCsrf = await fx.app.inject({ method: 'POST', url: '/api/infospace/detect', headers: { cookie: analyst.cookie! }, payload: {} });
    expect(noCsrf.json().error.code).toBe('csrf');
    const bad = await get('/api/infospace/posts?limit=9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('query.limit');
    expect((await get('/api/infospace/posts?platform=myspace')).json().error.field).toBe('query.platform');
    expect((await get('/api/infospace/clusters/none/evidence')).json().error.field).toMatch(/^query\./);
    expect((await get('/api/infospace/clusters/cluster--nothing/graph')).statusCode).toBe(404);
  });

  it('lists sources with the number of stored posts', async () => {
    const list = (await get('/api/infospace/sources')).json() as InfoSourceList;
    expect(list.posts).toBe(seeded);
    expect(list.sources).toEqual([]);
  });

  it('filters posts and keeps hostile text as data', async () => {
    const zh = (await get('/api/infospace/posts?lang=zh&limit=5')).json() as InfoPost[];
    expect(zh).toHaveLength(5);
    expect(zh.every((p) => p.lang === 'zh')).toBe(true);
    const times = zh.map((p) => p.time);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const hostile = (await get(`/api/infospace/posts?text=${encodeURIComponent('onerror')}&platform=mastodon`)).json() as InfoPost[];
    expect(hostile.map((p) => p.text)).toEqual([HOSTILE]);
    const byAccount = (await get('/api/infospace/posts?account=mallory')).json() as InfoPost[];
    expect(byAccount.map((p) => p.id)).toEqual(['hostile-1']);
  });

  it('runs detection (analyst), lists clusters, draws one as a graph and shows an edge\u2019s evidence', async () => {
    const run = await fx.app.inject({ method: 'POST', url: '/api/infospace/detect', headers: analyst, payload: {} });
    expect(run.statusCode).toBe(200);
    const answer = run.json() as InfoDetectAnswer;
    expect(answer.clusters).toBeGreaterThan(0);
    const { at, clusters } = (await get('/api/infospace/clusters')).json() as InfoClusterList;
    expect(at).not.toBeNull();
    expect(clusters).toHaveLength(answer.clusters);
    const found = new Set(clusters.flatMap((c) => c.accounts));
    const truePositives = [...found].filter((a) => simulation.truth.has(a)).length;
    expect(truePositives / found.size).toBeGreaterThanOrEqual(0.9);
    const cluster = clusters[0]!;
    const graph = (await get(`/api/infospace/clusters/${cluster.id}/graph`)).json() as InfoGraph;
    expect(new Set(graph.nodes.map((n) => n.id))).toEqual(new Set(cluster.accounts));
    // every edge, not only those the cluster's 40 kept evidence posts happen to cover
    for (const edge of [...graph.edges].sort((x, y) => y.weight - x.weight).slice(0, 6)) {
      const url = `/api/infospace/clusters/${cluster.id}/evidence?a=${encodeURIComponent(edge.source)}&b=${encodeURIComponent(edge.target)}`;
      const evidence = (await get(url)).json() as InfoEvidencePost[];
      expect(new Set(evidence.map((p) => p.account)), `${edge.source} ${edge.target}`).toEqual(new Set([edge.source, edge.target]));
      const items = (account: string) => new Set(evidence.filter((p) => p.account === account).map((p) => p.item));
      expect([...items(edge.source)].some((i) => items(edge.target).has(i))).toBe(true);
    }
    const outsider = (await get(`/api/infospace/clusters/${cluster.id}/evidence?a=mallory&b=${encodeURIComponent(cluster.accounts[0]!)}`)).json() as InfoEvidencePost[];
    expect(outsider).toEqual([]);
    const audit = (await get('/api/audit', admin)).json() as { action: string }[];
    expect(audit.map((e) => e.action)).toContain('infospace.detect');
  }, 60_000);

  it('answers trends over the window ending at the newest post', async () => {
    const trends = (await get('/api/infospace/trends?windowHours=12')).json() as InfoTrendList;
    const newest = ((await get('/api/infospace/posts?limit=1')).json() as InfoPost[])[0]!.time;
    expect(trends.at).toBe(newest);
    for (const t of trends.trends) expect(t.ratio).toBeGreaterThanOrEqual(3);
    expect((await get('/api/infospace/trends?windowHours=0')).json().error.field).toBe('query.windowHours');
  });

  it('opens a case from a cluster (analyst), annotates it, and exports a STIX bundle that validates and an HTML brief', async () => {
    const { clusters } = (await get('/api/infospace/clusters')).json() as InfoClusterList;
    const opened = await fx.app.inject({ method: 'POST', url: '/api/infospace/cases', headers: analyst, payload: { cluster: clusters[0]!.id, tlp: 'green' } });
    expect(opened.statusCode).toBe(201);
    const infoCase = opened.json() as InfoCaseDetail;
    expect(infoCase.cluster).toBe(clusters[0]!.id);
    expect(infoCase.evidence.length).toBeGreaterThan(0);
    const missing = await fx.app.inject({ method: 'POST', url: '/api/infospace/cases', headers: analyst, payload: { cluster: 'cluster--none' } });
    expect(missing.statusCode).toBe(404);
    const unknownTechnique = await fx.app.inject({ method: 'PATCH', url: `/api/infospace/cases/${infoCase.id}`, headers: analyst, payload: { techniques: ['T9999'] } });
    expect(unknownTechnique.statusCode).toBe(400);
    const noted = await fx.app.inject({ method: 'PATCH', url: `/api/infospace/cases/${infoCase.id}`, headers: analyst, payload: { note: 'Same text within minutes <b>' } });
    expect((noted.json() as InfoCaseDetail).notes.map((n) => n.text)).toEqual(['Same text within minutes <b>']);
    expect(((await get('/api/infospace/cases')).json() as { id: string }[]).map((c) => c.id)).toEqual([infoCase.id]);

    const stix = await get(`/api/infospace/cases/${infoCase.id}/stix`);
    expect(stix.statusCode).toBe(200);
    expect(stix.headers['content-type']).toContain('application/stix+json');
    const bundle = stix.json() as StixBundle;
    expect(validateBundle(bundle)).toEqual([]);
    expect(bundle.objects.filter((o) => o.type === 'user-account').length).toBe(infoCase.accounts);

    const brief = await get(`/api/infospace/cases/${infoCase.id}/brief`);
    expect(brief.statusCode).toBe(200);
    expect(brief.headers['content-disposition']).toContain('attachment');
    expect(brief.body).toMatch(/Same text within minutes &(lt|#60);b&(gt|#62);/);
    expect(brief.body).not.toContain('minutes <b>');
    expect(brief.body).not.toContain('<script');
    expect((await get('/api/infospace/cases/case-none/stix')).statusCode).toBe(404);
  }, 60_000);
});
