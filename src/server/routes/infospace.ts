import type { DuckDBInstance } from '@duckdb/node-api';
import type { FastifyInstance } from 'fastify';
import { CaseError } from '../../infospace/cases/case.js';
import { clusterGraph, detectInPosts, edgeEvidence, Infospace, METHODS, type Cluster, type EvidencePost, type InfoCase, type StoredSource } from '../../infospace/index.js';
import {
  InfoCaseDetail, InfoCaseList, InfoCaseParams, InfoClusterList, InfoClusterParams, InfoDetectAnswer, InfoDetectRequest, InfoEvidenceList,
  InfoEvidenceQuery, InfoGraph, InfoOpenCaseRequest, InfoPostList, InfoPostsQuery, InfoSourceList, InfoTrendList, InfoTrendsQuery, InfoUpdateCaseRequest,
  type InfoCaseSummary, type InfoClusterSummary, type InfoSource,
} from '../contract.js';
import type { ServerContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { Api } from '../route.js';

const TAG = 'infospace';

function sourceHealth({ config, state }: StoredSource): InfoSource {
  const health = state.failures > 0 ? 'failing' : state.lastOkAt === null ? 'new' : 'ok';
  return {
    name: config.name, kind: config.kind, url: config.url, posts: state.posts, errors: state.errors, failures: state.failures,
    lastOkAt: state.lastOkAt, nextPollAt: state.nextPollAt, lastError: state.lastError, health,
  };
}

// the list leaves out edges and evidence, which only the graph and edge views need
function clusterSummary(c: Cluster): InfoClusterSummary {
  return {
    id: c.id, accounts: c.accounts, method: c.method, methods: c.methods, score: c.score, window: c.window, first: c.first, last: c.last,
    medianDelaySeconds: c.medianDelaySeconds, items: c.items.slice(0, 20),
  };
}

function caseSummary(c: InfoCase): InfoCaseSummary {
  return {
    id: c.id, title: c.title, status: c.status, tlp: c.tlp, created: c.created, updated: c.updated, createdBy: c.createdBy, cluster: c.cluster.id,
    accounts: c.cluster.accounts.length, method: c.cluster.method, score: c.cluster.score, techniques: c.techniques, notes: c.notes.length,
  };
}

const EDGE_POSTS = 5000;

/**
 * The evidence behind one edge. A cluster keeps at most 40 evidence posts, so most edges of a big
 * cluster have none there: then the pair's posts of the cluster's period are searched again, with
 * the edge's methods and the cluster's windows, every co-share kept (the edge already met the thresholds).
 */
async function pairEvidence(is: Infospace, cluster: Cluster, a: string, b: string): Promise<EvidencePost[]> {
  const kept = edgeEvidence(cluster, a, b);
  const methods = [...new Set(cluster.edges.filter((e) => (e.a === a && e.b === b) || (e.a === b && e.b === a)).map((e) => e.method))];
  if (kept.length > 0 || methods.length === 0) return kept;
  const windows = Object.fromEntries(cluster.methods.map((m) => [m.method, m.window]));
  const slack = Math.max(...cluster.methods.map((m) => m.window)) * 1000;
  const period = { since: Date.parse(cluster.first) - slack, until: Date.parse(cluster.last) + slack + 1, limit: EDGE_POSTS };
  const posts = [...(await is.store.posts({ ...period, account: a })), ...(await is.store.posts({ ...period, account: b }))];
  posts.sort((x, y) => x.time - y.time);
  const result = detectInPosts(posts, {
    methods, windows, minRepetitions: Object.fromEntries(METHODS.map((m) => [m, 1])), minClusterSize: 2, maxEvidence: 200,
  });
  const pair = result.clusters.find((c) => c.accounts.includes(a) && c.accounts.includes(b));
  return pair ? edgeEvidence(pair, a, b) : [];
}

const caseDetail = (c: InfoCase) => ({ ...caseSummary(c), notes: c.notes, amplified: c.amplified, clusterDetail: clusterSummary(c.cluster), evidence: c.cluster.evidence });

/**
 * The information space for the dashboard: sources and their health, clusters as graphs with the
 * evidence behind each edge, the posts explorer, narrative trends and cases. Its store lives in the
 * same DuckDB file as the traffic store and shares that store's instance (a second open of the file
 * would be refused); it is opened on first use so that a server that never shows these pages pays nothing.
 */
export function infospaceRoutes(api: Api, ctx: ServerContext, app: FastifyInstance): void {
  let opening: Promise<Infospace> | null = null;
  // the infospace store needs only connect() of an instance: the traffic store's gives it a connection of its own
  const shared = { connect: () => ctx.store.connect() } as unknown as DuckDBInstance;
  const infospace = () => (opening ??= Infospace.open(shared).catch((error: unknown) => {
    opening = null;
    throw error;
  }));
  app.addHook('onClose', async () => {
    if (opening) await (await opening.catch(() => null))?.close();
  });
  let detecting = false;

  const clusterById = async (id: string): Promise<Cluster> => {
    const cluster = (await (await infospace()).store.clusters()).clusters.find((c) => c.id === id);
    if (!cluster) throw new ApiFailure(404, 'not-found', 'not-found');
    return cluster;
  };
  const caseById = async (id: string): Promise<InfoCase> => {
    const found = await (await infospace()).store.getCase(id);
    if (!found) throw new ApiFailure(404, 'not-found', 'not-found');
    return found;
  };

  api.route({
    method: 'GET', url: '/api/infospace/sources', tag: TAG, role: 'viewer', response: InfoSourceList,
    summary: 'Information-space sources and their health (posts, errors, failures, last success, next poll)',
    handler: async () => {
      const is = await infospace();
      return { sources: (await is.store.sources()).map(sourceHealth), posts: await is.store.countPosts() };
    },
  });

  api.route({
    method: 'GET', url: '/api/infospace/clusters', tag: TAG, role: 'viewer', response: InfoClusterList,
    summary: 'Clusters of coordinated accounts from the latest detection run, best score first',
    handler: async () => {
      const { at, clusters } = await (await infospace()).store.clusters();
      return { at, clusters: clusters.map(clusterSummary) };
    },
  });
  api.route({
    method: 'GET', url: '/api/infospace/clusters/:id/graph', tag: TAG, role: 'viewer', params: InfoClusterParams, response: InfoGraph,
    summary: 'One cluster as a network: accounts and one merged edge per pair',
    handler: async ({ params }) => clusterGraph(await clusterById(params.id)),
  });
  api.route({
    method: 'GET', url: '/api/infospace/clusters/:id/evidence', tag: TAG, role: 'viewer', params: InfoClusterParams, query: InfoEvidenceQuery, response: InfoEvidenceList,
    summary: 'The evidence behind one edge: the two accounts\u2019 posts on items both shared',
    handler: async ({ params, query }) => pairEvidence(await infospace(), await clusterById(params.id), query.a, query.b),
  });
  api.route({
    method: 'POST', url: '/api/infospace/detect', tag: TAG, role: 'analyst', body: InfoDetectRequest, response: InfoDetectAnswer,
    summary: 'Run coordination detection over the stored posts; its clusters replace the previous run\u2019s',
    handler: async ({ body, principal }) => {
      if (detecting) throw new ApiFailure(409, 'conflict', 'invalid', { field: 'request', reason: 'a detection is already running' }, 'request');
      detecting = true;
      try {
        const run = await (await infospace()).detect({}, { since: body?.since, until: body?.until }, ctx.now());
        await ctx.audit(principal.name, 'infospace.detect', 'clusters', `${run.result.clusters.length} clusters over ${run.result.posts} posts`);
        const r = run.result;
        return { posts: r.posts, accounts: r.accounts, edges: r.edges, clusters: r.clusters.length, alerts: run.alerts };
      } finally {
        detecting = false;
      }
    },
  });

  api.route({
    method: 'GET', url: '/api/infospace/posts', tag: TAG, role: 'viewer', query: InfoPostsQuery, response: InfoPostList,
    summary: 'Stored posts, newest first, filtered by platform, account, language, source, text and period',
    handler: async ({ query }) => (await infospace()).store.posts(query),
  });

  api.route({
    method: 'GET', url: '/api/infospace/trends', tag: TAG, role: 'viewer', query: InfoTrendsQuery, response: InfoTrendList,
    summary: 'Watchlist terms above their usual rate in the window ending at `at`',
    handler: async ({ query }) => {
      const is = await infospace();
      const at = query.at ?? (await is.store.posts({ limit: 1 }))[0]?.time ?? ctx.now();
      return { at, trends: await is.trends({ now: at + 1, windowHours: query.windowHours, baselineDays: query.baselineDays }) };
    },
  });

  api.route({
    method: 'GET', url: '/api/infospace/cases', tag: TAG, role: 'viewer', response: InfoCaseList,
    summary: 'Cases, each a cluster an analyst took up',
    handler: async () => (await (await infospace()).store.cases()).map(caseSummary),
  });
  api.route({
    method: 'POST', url: '/api/infospace/cases', tag: TAG, role: 'analyst', body: InfoOpenCaseRequest, response: InfoCaseDetail, status: 201,
    summary: 'Open a case from a cluster of the latest run (the same cluster gives the same case)',
    handler: async ({ body, principal }) => {
      const opened = await (await infospace()).openCase(body.cluster, principal.name, { title: body.title, tlp: body.tlp });
      if (!opened) throw new ApiFailure(404, 'not-found', 'not-found');
      if (opened.created) await ctx.audit(principal.name, 'infospace.case.open', opened.infoCase.id, body.cluster);
      return caseDetail(opened.infoCase);
    },
  });
  api.route({
    method: 'GET', url: '/api/infospace/cases/:id', tag: TAG, role: 'viewer', params: InfoCaseParams, response: InfoCaseDetail,
    summary: 'One case: its cluster, evidence, DISARM techniques and notes',
    handler: async ({ params }) => caseDetail(await caseById(params.id)),
  });
  api.route({
    method: 'PATCH', url: '/api/infospace/cases/:id', tag: TAG, role: 'analyst', params: InfoCaseParams, body: InfoUpdateCaseRequest, response: InfoCaseDetail,
    summary: 'Add a note, replace the DISARM techniques, or close or reopen a case',
    handler: async ({ params, body, principal }) => {
      try {
        const updated = await (await infospace()).updateCase(params.id, principal.name, body);
        if (!updated) throw new ApiFailure(404, 'not-found', 'not-found');
        await ctx.audit(principal.name, 'infospace.case.update', params.id, Object.keys(body).join(', '));
        return caseDetail(updated);
      } catch (error) {
        if (error instanceof CaseError) throw new ApiFailure(400, 'invalid', 'invalid', { field: 'body', reason: error.message }, 'body');
        throw error;
      }
    },
  });
  api.route({
    method: 'GET', url: '/api/infospace/cases/:id/stix', tag: TAG, role: 'viewer', params: InfoCaseParams,
    summary: 'The case as a STIX 2.1 bundle, validated against the OASIS schemas (500 if it would not validate)',
    handler: async ({ params }, _request, reply) => {
      const exported = await (await infospace()).exportStix(params.id, process.env.VIGIE_ORGANISATION ?? 'Vigie');
      if (!exported) throw new ApiFailure(404, 'not-found', 'not-found');
      if (exported.errors.length) throw new Error(`STIX bundle of ${params.id} does not validate: ${exported.errors.slice(0, 3).join('; ')}`);
      return reply
        .type('application/stix+json;version=2.1')
        .header('content-disposition', `attachment; filename="${params.id}.stix.json"`)
        .send(JSON.stringify(exported.bundle, null, 2));
    },
  });
  api.route({
    method: 'GET', url: '/api/infospace/cases/:id/brief', tag: TAG, role: 'viewer', params: InfoCaseParams,
    summary: 'The case as a bilingual HTML brief (self-contained, no scripts), as a download',
    handler: async ({ params }, _request, reply) => {
      const html = await (await infospace()).exportBrief(params.id, ctx.now());
      if (html === null) throw new ApiFailure(404, 'not-found', 'not-found');
      // a download, never a page of this origin: the brief quotes strangers' posts
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `attachment; filename="${params.id}.html"`)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
        .send(html);
    },
  });
}
