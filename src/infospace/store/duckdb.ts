import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { Post } from '../../model/index.js';
import { openDuckDbFile } from '../../store/duckdb/open.js';
import type { InfoCase } from '../cases/case.js';
import type { Cluster } from '../coordination/types.js';
import type { SourceConfig, SourceState } from '../sources/source.js';
import type { AuditEntry, InfospaceStore, PostQuery, StoredSource } from './store.js';

// tables of their own, prefixed, beside the traffic store's in the same file
const SCHEMA = `
CREATE TABLE IF NOT EXISTS infospace_posts (key VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, platform VARCHAR NOT NULL, account VARCHAR NOT NULL,
  time BIGINT NOT NULL, text VARCHAR NOT NULL, links VARCHAR NOT NULL, hashtags VARCHAR NOT NULL, mentions VARCHAR NOT NULL, reply_to VARCHAR,
  repost_of VARCHAR, quote_of VARCHAR, lang VARCHAR, url VARCHAR, source VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS infospace_posts_stage AS SELECT * FROM infospace_posts WHERE false;
CREATE TABLE IF NOT EXISTS infospace_sources (name VARCHAR PRIMARY KEY, config VARCHAR NOT NULL, state VARCHAR NOT NULL, updated BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS infospace_clusters (run_at BIGINT NOT NULL, id VARCHAR NOT NULL, score DOUBLE NOT NULL, body VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS infospace_cases (id VARCHAR PRIMARY KEY, updated BIGINT NOT NULL, body VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS infospace_audit (at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL, target VARCHAR NOT NULL, details VARCHAR NOT NULL);
`;

type Row = Record<string, unknown>;

function rowToPost(row: Row): Post {
  return {
    id: String(row.id), platform: row.platform as Post['platform'], account: String(row.account), time: Number(row.time), text: String(row.text),
    links: JSON.parse(String(row.links)) as string[], hashtags: JSON.parse(String(row.hashtags)) as string[], mentions: JSON.parse(String(row.mentions)) as string[],
    replyTo: (row.reply_to as string | null) ?? null, repostOf: (row.repost_of as string | null) ?? null, quoteOf: (row.quote_of as string | null) ?? null,
    lang: (row.lang as string | null) ?? null, url: (row.url as string | null) ?? null, source: String(row.source),
  };
}

