import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttackTag, HttpEvent } from '../../model/index.js';
import { DuckDbStore } from '../../store/duckdb/duckdb-store.js';
import type { TrafficQuery } from '../contract.js';
import { DashboardQueries, type TrafficResult } from './dashboard-queries.js';

const START = Date.UTC(2026, 9, 20, 22, 0, 0);
const MINUTE = 60_000;
const COUNTRIES = ['CA', 'CA', 'CA', 'US', 'US', 'FR', 'CN', null] as const;
const ASNS = [577, 812, 5769, 14061, 16276, 4134, null] as const;
const NETWORKS = ['isp', 'isp', 'hosting', 'crawler', 'tor', 'unknown'] as const;
const STATUSES = [200, 200, 200, 304, 404, 404, 403, 500];
const TAGS: AttackTag[][] = [[], [], [], [], ['sqli'], ['sqli', 'scanner-tool'], ['xss'], ['scanner-tool'], ['path-traversal', 'sensitive-file'], ['cms-probe']];
const PATHS = ['/', '/en/results', '/en/results?page=2', '/fr/candidats/12', '/wp-login.php', '/wp-admin/?x=1', '/api/results', '/a,"b"'];

/** Many combinations, so that ties and the top 20 are exercised too. */
function events(count: number): HttpEvent[] {
  let seed = 7;
  const pick = <T>(list: readonly T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return list[seed % list.length] as T;
  };
  return Array.from({ length: count }, (_, i) => {
    const country = pick(COUNTRIES);
    const networkType = pick(NETWORKS);
    return {
      file: 'access.log', line: i + 1, time: START + Math.floor((i * 40 * MINUTE) / count), ip: `198.51.100.${i % 200}`,
      method: 'GET', path: i % 37 === 0 ? `/item/${i}?q=1` : pick(PATHS), protocol: 'HTTP/1.1', status: pick(STATUSES), bytes: 100,
      referer: '-', userAgent: 'Mozilla/5.0', country, asn: pick(ASNS), org: 'Org', networkType,
      origin: country === null ? 'unknown' : networkType === 'hosting' || networkType === 'tor' ? 'obscured' : country === 'CA' ? 'domestic' : 'foreign',
      tags: [...pick(TAGS)],
    };
  });
}

/** The plain answer: every breakdown counted from the events themselves, one query each. */
async function reference(connection: DuckDBConnection, q: TrafficQuery & { from: number; to: number }): Promise<Omit<TrafficResult, 'basis'>> {
  const values: DuckDBValue[] = [BigInt(q.from), BigInt(q.to)];
  const where = ['ts >= $1', 'ts < $2'];
  if (q.country !== undefined) where.push(q.country === '??' ? 'country IS NULL' : `country = $${values.push(q.country)}`);
  if (q.asn !== undefined) where.push(`asn = $${values.push(q.asn)}`);
  if (q.network !== undefined) where.push(`network_type = $${values.push(q.network)}`);
  if (q.category !== undefined) where.push(`list_contains(string_split(tags, ','), $${values.push(q.category)})`);
  if (q.path !== undefined) where.push(`starts_with(split_part(path, '?', 1), $${values.push(q.path)})`);
  if (q.status !== undefined) where.push(`status = $${values.push(q.status)}`);
  const base = `SELECT * FROM events WHERE ${where.join(' AND ')}`;
  const rows = async (sql: string) => (await connection.runAndReadAll(sql, values)).getRowObjectsJS();
  const group = async (expression: string, extra = '') =>
    (await rows(`WITH f AS (${base}), g AS (SELECT ${expression} AS key, tags FROM f ${extra})
      SELECT key, count(*) AS r, count(*) FILTER (WHERE tags <> '') AS a FROM g GROUP BY key ORDER BY r DESC, key LIMIT 20`))
      .map((r) => ({ key: r.key === null ? '??' : String(r.key), requests: Number(r.r), attacks: Number(r.a) }));
  const timeline = (await rows(`WITH f AS (${base}) SELECT ts // ${MINUTE} * ${MINUTE} AS minute, count(*) AS r,
      count(*) FILTER (WHERE tags <> '') AS a FROM f GROUP BY minute ORDER BY minute`))
    .map((r) => ({ minute: Number(r.minute), requests: Number(r.r), attacks: Number(r.a) }));
  return {
    requests: timeline.reduce((s, p) => s + p.requests, 0),
    attacks: timeline.reduce((s, p) => s + p.attacks, 0),
    timeline,
    breakdowns: {
      country: await group('country'), asn: await group('CAST(asn AS VARCHAR)'), network: await group('network_type'),
      origin: await group('origin'), category: await group(`unnest(string_split(tags, ','))`, `WHERE tags <> ''`),
      status: await group('CAST(status AS VARCHAR)'), path: await group(`split_part(path, '?', 1)`),
    },
  };
}

