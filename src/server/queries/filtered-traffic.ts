import type { DuckDBValue } from '@duckdb/node-api';
import type { Row } from '../../store/duckdb/rows.js';
import type { Count, TimelinePoint, TrafficQuery } from '../contract.js';

const MINUTE = 60_000;
const TOP = 20;

type Rows = (sql: string, values: DuckDBValue[]) => Promise<Row[]>;
type Breakdown = 'country' | 'asn' | 'network' | 'origin' | 'category' | 'status' | 'path';

export interface FilteredTraffic {
  requests: number;
  attacks: number;
  timeline: TimelinePoint[];
  breakdowns: Record<Breakdown, Count[]>;
}

/** Grouping columns of the cubes; `tags` (the tag set) gives the categories. */
const COLUMNS = ['minute', 'country', 'asn', 'network_type', 'origin', 'status', 'tags', 'path'] as const;
type Column = (typeof COLUMNS)[number];
const BREAKDOWN_OF: Partial<Record<Column, Breakdown>> = {
  country: 'country', asn: 'asn', network_type: 'network', origin: 'origin', status: 'status', path: 'path',
};

/**
 * The traffic page under any filter, from the per-minute cubes the store keeps beside the events
 * (traffic_cube, and traffic_paths for the path breakdown and path filters): one scan each, every
 * breakdown in it as a grouping set, instead of one scan of every event per breakdown. A request
 * with two tags counts once in each category, as it does in the events. The window is widened to
 * whole minutes, as the rollups are.
 */
export async function cubeTraffic(rows: Rows, q: TrafficQuery & { from: number; to: number }): Promise<FilteredTraffic> {
  const values: DuckDBValue[] = [BigInt(Math.floor(q.from / MINUTE) * MINUTE), BigInt(q.to)];
  const where = ['minute >= $1', 'minute < $2'];
  if (q.country !== undefined) where.push(q.country === '??' ? 'country IS NULL' : `country = $${values.push(q.country.toUpperCase())}`);
  if (q.asn !== undefined) where.push(`asn = $${values.push(q.asn)}`);
  if (q.network !== undefined) where.push(`network_type = $${values.push(q.network)}`);
  if (q.category !== undefined) where.push(`list_contains(string_split(tags, ','), $${values.push(q.category)})`);
  if (q.status !== undefined) where.push(`status = $${values.push(q.status)}`);
  // a path without its query string never holds '?': such a prefix matches nothing, as in the events
  if (q.path !== undefined) where.push(`starts_with(path, $${values.push(q.path)})`);
  const filter = where.join(' AND ');
  const grouped = q.path !== undefined
    ? await groupingSets(rows, 'traffic_paths', filter, values, COLUMNS)
    : [
        ...(await groupingSets(rows, 'traffic_cube', filter, values, COLUMNS.filter((c) => c !== 'path'))),
        ...(await groupingSets(rows, 'traffic_paths', filter, values, ['path'])),
      ];
  const timeline: TimelinePoint[] = [];
  const breakdowns: Record<Breakdown, Count[]> = { country: [], asn: [], network: [], origin: [], category: [], status: [], path: [] };
  const categories = new Map<string, Count>();
  for (const g of grouped) {
    if (g.column === 'minute') timeline.push({ minute: Number(g.key), requests: g.requests, attacks: g.attacks });
    else if (g.column === 'tags') {
      for (const tag of (g.key ?? '').split(',')) {
        if (tag === '') continue;
        const c = categories.get(tag) ?? { key: tag, requests: 0, attacks: 0 };
        c.requests += g.requests;
        c.attacks += g.attacks;
        categories.set(tag, c);
      }
    } else {
      const breakdown = BREAKDOWN_OF[g.column];
      if (breakdown) breakdowns[breakdown].push({ key: g.key ?? '??', requests: g.requests, attacks: g.attacks });
    }
  }
  timeline.sort((a, b) => a.minute - b.minute);
  breakdowns.category = [...categories.values()]
    .sort((a, b) => b.requests - a.requests || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, TOP);
  return {
    requests: timeline.reduce((s, p) => s + p.requests, 0),
    attacks: timeline.reduce((s, p) => s + p.attacks, 0),
    timeline,
    breakdowns,
  };
}

interface Group { column: Column; key: string | null; requests: number; attacks: number }

/**
 * Sums per value of each column (one grouping set each) in one scan: the top values of each, in
 * order, and every minute and tag set.
 */
async function groupingSets(rows: Rows, table: string, filter: string, values: DuckDBValue[], columns: readonly Column[]): Promise<Group[]> {
  const list = columns.join(', ');
  const all = (1 << columns.length) - 1;
  // GROUPING() has a bit set for each column a row is not grouped by
  const gidOf = (i: number) => all - (1 << (columns.length - 1 - i));
  const keepAll = columns.flatMap((c, i) => (c === 'minute' || c === 'tags' ? [gidOf(i)] : []));
  const key = columns.length === 1 ? `CAST(${list} AS VARCHAR)` : `coalesce(${columns.map((c) => `CAST(${c} AS VARCHAR)`).join(', ')})`;
  const result = await rows(
    `SELECT gid, k, r, a, row_number() OVER (PARTITION BY gid ORDER BY r DESC, k) AS rank FROM (
       SELECT ${columns.length === 1 ? '0' : `GROUPING(${list})`} AS gid, ${key} AS k, sum(requests) AS r, sum(attacks) AS a
       FROM ${table} WHERE ${filter} GROUP BY ${columns.length === 1 ? list : `GROUPING SETS (${columns.map((c) => `(${c})`).join(', ')})`})
     QUALIFY ${keepAll.length ? `gid IN (${keepAll.join(', ')}) OR ` : ''}rank <= ${TOP}
     ORDER BY gid, rank`,
    values,
  );
  const byGid = new Map(columns.map((c, i) => [columns.length === 1 ? 0 : gidOf(i), c]));
  return result.map((r) => ({
    column: byGid.get(Number(r.gid)) as Column,
    key: r.k === null ? null : String(r.k),
    requests: Number(r.r),
    attacks: Number(r.a),
  }));
}