export class DuckDbInfospaceStore implements InfospaceStore {
  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance | null,
  ) {}

  /** Opens the data directory's file; or, given an instance another store opened, shares it. */
  static async open(from: string | DuckDBInstance): Promise<DuckDbInfospaceStore> {
    const owned = typeof from === 'string' ? (await openDuckDbFile(from)).instance : null;
    const connection = await (owned ?? (from as DuckDBInstance)).connect();
    await connection.run(SCHEMA);
    return new DuckDbInfospaceStore(connection, owned);
  }

  private async rows(sql: string, values: DuckDBValue[] = []): Promise<Row[]> {
    return (await this.connection.runAndReadAll(sql, values)).getRowObjectsJS() as Row[];
  }

  private async record(actor: string, action: string, target: string, details: unknown): Promise<void> {
    await this.connection.run('INSERT INTO infospace_audit VALUES ($1, $2, $3, $4, $5)', [BigInt(Date.now()), actor, action, target, JSON.stringify(details ?? null)]);
  }

  async addPosts(posts: readonly Post[]): Promise<{ inserted: number; duplicates: number }> {
    if (posts.length === 0) return { inserted: 0, duplicates: 0 };
    const before = await this.countPosts();
    // the appender is fast but knows no ON CONFLICT: rows go to a stage, then over without duplicates
    const appender = await this.connection.createAppender('infospace_posts_stage');
    const text = (v: string | null) => (v === null ? appender.appendNull() : appender.appendVarchar(v));
    for (const p of posts) {
      text(`${p.platform}:${p.id}`);
      text(p.id);
      text(p.platform);
      text(p.account);
      appender.appendBigInt(BigInt(Math.round(p.time)));
      text(p.text);
      text(JSON.stringify(p.links));
      text(JSON.stringify(p.hashtags));
      text(JSON.stringify(p.mentions));
      text(p.replyTo);
      text(p.repostOf);
      text(p.quoteOf);
      text(p.lang);
      text(p.url);
      text(p.source);
      appender.endRow();
    }
    appender.closeSync();
    await this.connection.run('INSERT OR IGNORE INTO infospace_posts SELECT DISTINCT ON (key) * FROM infospace_posts_stage');
    await this.connection.run('DELETE FROM infospace_posts_stage');
    const inserted = (await this.countPosts()) - before;
    return { inserted, duplicates: posts.length - inserted };
  }

  async posts(query: PostQuery = {}): Promise<Post[]> {
    const where: string[] = [];
    const values: DuckDBValue[] = [];
    const add = (sql: string, value: DuckDBValue) => {
      values.push(value);
      where.push(sql.replace('?', `$${values.length}`));
    };
    if (query.since !== undefined) add('time >= ?', BigInt(query.since));
    if (query.until !== undefined) add('time < ?', BigInt(query.until));
    if (query.platform) add('platform = ?', query.platform);
    if (query.account) add('account = ?', query.account);
    if (query.lang) add('lang = ?', query.lang);
    if (query.source) add('source = ?', query.source);
    if (query.text) add("text ILIKE '%' || ? || '%' ESCAPE '\\'", query.text.replace(/[%_\\]/g, (c) => `\\${c}`));
    const limit = Math.min(Math.max(1, query.limit ?? 100), 10_000);
    const offset = Math.max(0, query.offset ?? 0);
    const sql = `SELECT * FROM infospace_posts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, key LIMIT ${limit} OFFSET ${offset}`;
    return (await this.rows(sql, values)).map(rowToPost);
  }

  async *eachPost(since: number, until: number): AsyncGenerator<Post> {
    let after: [bigint, string] = [BigInt(since) - 1n, ''];
    for (;;) {
      const batch = await this.rows('SELECT * FROM infospace_posts WHERE (time, key) > ($1, $2) AND time < $3 ORDER BY time, key LIMIT 5000', [after[0], after[1], BigInt(until)]);
      if (batch.length === 0) return;
      for (const row of batch) yield rowToPost(row);
      const last = batch[batch.length - 1]!;
      after = [BigInt(last.time as number), String(last.key)];
    }
  }

  async countPosts(): Promise<number> {
    return Number((await this.rows('SELECT count(*) AS n FROM infospace_posts'))[0]?.n ?? 0);
  }

  async sources(): Promise<StoredSource[]> {
    return (await this.rows('SELECT config, state FROM infospace_sources ORDER BY name')).map((r) => ({ config: JSON.parse(String(r.config)) as SourceConfig, state: JSON.parse(String(r.state)) as SourceState }));
  }

  async saveSource(config: SourceConfig, state: SourceState, actor: string): Promise<void> {
    await this.connection.run('INSERT OR REPLACE INTO infospace_sources VALUES ($1, $2, $3, $4)', [config.name, JSON.stringify(config), JSON.stringify(state), BigInt(Date.now())]);
    await this.record(actor, 'source.save', config.name, config);
  }

  async saveSourceState(name: string, state: SourceState): Promise<void> {
    await this.connection.run('UPDATE infospace_sources SET state = $2, updated = $3 WHERE name = $1', [name, JSON.stringify(state), BigInt(Date.now())]);
  }

  async removeSource(name: string, actor: string): Promise<boolean> {
    const found = (await this.rows('SELECT count(*) AS n FROM infospace_sources WHERE name = $1', [name]))[0]?.n;
    if (!Number(found)) return false;
    await this.connection.run('DELETE FROM infospace_sources WHERE name = $1', [name]);
    await this.record(actor, 'source.remove', name, null);
    return true;
  }

  async saveClusters(clusters: readonly Cluster[], at: number): Promise<void> {
    await this.connection.run('BEGIN TRANSACTION');
    await this.connection.run('DELETE FROM infospace_clusters');
    for (const c of clusters) await this.connection.run('INSERT INTO infospace_clusters VALUES ($1, $2, $3, $4)', [BigInt(at), c.id, c.score, JSON.stringify(c)]);
    await this.connection.run('COMMIT');
  }

  async clusters(): Promise<{ at: number | null; clusters: Cluster[] }> {
    const rows = await this.rows('SELECT run_at, body FROM infospace_clusters ORDER BY score DESC, id');
    return { at: rows.length ? Number(rows[0]!.run_at) : null, clusters: rows.map((r) => JSON.parse(String(r.body)) as Cluster) };
  }

  async saveCase(infoCase: InfoCase, actor: string, action: string): Promise<void> {
    await this.connection.run('INSERT OR REPLACE INTO infospace_cases VALUES ($1, $2, $3)', [infoCase.id, BigInt(infoCase.updated), JSON.stringify(infoCase)]);
    await this.record(actor, action, infoCase.id, { techniques: infoCase.techniques, status: infoCase.status, notes: infoCase.notes.length });
  }

  async getCase(id: string): Promise<InfoCase | null> {
    const row = (await this.rows('SELECT body FROM infospace_cases WHERE id = $1', [id]))[0];
    return row ? (JSON.parse(String(row.body)) as InfoCase) : null;
  }

  async cases(): Promise<InfoCase[]> {
    return (await this.rows('SELECT body FROM infospace_cases ORDER BY updated DESC')).map((r) => JSON.parse(String(r.body)) as InfoCase);
  }

  async audit(limit = 100): Promise<AuditEntry[]> {
    return (await this.rows(`SELECT * FROM infospace_audit ORDER BY at_ms DESC LIMIT ${Math.min(Math.max(1, limit), 10_000)}`)).map((r) => ({
      at: Number(r.at_ms), actor: String(r.actor), action: String(r.action), target: String(r.target), details: JSON.parse(String(r.details)) as unknown,
    }));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance?.closeSync();
  }
}
