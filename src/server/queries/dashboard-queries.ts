import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Decision } from '../../decisions/decision.js';
import { decisionFromRow } from '../../decisions/duckdb-decision-store.js';
import { eventFromRow, findingFromRow, type Row } from '../../store/duckdb/rows.js';
import type { Finding, HttpEvent } from '../../model/index.js';
import { cubeTraffic } from './filtered-traffic.js';
import type { Count, FindingsQuery, OriginSplit, TimelinePoint, TrafficQuery } from '../contract.js';

const MINUTE = 60_000;
const TOP = 20;

/** What the traffic page shows, before the server adds AS names. */
export interface TrafficResult {
  basis: 'rollups' | 'events';
  requests: number;
  attacks: number;
  timeline: TimelinePoint[];
  breakdowns: Record<'country' | 'asn' | 'network' | 'origin' | 'category' | 'status' | 'path', Count[]>;
}

/**
 * The dashboard's reads, on their own connection to the store's file. Unfiltered pages read the
 * per-minute rollups (a few hundred rows a minute, whatever the traffic), filtered ones the
 * store's per-minute traffic cubes, and drill-downs read events, which DuckDB scans by time first.
 */
export class DashboardQueries {
  constructor(private readonly connection: DuckDBConnection) {}

  private async rows(sql: string, values: DuckDBValue[] = []): Promise<Row[]> {
    return (await this.connection.runAndReadAll(sql, values)).getRowObjectsJS() as Row[];
  }

  /** Totals, origin split (all and attacks), countries and timeline from the rollups since `from`. */
  async rollupOverview(from: number, to: number): Promise<{ requests: number; attacks: number; split: { all: OriginSplit; attacks: OriginSplit }; countries: Count[]; timeline: TimelinePoint[] }> {
    const range = [BigInt(floorMinute(from)), BigInt(to)];
    const sums = await this.rows(
      `SELECT dimension, key, sum(requests) AS r, sum(attacks) AS a FROM rollups
       WHERE minute >= $1 AND minute < $2 AND dimension IN ('all', 'origin', 'country') GROUP BY dimension, key`,
      range,
    );
    const all: OriginSplit = { domestic: 0, foreign: 0, obscured: 0, unknown: 0 };
    const attacks: OriginSplit = { ...all };
    let requests = 0;
    let attackTotal = 0;
    const countries: Count[] = [];
    for (const row of sums) {
      const key = String(row.key);
      const r = Number(row.r);
      const a = Number(row.a);
      if (row.dimension === 'all') {
        requests = r;
        attackTotal = a;
      } else if (row.dimension === 'origin' && key in all) {
        all[key as keyof OriginSplit] = r;
        attacks[key as keyof OriginSplit] = a;
      } else if (row.dimension === 'country') countries.push({ key, requests: r, attacks: a });
    }
    countries.sort((x, y) => y.requests - x.requests || x.key.localeCompare(y.key));
    return { requests, attacks: attackTotal, split: { all, attacks }, countries, timeline: await this.rollupTimeline(from, to) };
  }

  private async rollupTimeline(from: number, to: number): Promise<TimelinePoint[]> {
    const rows = await this.rows(
      `SELECT minute, sum(requests) AS r, sum(attacks) AS a FROM rollups WHERE dimension = 'all' AND minute >= $1 AND minute < $2 GROUP BY minute ORDER BY minute`,
      [BigInt(floorMinute(from)), BigInt(to)],
    );
    return rows.map((r) => ({ minute: Number(r.minute), requests: Number(r.r), attacks: Number(r.a) }));
  }

  async traffic(q: TrafficQuery & { from: number; to: number }): Promise<TrafficResult> {
    const filtered = q.country !== undefined || q.asn !== undefined || q.network !== undefined || q.category !== undefined || q.path !== undefined || q.status !== undefined;
    if (!filtered) return this.rollupTraffic(q.from, q.to);
    return { basis: 'rollups', ...(await cubeTraffic((sql, values) => this.rows(sql, values), q)) };
  }