const FILTERS: TrafficQuery[] = [
  { country: 'US' }, { country: '??' }, { asn: 577 }, { network: 'hosting' }, { category: 'sqli' }, { category: 'scanner-tool' },
  { status: 404 }, { path: '/wp-' }, { path: '/en/results' }, { path: '/x?' }, { country: 'CA', status: 200 },
  { country: 'CN', network: 'hosting', category: 'sqli' }, { asn: 14061, path: '/' }, { country: 'ZZ' },
];

describe('filtered traffic from the per-minute cubes', () => {
  let dir: string;
  let store: DuckDbStore;
  let connection: DuckDBConnection;
  let queries: DashboardQueries;

  const compare = async (label: string) => {
    const windows = [[START, START + 40 * MINUTE], [START + 7 * MINUTE, START + 19 * MINUTE]] as const;
    for (const [from, to] of windows) {
      for (const filter of FILTERS) {
        const q = { ...filter, from, to };
        const { basis, ...fast } = await queries.traffic(q);
        expect(basis, label).toBe('rollups');
        expect(fast, `${label} ${JSON.stringify(filter)} ${from}`).toEqual(await reference(connection, q));
      }
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-cube-'));
    store = await DuckDbStore.open(dir);
    const runId = await store.beginRun({ kind: 'watch', inputs: ['access.log'], home: 'CA', startedAt: START });
    const all = events(6000);
    // many small loads, as a live run makes: minutes split across loads, and compactions between
    for (let i = 0; i < all.length; i += 250) {
      await store.appendEvents(runId, all.slice(i, i + 250));
      await store.flushEvents();
    }
    connection = await store.connect();
    queries = new DashboardQueries(connection);
  });

  afterAll(async () => {
    connection.closeSync();
    await store.close();
  });

  it('answers every filter and combination as the events counted directly do', async () => {
    await compare('after live loads');
  });

  it('keeps one row per minute and combination once compacted', async () => {
    const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRowObjectsJS()[0]?.n);
    await store.close();
    store = await DuckDbStore.open(dir);
    connection = await store.connect();
    queries = new DashboardQueries(connection);
    expect(await count('SELECT count(*) AS n FROM traffic_cube')).toBe(
      await count('SELECT count(*) AS n FROM (SELECT DISTINCT ts // 60000, country, asn, network_type, origin, status, tags FROM events)'),
    );
    await compare('after compaction');
  });

  it('fills the cubes from the events of a store made before them', async () => {
    await connection.run('DROP TABLE traffic_cube; DROP TABLE traffic_paths; ALTER TABLE events DROP COLUMN load_id; DELETE FROM schema_version WHERE version >= 4');
    connection.closeSync();
    await store.close();
    store = await DuckDbStore.open(dir);
    connection = await store.connect();
    queries = new DashboardQueries(connection);
    await compare('after migration');
  });

  it('prunes the cubes with the events', async () => {
    await store.prune(START + 20 * MINUTE);
    await compare('after pruning');
    const { requests } = await queries.traffic({ from: START, to: START + 20 * MINUTE, country: 'CA' });
    expect(requests).toBe(0);
  });
});
