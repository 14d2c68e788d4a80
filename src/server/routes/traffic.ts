import { originOf } from '../../traffic/attribution.js';
import { normalizeScopeValue } from '../../decisions/decision.js';
import { EntityDetail, EntityParams, EntityQuery, Overview, OverviewQuery, Traffic, TrafficQuery, type TopSource } from '../contract.js';
import type { ServerContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { Api } from '../route.js';

const MINUTE = 60_000;

/** Overview, traffic breakdowns, and the drill-down to one address, AS or country. */
export function trafficRoutes(api: Api, ctx: ServerContext): void {
  api.route({
    method: 'GET', url: '/api/overview', tag: 'traffic', role: 'viewer', query: OverviewQuery, response: Overview,
    summary: 'Attacks now: totals, origin split, countries, top sources, timeline, recent findings and decisions',
    handler: async ({ query }) => {
      const now = ctx.now();
      const from = now - query.minutes * MINUTE;
      const base = await ctx.queries.rollupOverview(from, now + MINUTE);
      const top = await ctx.queries.topSources(from);
      const topSources: TopSource[] = top.map((s) => {
        const intel = ctx.intel?.lookup(s.ip);
        return { ...s, country: intel?.country ?? null, asn: intel?.asn ?? null, org: intel?.org ?? null, networkType: intel?.networkType ?? 'unknown' };
      });
      return {
        now, minutes: query.minutes, home: ctx.home, ...base, topSources,
        recentFindings: await ctx.queries.findings({ since: from, limit: 10 }),
        recentDecisions: await ctx.queries.decisions({ limit: 10 }),
        activeDecisions: await ctx.queries.activeDecisionCount(now),
      };
    },
  });

  api.route({
    method: 'GET', url: '/api/traffic', tag: 'traffic', role: 'viewer', query: TrafficQuery, response: Traffic,
    summary: 'Timeline and breakdowns by country, AS, network type, origin, category, status and path, filterable',
    handler: async ({ query }) => {
      const to = query.to ?? ctx.now();
      const from = query.from ?? to - 60 * MINUTE;
      if (from >= to) throw new ApiFailure(400, 'invalid', 'invalid', { field: 'query.from', reason: 'must be before to' }, 'query.from');
      if (to - from > 90 * 86_400_000) throw new ApiFailure(400, 'invalid', 'invalid', { field: 'query.from', reason: 'at most 90 days' }, 'query.from');
      const filtered = Object.keys(query).some((k) => k !== 'from' && k !== 'to' && (query as Record<string, unknown>)[k] !== undefined);
      if (filtered) await ctx.store.flushEvents();
      const result = await ctx.queries.traffic({ ...query, from, to });
      const asns = result.breakdowns.asn.map((c) => Number(c.key)).filter((n) => Number.isInteger(n));
      const orgs = await ctx.queries.asOrgs(asns, from, to, (asn) => ctx.live.asNames.peek(asn));
      const b = result.breakdowns;
      return {
        from, to, basis: result.basis, requests: result.requests, attacks: result.attacks, timeline: result.timeline,
        byCountry: b.country, byAsn: b.asn.map((c) => ({ ...c, org: orgs.get(Number(c.key)) ?? null })), byNetwork: b.network,
        byOrigin: b.origin, byCategory: b.category, byStatus: b.status, byPath: b.path,
      };
    },
  });

  const entity = async (kind: 'ip' | 'asn' | 'country', key: string, minutes: number) => {
    await ctx.store.flushEvents();
    const now = ctx.now();
    const column = kind;
    const value: string | number = kind === 'asn' ? Number(key) : key;
    const data = await ctx.queries.entity(column, value, now - minutes * MINUTE, kind === 'ip' ? 'path' : 'ip');
    const scopeKind = kind === 'ip' ? 'ip' : kind;
    const findings = await ctx.queries.findings({ scopeKind, scopeValue: kind === 'asn' ? `AS${key}` : key, limit: 100 });
    // findings about an address named in an AS or country's traffic belong on that page too
    if (kind !== 'ip' && data.top.length > 0) {
      for (const top of data.top.slice(0, 10)) findings.push(...(await ctx.queries.findings({ ip: top.key, limit: 10 })));
    }
    const decisions = await ctx.queries.decisions({ scope: kind === 'ip' ? 'ip' : kind, value: key, limit: 100 });
    const intelRecord = kind === 'ip' && ctx.intel ? ctx.intel.lookup(key) : null;
    const intel = intelRecord ? { ...intelRecord, origin: originOf(intelRecord.country, intelRecord.networkType, ctx.home) } : null;
    if (intel && intel.asn !== null) decisions.push(...(await ctx.queries.decisions({ scope: 'asn', value: String(intel.asn), limit: 20 })));
    if (intel && intel.country) decisions.push(...(await ctx.queries.decisions({ scope: 'country', value: intel.country, limit: 20 })));
    const label = kind === 'asn' ? `AS${key}${data.recent[0]?.org ? ` ${data.recent[0].org}` : ''}` : key;
    return EntityDetail.parse({
      summary: { kind, key, label, requests: data.requests, attacks: data.attacks, firstSeen: data.firstSeen, lastSeen: data.lastSeen },
      intel, requests: data.recent, findings, decisions, timeline: data.timeline, top: data.top,
    });
  };

  api.route({
    method: 'GET', url: '/api/ip/:ip', tag: 'entities', role: 'viewer', params: EntityParams.ip, query: EntityQuery, response: EntityDetail,
    summary: 'One address: intel, recent requests, findings, decisions, timeline, top paths',
    handler: async ({ params, query }) => {
      const ip = normalizeScopeValue('ip', params.ip);
      if (!ip) throw new ApiFailure(400, 'invalid', 'invalid', { field: 'params.ip', reason: 'not an IP address' }, 'params.ip');
      return entity('ip', ip, query.minutes);
    },
  });
  api.route({
    method: 'GET', url: '/api/asn/:asn', tag: 'entities', role: 'viewer', params: EntityParams.asn, query: EntityQuery, response: EntityDetail,
    summary: 'One autonomous system: requests, findings, decisions, timeline, top addresses',
    handler: async ({ params, query }) => {
      const asn = normalizeScopeValue('asn', params.asn);
      if (!asn) throw new ApiFailure(400, 'invalid', 'invalid', { field: 'params.asn', reason: 'not an AS number' }, 'params.asn');
      return entity('asn', asn, query.minutes);
    },
  });
  api.route({
    method: 'GET', url: '/api/country/:cc', tag: 'entities', role: 'viewer', params: EntityParams.country, query: EntityQuery, response: EntityDetail,
    summary: 'One country: requests, findings, decisions, timeline, top addresses',
    handler: async ({ params, query }) => entity('country', params.cc.toUpperCase(), query.minutes),
  });
}

