import { openDuckDbFile } from '../store/duckdb/open.js';
import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { Decision, DecisionDraft } from './decision.js';
import type { AuditEntry, BatchDecisionStore, Bouncer, DecisionQuery } from './store.js';

// Own tables beside the main store's, created on demand so neither part migrates the other.
const TABLES = [
  `CREATE TABLE IF NOT EXISTS decisions (
    id BIGINT NOT NULL, uuid VARCHAR NOT NULL, type VARCHAR NOT NULL, scope VARCHAR NOT NULL, value VARCHAR NOT NULL,
    origin VARCHAR NOT NULL, scenario VARCHAR NOT NULL, created_at BIGINT NOT NULL, until BIGINT NOT NULL,
    deleted_at BIGINT, finding_id VARCHAR, simulated BOOLEAN NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS decision_audit (
    seq BIGINT NOT NULL, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL,
    decision_id BIGINT NOT NULL, before_json VARCHAR, after_json VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS bouncers (
    name VARCHAR NOT NULL, key_hash VARCHAR NOT NULL, created_at BIGINT NOT NULL, last_pull BIGINT NOT NULL,
    last_id BIGINT NOT NULL, user_agent VARCHAR, ip VARCHAR)`,
];

/** Rows per INSERT statement of a batch: large enough to amortise, small enough to bind quickly. */
const BATCH_ROWS = 500;

/**
 * Decisions in the data directory's DuckDB file (<dataDir>/vigie.duckdb). Ids are given here,
 * not by a database sequence: one process holds the file, and its writes are serialised.
 */
