import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { AnalysisSummary, Finding, HttpEvent } from '../../model/index.js';
import type { EventQuery, FindingQuery, RollupRow, RunInfo, RunRecord, Store } from '../store.js';
import { MIGRATIONS } from './schema.js';
import { openDuckDbFile } from './open.js';
import { EventSpool, SPOOL_COLUMNS } from './event-spool.js';
import { eventFromRow, findingFromRow } from './rows.js';
import { CubeCompactor, cubeInsertSql } from './traffic-cube.js';

/** The columns of `events` that a spool file fills, in its order. */
const EVENT_COLUMNS = 'run_id, file, line, ts, ip, method, path, protocol, status, bytes, user_agent, referer, host, country, asn, org, network_type, origin, tags';
/** Findings per INSERT statement (14 values each). */
const FINDING_ROWS = 200;


/** The embedded store: one DuckDB file in the data directory. */
export class DuckDbStore implements Store {
  readonly backend = 'duckdb';
  private readonly spool: EventSpool;
  private readonly cube: CubeCompactor;
  /** The last load's number (events.load_id). */
  private loads = 0;

  /**
   * Loads run in the background on their own connection (`loader`), so that their transactions
   * never meet those of the calls made meanwhile on the main one.
   */
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly loader: DuckDBConnection,
    readonly path: string,
    dataDir: string,
  ) {
    this.spool = new EventSpool(join(dataDir, 'spool'), (file) => this.copyEvents(file));
    this.cube = new CubeCompactor(loader);
  }

  static async open(dataDir: string): Promise<DuckDbStore> {
    const { instance, path } = await openDuckDbFile(dataDir);
    const connection = await instance.connect();
    const store = new DuckDbStore(instance, connection, await instance.connect(), path, dataDir);
    await store.migrate();
    store.loads = Number((await connection.runAndReadAll('SELECT coalesce(max(load_id), 0) AS n FROM events')).getRowObjectsJS()[0]?.n ?? 0);
    return store;
  }

  private async migrate(): Promise<void> {
    await this.connection.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const rows = (await this.connection.runAndReadAll('SELECT max(version) AS v FROM schema_version')).getRowObjectsJS();
    const current = Number(rows[0]?.v ?? 0);
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      await this.connection.run('BEGIN TRANSACTION');
      await this.connection.run(MIGRATIONS[version - 1] as string);
      await this.connection.run('INSERT INTO schema_version VALUES ($1)', [version]);
      await this.connection.run('COMMIT');
    }
  }

  async beginRun(run: RunInfo): Promise<string> {
    const id = randomUUID();
    await this.connection.run('INSERT INTO runs (id, kind, inputs, home, started_at) VALUES ($1, $2, $3, $4, $5)', [
      id, run.kind, JSON.stringify(run.inputs), run.home, BigInt(run.startedAt),
    ]);
    return id;
  }

  async appendEvents(runId: string, events: readonly HttpEvent[]): Promise<void> {
    await this.spool.append(runId, events);
  }

  /**
   * One spool file into the events, then the traffic cubes from the rows it added, in one
   * transaction. The rows go straight from the file into the table (full row groups are written out
   * as they fill), so a load holds little in memory whatever the file's size.
   */
  private async copyEvents(file: string): Promise<void> {
    const columns = Object.entries(SPOOL_COLUMNS).map(([key, type]) => `${key}: '${type}'`).join(', ');
    const db = this.loader;
    const load = ++this.loads;
    await db.run('BEGIN TRANSACTION');
    try {
      await db.run(
        `INSERT INTO events (${EVENT_COLUMNS}, load_id) SELECT r, f, l, t, i, m, p, v, s, b, u, e, h, c, a, o, n, g, x, ${load}
         FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = {${columns}}, maximum_object_size = 1048576)`,
      );
      const added = `(SELECT * FROM events WHERE load_id = ${load})`;
      for (const sql of cubeInsertSql(added)) await db.run(sql);
      const span = (await db.runAndReadAll(`SELECT min(ts) AS first, max(ts) AS last FROM ${added}`)).getRowObjectsJS()[0];
      await db.run('COMMIT');
      await this.cube.loaded(Number(span?.first), Number(span?.last));
    } catch (error) {
      await db.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async saveFindings(runId: string, findings: readonly Finding[]): Promise<void> {
    await this.spool.flush();
    await this.inTransaction(async () => {
      await this.connection.run('DELETE FROM findings WHERE run_id = $1', [runId]);
      await this.insertFindings(runId, findings);
    });
  }

  async upsertFindings(runId: string, findings: readonly Finding[]): Promise<void> {
    if (findings.length === 0) return;
    await this.spool.flush();
    await this.inTransaction(async () => {
      for (let i = 0; i < findings.length; i += FINDING_ROWS) {
        const ids = findings.slice(i, i + FINDING_ROWS).map((f) => f.id);
        await this.connection.run(`DELETE FROM findings WHERE run_id = $1 AND id IN (${ids.map((_, k) => `$${k + 2}`).join(', ')})`, [runId, ...ids]);
      }
      await this.insertFindings(runId, findings);
    });
  }

  /** Many rows per statement: a live run rewrites thousands of findings every few seconds. */
  private async insertFindings(runId: string, findings: readonly Finding[]): Promise<void> {
    for (let i = 0; i < findings.length; i += FINDING_ROWS) {
      const values: DuckDBValue[] = [];
      const rows = findings.slice(i, i + FINDING_ROWS).map((f) => {
        const base = values.length;
        values.push(
          runId, f.id, f.category, f.scope.kind, f.scope.value, BigInt(f.count), f.severity, f.confidence,
          f.technique, f.rule, BigInt(f.firstSeen), BigInt(f.lastSeen), JSON.stringify(f.evidence), JSON.stringify(f.details),
        );
        return `(${Array.from({ length: 14 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
      });
      await this.connection.run(`INSERT INTO findings VALUES ${rows.join(', ')}`, values);
    }
  }

  private async inTransaction(work: () => Promise<void>): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      await work();
      await this.connection.run('COMMIT');
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async finishRun(runId: string, summary: AnalysisSummary): Promise<void> {
    await this.spool.flush();
    await this.connection.run(
      'UPDATE runs SET finished_at = $2, lines = $3, parsed = $4, rejected = $5, findings = $6, summary = $7 WHERE id = $1',
      [
        runId, BigInt(Date.now()), BigInt(summary.input.lines), BigInt(summary.input.parsed),
        BigInt(summary.input.rejected), summary.findings.length, JSON.stringify(summary),
      ],
    );
  }

  async runs(limit = 20): Promise<RunRecord[]> {
    const reader = await this.connection.runAndReadAll(
      'SELECT id, kind, inputs, home, started_at, finished_at, lines, parsed, rejected, findings FROM runs ORDER BY started_at DESC LIMIT $1',
      [limit],
    );
    return reader.getRowObjectsJS().map((row) => ({
      id: String(row.id),
      kind: row.kind as RunRecord['kind'],
      inputs: JSON.parse(String(row.inputs)) as string[],
      home: String(row.home),
      startedAt: Number(row.started_at),
      finishedAt: row.finished_at === null ? null : Number(row.finished_at),
      lines: Number(row.lines),
      parsed: Number(row.parsed),
      rejected: Number(row.rejected),
      findings: Number(row.findings),
    }));
  }

  async findings(query: FindingQuery = {}): Promise<Finding[]> {
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    if (query.runId) where.push(`run_id = $${values.push(query.runId)}`);
    if (query.category) where.push(`category = $${values.push(query.category)}`);
    const sql = `SELECT * FROM findings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY count DESC LIMIT ${clampLimit(query.limit)}`;
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJS().map(findingFromRow);
  }

  async countEvents(runId?: string): Promise<number> {
    await this.spool.flush();
    const reader = runId
      ? await this.connection.runAndReadAll('SELECT count(*) AS n FROM events WHERE run_id = $1', [runId])
      : await this.connection.runAndReadAll('SELECT count(*) AS n FROM events');
    return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
  }

  async events(query: EventQuery = {}): Promise<HttpEvent[]> {
    await this.spool.flush();
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    if (query.runId) where.push(`run_id = $${values.push(query.runId)}`);
    if (query.ip) where.push(`ip = $${values.push(query.ip)}`);
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY file, line LIMIT ${clampLimit(query.limit)}`;
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJS().map(eventFromRow);
  }

  /** Loads events appended so far, so that queries on another connection see them. */
  async flushEvents(): Promise<void> {
    await this.spool.flush();
  }

  /** Another connection on the same file, for a part that keeps its own tables (decisions). */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  async appendRollups(runId: string, rows: readonly RollupRow[]): Promise<void> {
    if (rows.length === 0) return;
    const values: DuckDBValue[] = [];
    const tuples = rows.map((r) => {
      values.push(runId, BigInt(r.minute), r.dimension, r.key, BigInt(r.requests), BigInt(r.attacks));
      const n = values.length;
      return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
    });
    await this.connection.run(`INSERT INTO rollups VALUES ${tuples.join(', ')}`, values);
  }

  async rollups(query: { runId?: string; dimension?: RollupRow['dimension']; from?: number; to?: number } = {}): Promise<RollupRow[]> {
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    if (query.runId) where.push(`run_id = $${values.push(query.runId)}`);
    if (query.dimension) where.push(`dimension = $${values.push(query.dimension)}`);
    if (query.from !== undefined) where.push(`minute >= $${values.push(BigInt(query.from))}`);
    if (query.to !== undefined) where.push(`minute < $${values.push(BigInt(query.to))}`);
    const reader = await this.connection.runAndReadAll(
      `SELECT minute, dimension, key, sum(requests) AS requests, sum(attacks) AS attacks FROM rollups
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY minute, dimension, key ORDER BY minute, dimension, key`,
      values,
    );
    return reader.getRowObjectsJS().map((row) => ({
      minute: Number(row.minute),
      dimension: row.dimension as RollupRow['dimension'],
      key: String(row.key),
      requests: Number(row.requests),
      attacks: Number(row.attacks),
    }));
  }

  async prune(before: number): Promise<{ events: number; findings: number; rollups: number }> {
    await this.spool.flush();
    const cut = BigInt(before);
    const count = async (sql: string) => Number((await this.connection.run(sql, [cut])).rowsChanged);
    const pruned = {
      events: await count('DELETE FROM events WHERE ts < $1'),
      findings: await count('DELETE FROM findings WHERE last_seen < $1'),
      rollups: await count('DELETE FROM rollups WHERE minute < $1'),
    };
    // the cubes are counts of the events: they go with them, and are not counted again
    await count('DELETE FROM traffic_cube WHERE minute < $1');
    await count('DELETE FROM traffic_paths WHERE minute < $1');
    return pruned;
  }

  async close(): Promise<void> {
    await this.spool.flush();
    await this.cube.compact();
    this.loader.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}


function clampLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(Math.floor(limit ?? 1000), 100_000));
}