  private async rollupTraffic(from: number, to: number): Promise<TrafficResult> {
    const rows = await this.rows(
      `SELECT dimension, key, r, a FROM (
         SELECT dimension, key, sum(requests) AS r, sum(attacks) AS a,
                row_number() OVER (PARTITION BY dimension ORDER BY sum(requests) DESC, key) AS rank
         FROM rollups WHERE minute >= $1 AND minute < $2 GROUP BY dimension, key)
       WHERE rank <= ${TOP * 2} ORDER BY dimension, r DESC, key`,
      [BigInt(floorMinute(from)), BigInt(to)],
    );
    const breakdowns = emptyBreakdowns();
    let requests = 0;
    let attacks = 0;
    for (const row of rows) {
      const dimension = String(row.dimension);
      const count = { key: String(row.key), requests: Number(row.r), attacks: Number(row.a) };
      if (dimension === 'all') {
        requests = count.requests;
        attacks = count.attacks;
      } else if (dimension in breakdowns) {
        const list = breakdowns[dimension as keyof TrafficResult['breakdowns']];
        if (list.length < TOP) list.push(count);
      }
    }
    return { basis: 'rollups', requests, attacks, timeline: await this.rollupTimeline(from, to), breakdowns };
  }

  /** Requests, attacks, first and last seen, timeline and top values of events matching one column. */
  async entity(column: 'ip' | 'asn' | 'country', value: string | number, from: number, topColumn: 'ip' | 'path'): Promise<{
    requests: number; attacks: number; firstSeen: number | null; lastSeen: number | null; timeline: TimelinePoint[]; top: Count[]; recent: HttpEvent[];
  }> {
    const values: DuckDBValue[] = [value];
    const totals = (await this.rows(`SELECT count(*) AS r, count(*) FILTER (WHERE tags <> '') AS a, min(ts) AS f, max(ts) AS l FROM events WHERE ${column} = $1`, values))[0] ?? {};
    const timeline = await this.rows(
      `SELECT (ts // ${MINUTE}) * ${MINUTE} AS minute, count(*) AS r, count(*) FILTER (WHERE tags <> '') AS a FROM events
       WHERE ${column} = $1 AND ts >= $2 GROUP BY minute ORDER BY minute`,
      [value, BigInt(from)],
    );
    const topExpression = topColumn === 'path' ? `split_part(path, '?', 1)` : 'ip';
    const top = await this.rows(
      `SELECT ${topExpression} AS key, count(*) AS r, count(*) FILTER (WHERE tags <> '') AS a FROM events WHERE ${column} = $1 GROUP BY key ORDER BY r DESC, key LIMIT ${TOP}`,
      values,
    );
    const recent = await this.rows(`SELECT * FROM events WHERE ${column} = $1 ORDER BY ts DESC, line DESC LIMIT 200`, values);
    return {
      requests: Number(totals.r ?? 0),
      attacks: Number(totals.a ?? 0),
      firstSeen: totals.f === null || totals.f === undefined ? null : Number(totals.f),
      lastSeen: totals.l === null || totals.l === undefined ? null : Number(totals.l),
      timeline: timeline.map((r) => ({ minute: Number(r.minute), requests: Number(r.r), attacks: Number(r.a) })),
      top: top.map((r) => ({ key: String(r.key), requests: Number(r.r), attacks: Number(r.a) })),
      recent: recent.map(eventFromRow),
    };
  }