export class DuckDbDecisionStore implements BatchDecisionStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly release: () => void,
  ) {}

  static async open(dataDir: string): Promise<DuckDbDecisionStore> {
    const { instance } = await openDuckDbFile(dataDir);
    const connection = await instance.connect();
    return DuckDbDecisionStore.withConnection(connection, () => {
      connection.closeSync();
      instance.closeSync();
    });
  }

  /** Shares a connection already open on the file (e.g. the main store's); `release` runs on close. */
  static async withConnection(connection: DuckDBConnection, release: () => void = () => {}): Promise<DuckDbDecisionStore> {
    for (const sql of TABLES) await connection.run(sql);
    return new DuckDbDecisionStore(connection, release);
  }

  /** Runs one operation at a time: "max(id) + 1" must not race with another insert. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async rows(sql: string, values: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql, values)).getRowObjectsJS() as Record<string, unknown>[];
  }

  insertDecision(draft: DecisionDraft): Promise<Decision> {
    return this.serial(async () => {
      const id = Number((await this.rows('SELECT coalesce(max(id), 0) + 1 AS id FROM decisions'))[0]?.id ?? 1);
      const d: Decision = { ...draft, id, uuid: randomUUID(), deletedAt: null };
      await this.connection.run('INSERT INTO decisions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11)', [
        BigInt(d.id), d.uuid, d.type, d.scope, d.value, d.origin, d.scenario, BigInt(d.createdAt), BigInt(d.until), d.findingId, d.simulated,
      ]);
      return d;
    });
  }

  endDecision(id: number, at: number): Promise<Decision | null> {
    return this.serial(async () => {
      const current = await this.getUnqueued(id);
      if (!current || current.until <= at) return null;
      await this.connection.run('UPDATE decisions SET until = $2, deleted_at = $2 WHERE id = $1', [BigInt(id), BigInt(at)]);
      return { ...current, until: at, deletedAt: at };
    });
  }

  getDecision(id: number): Promise<Decision | null> {
    return this.serial(() => this.getUnqueued(id));
  }

  private async getUnqueued(id: number): Promise<Decision | null> {
    const row = (await this.rows('SELECT * FROM decisions WHERE id = $1', [BigInt(id)]))[0];
    return row ? decisionFromRow(row) : null;
  }

  queryDecisions(query: DecisionQuery = {}): Promise<Decision[]> {
    return this.serial(async () => {
      const where: string[] = [];
      const values: DuckDBValue[] = [];
      if (query.untilAfter !== undefined) where.push(`until > $${values.push(BigInt(Math.floor(query.untilAfter)))}`);
      if (query.createdAfter !== undefined) where.push(`created_at > $${values.push(BigInt(Math.floor(query.createdAfter)))}`);
      if (query.scope !== undefined) where.push(`scope = $${values.push(query.scope)}`);
      if (query.value !== undefined) where.push(`value = $${values.push(query.value)}`);
      const limit = query.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(query.limit))}` : '';
      const rows = await this.rows(`SELECT * FROM decisions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id${limit}`, values);
      return rows.map(decisionFromRow);
    });
  }

  lastIds(): Promise<{ decisionId: number; auditSeq: number }> {
    return this.serial(async () => {
      const row = (await this.rows('SELECT (SELECT coalesce(max(id), 0) FROM decisions) AS d, (SELECT coalesce(max(seq), 0) FROM decision_audit) AS a'))[0];
      return { decisionId: Number(row?.d ?? 0), auditSeq: Number(row?.a ?? 0) };
    });
  }

  writeBatch(decisions: readonly Decision[], audits: readonly AuditEntry[]): Promise<void> {
    return this.serial(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        for (let i = 0; i < decisions.length; i += BATCH_ROWS) {
          const chunk = decisions.slice(i, i + BATCH_ROWS);
          const ids = chunk.map((d) => BigInt(d.id));
          await this.connection.run(`DELETE FROM decisions WHERE id IN (${ids.map((_, k) => `$${k + 1}`).join(', ')})`, ids);
          const values: DuckDBValue[] = [];
          const rows = chunk.map((d) => {
            const base = values.length;
            values.push(BigInt(d.id), d.uuid, d.type, d.scope, d.value, d.origin, d.scenario, BigInt(d.createdAt), BigInt(d.until),
              d.deletedAt === null ? null : BigInt(d.deletedAt), d.findingId, d.simulated);
            return `(${Array.from({ length: 12 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
          });
          await this.connection.run(`INSERT INTO decisions VALUES ${rows.join(', ')}`, values);
        }
        for (let i = 0; i < audits.length; i += BATCH_ROWS) {
          const values: DuckDBValue[] = [];
          const rows = audits.slice(i, i + BATCH_ROWS).map((e) => {
            const base = values.length;
            values.push(BigInt(e.seq), BigInt(e.at), e.actor, e.action, BigInt(e.decisionId),
              e.before ? JSON.stringify(e.before) : null, e.after ? JSON.stringify(e.after) : null);
            return `(${Array.from({ length: 7 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
          });
          await this.connection.run(`INSERT INTO decision_audit VALUES ${rows.join(', ')}`, values);
        }
        await this.connection.run('COMMIT');
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    return this.serial(async () => {
      const seq = Number((await this.rows('SELECT coalesce(max(seq), 0) + 1 AS seq FROM decision_audit'))[0]?.seq ?? 1);
      await this.connection.run('INSERT INTO decision_audit VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        BigInt(seq), BigInt(entry.at), entry.actor, entry.action, BigInt(entry.decisionId),
        entry.before ? JSON.stringify(entry.before) : null, entry.after ? JSON.stringify(entry.after) : null,
      ]);
      return { ...entry, seq };
    });
  }

  auditTrail(query: { decisionId?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.serial(async () => {
      const values: DuckDBValue[] = [];
      const where = query.decisionId !== undefined ? `WHERE decision_id = $${values.push(BigInt(query.decisionId))}` : '';
      const limit = query.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(query.limit))}` : '';
      const rows = await this.rows(`SELECT * FROM decision_audit ${where} ORDER BY seq DESC${limit}`, values);
      return rows.map((row) => ({
        seq: Number(row.seq),
        at: Number(row.at_ms),
        actor: String(row.actor),
        action: row.action as AuditEntry['action'],
        decisionId: Number(row.decision_id),
        before: row.before_json === null ? null : (JSON.parse(String(row.before_json)) as Decision),
        after: row.after_json === null ? null : (JSON.parse(String(row.after_json)) as Decision),
      }));
    });
  }

  addBouncer(bouncer: Pick<Bouncer, 'name' | 'keyHash' | 'createdAt'>): Promise<boolean> {
    return this.serial(async () => {
      if ((await this.rows('SELECT 1 FROM bouncers WHERE name = $1', [bouncer.name])).length > 0) return false;
      await this.connection.run('INSERT INTO bouncers VALUES ($1, $2, $3, 0, 0, NULL, NULL)', [bouncer.name, bouncer.keyHash, BigInt(bouncer.createdAt)]);
      return true;
    });
  }

  bouncerByKeyHash(keyHash: string): Promise<Bouncer | null> {
    return this.serial(async () => {
      const row = (await this.rows('SELECT * FROM bouncers WHERE key_hash = $1', [keyHash]))[0];
      return row ? toBouncer(row) : null;
    });
  }

  listBouncers(): Promise<Bouncer[]> {
    return this.serial(async () => (await this.rows('SELECT * FROM bouncers ORDER BY name')).map(toBouncer));
  }

  deleteBouncer(name: string): Promise<boolean> {
    return this.serial(async () => {
      const found = (await this.rows('SELECT 1 FROM bouncers WHERE name = $1', [name])).length > 0;
      if (found) await this.connection.run('DELETE FROM bouncers WHERE name = $1', [name]);
      return found;
    });
  }

  updateBouncer(name: string, patch: Partial<Pick<Bouncer, 'lastPull' | 'lastId' | 'userAgent' | 'ip'>>): Promise<void> {
    return this.serial(async () => {
      const sets: string[] = [];
      const values: DuckDBValue[] = [name];
      if (patch.lastPull !== undefined) sets.push(`last_pull = $${values.push(BigInt(patch.lastPull))}`);
      if (patch.lastId !== undefined) sets.push(`last_id = $${values.push(BigInt(patch.lastId))}`);
      if (patch.userAgent !== undefined) sets.push(`user_agent = $${values.push(patch.userAgent)}`);
      if (patch.ip !== undefined) sets.push(`ip = $${values.push(patch.ip)}`);
      if (sets.length) await this.connection.run(`UPDATE bouncers SET ${sets.join(', ')} WHERE name = $1`, values);
    });
  }

  close(): Promise<void> {
    return this.serial(async () => this.release());
  }
}

/** A `decisions` row as the decision it was stored from. */
export function decisionFromRow(row: Record<string, unknown>): Decision {
  return {
    id: Number(row.id),
    uuid: String(row.uuid),
    type: row.type as Decision['type'],
    scope: row.scope as Decision['scope'],
    value: String(row.value),
    origin: row.origin as Decision['origin'],
    scenario: String(row.scenario),
    createdAt: Number(row.created_at),
    until: Number(row.until),
    deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
    findingId: row.finding_id === null ? null : String(row.finding_id),
    simulated: Boolean(row.simulated),
  };
}

function toBouncer(row: Record<string, unknown>): Bouncer {
  return {
    name: String(row.name),
    keyHash: String(row.key_hash),
    createdAt: Number(row.created_at),
    lastPull: Number(row.last_pull),
    lastId: Number(row.last_id),
    userAgent: row.user_agent === null ? null : String(row.user_agent),
    ip: row.ip === null ? null : String(row.ip),
  };
}
