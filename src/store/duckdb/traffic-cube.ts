import type { DuckDBConnection } from '@duckdb/node-api';

const MINUTE = 60_000;
/** Loads between two compactions: a live run loads every few seconds, and each load adds rows. */
const LOADS_PER_COMPACTION = 16;

/**
 * Statements that add a batch of events (a table with the `events` columns) to the two traffic
 * cubes: requests and attacks per minute and per combination of the traffic page's filters, with
 * and without the path (query string dropped). The path-less cube stays small whatever the site's
 * paths; the other one is still much smaller than the events and has no column it does not need.
 */
export function cubeInsertSql(source: string): string[] {
  return [
    `INSERT INTO traffic_cube SELECT ts // ${MINUTE} * ${MINUTE}, country, asn, network_type, origin, status, tags,
       count(*), count(*) FILTER (WHERE tags <> '') FROM ${source} GROUP BY ALL`,
    `INSERT INTO traffic_paths SELECT ts // ${MINUTE} * ${MINUTE}, split_part(path, '?', 1), country, asn, network_type, origin,
       status, tags, count(*), count(*) FILTER (WHERE tags <> '') FROM ${source} GROUP BY ALL`,
  ];
}

/**
 * Each load adds its own rows, so a minute loaded in many small batches (a live run) has many rows
 * per combination; every few loads, the minutes loaded since are summed back into one row each.
 */
export class CubeCompactor {
  private loads = 0;
  private from = Number.POSITIVE_INFINITY;
  private to = Number.NEGATIVE_INFINITY;

  constructor(private readonly connection: DuckDBConnection) {}

  /** Notes a load of events from `first` to `last` (epoch ms) and compacts when it is time. */
  async loaded(first: number, last: number): Promise<void> {
    if (!Number.isFinite(first) || !Number.isFinite(last)) return;
    this.from = Math.min(this.from, first);
    this.to = Math.max(this.to, last);
    if (++this.loads >= LOADS_PER_COMPACTION) await this.compact();
  }

  async compact(): Promise<void> {
    if (this.loads === 0) return;
    const { from, to } = this;
    const range = [BigInt(Math.floor(from / MINUTE) * MINUTE), BigInt(to)];
    this.loads = 0;
    this.from = Number.POSITIVE_INFINITY;
    this.to = Number.NEGATIVE_INFINITY;
    await this.connection.run('BEGIN TRANSACTION');
    try {
      for (const [table, keys] of [['traffic_cube', CUBE_KEYS], ['traffic_paths', PATH_KEYS]] as const) {
        await this.connection.run(
          `CREATE OR REPLACE TEMP TABLE cube_merge AS SELECT ${keys}, sum(requests)::BIGINT AS requests, sum(attacks)::BIGINT AS attacks
           FROM ${table} WHERE minute >= $1 AND minute <= $2 GROUP BY ALL`,
          range,
        );
        await this.connection.run(`DELETE FROM ${table} WHERE minute >= $1 AND minute <= $2`, range);
        await this.connection.run(`INSERT INTO ${table} SELECT * FROM cube_merge ORDER BY minute`);
      }
      await this.connection.run('DROP TABLE cube_merge');
      await this.connection.run('COMMIT');
    } catch {
      // only an optimisation: the rows still add up; the next compaction covers this range again
      await this.connection.run('ROLLBACK').catch(() => undefined);
      this.from = Math.min(this.from, from);
      this.to = Math.max(this.to, to);
    }
  }
}

const CUBE_KEYS = 'minute, country, asn, network_type, origin, status, tags';
const PATH_KEYS = 'minute, path, country, asn, network_type, origin, status, tags';