  /** Findings, newest first, one row per finding id (a finding seen in several runs keeps its latest). */
  async findings(q: Partial<FindingsQuery> & { since?: number; scopeKind?: string; scopeValue?: string; id?: string }): Promise<Finding[]> {
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    if (q.category) where.push(`category = $${values.push(q.category)}`);
    if (q.severity) where.push(`severity = $${values.push(q.severity)}`);
    if (q.ip) where.push(`scope_kind = 'ip' AND scope_value = $${values.push(q.ip)}`);
    if (q.scopeKind) where.push(`scope_kind = $${values.push(q.scopeKind)}`);
    if (q.scopeValue) where.push(`scope_value = $${values.push(q.scopeValue)}`);
    if (q.id) where.push(`id = $${values.push(q.id)}`);
    if (q.since !== undefined) where.push(`last_seen >= $${values.push(BigInt(q.since))}`);
    const rows = await this.rows(
      `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       QUALIFY row_number() OVER (PARTITION BY id ORDER BY last_seen DESC, count DESC) = 1
       ORDER BY last_seen DESC, id LIMIT ${Math.max(1, Math.min(q.limit ?? 200, 1000))}`,
      values,
    );
    return rows.map(findingFromRow);
  }

  /** Addresses with the most findings since `since`: count, worst severity, last seen. */
  async topSources(since: number, limit = 10): Promise<{ ip: string; findings: number; severity: Finding['severity']; lastSeen: number }[]> {
    const rows = await this.rows(
      `SELECT scope_value AS ip, count(DISTINCT id) AS n,
              max(CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) AS s, max(last_seen) AS l
       FROM findings WHERE scope_kind = 'ip' AND last_seen >= $1 GROUP BY ip ORDER BY s DESC, n DESC, l DESC, ip LIMIT ${limit}`,
      [BigInt(since)],
    );
    const names = ['low', 'low', 'medium', 'high', 'critical'] as const;
    return rows.map((r) => ({ ip: String(r.ip), findings: Number(r.n), severity: names[Number(r.s)] ?? 'low', lastSeen: Number(r.l) }));
  }

  /** Decisions newest first; `activeAt` keeps those in force then; a scope and value narrow it. */
  async decisions(q: { activeAt?: number; pastAt?: number; scope?: string; value?: string; limit: number }): Promise<Decision[]> {
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    if (q.activeAt !== undefined) where.push(`until > $${values.push(BigInt(q.activeAt))}`);
    if (q.pastAt !== undefined) where.push(`until <= $${values.push(BigInt(q.pastAt))}`);
    if (q.scope) where.push(`scope = $${values.push(q.scope)}`);
    if (q.value) where.push(`value = $${values.push(q.value)}`);
    const rows = await this.rows(`SELECT * FROM decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${Math.max(1, Math.min(q.limit, 5000))}`, values);
    return rows.map(decisionFromRow);
  }

  async activeDecisionCount(at: number): Promise<number> {
    return Number((await this.rows('SELECT count(*) AS n FROM decisions WHERE until > $1', [BigInt(at)]))[0]?.n ?? 0);
  }

  /**
   * AS names for the ASes on a page: from those seen live, else from the events of the window's
   * last hour (events are in time order, so DuckDB reads only that stretch: never the whole table).
   */
  async asOrgs(asns: number[], from: number, to: number, known: (asn: number) => string | undefined = () => undefined): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const missing: number[] = [];
    for (const asn of asns) {
      const org = known(asn);
      if (org) out.set(asn, org);
      else missing.push(Math.floor(asn));
    }
    if (missing.length === 0) return out;
    const rows = await this.rows(
      `SELECT asn, any_value(org) AS org FROM events WHERE ts >= $1 AND ts < $2 AND asn IN (${missing.join(',')}) AND org IS NOT NULL GROUP BY asn`,
      [BigInt(Math.max(from, to - 3_600_000)), BigInt(to)],
    );
    for (const r of rows) out.set(Number(r.asn), String(r.org));
    return out;
  }
}

function emptyBreakdowns(): TrafficResult['breakdowns'] {
  return { country: [], asn: [], network: [], origin: [], category: [], status: [], path: [] };
}

function floorMinute(t: number): number {
  return Math.floor(t / MINUTE) * MINUTE;
}
