import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AuditRecord, Role, TokenRecord, UserRecord } from '../contract.js';

export interface StoredUser extends UserRecord {
  passwordHash: string;
}

export interface StoredSession {
  username: string;
  role: Role;
  csrfToken: string;
  expiresAt: number;
}

const MAX_AUDIT_ROWS = 100_000;

/**
 * Users, sessions, API tokens, the audit log and settings, in the store's DuckDB file (tables from
 * migration 3). One connection, used one statement at a time: checks and writes that must not
 * interleave (the first admin) run as one queued task.
 */
export class AccountStore {
  private queue: Promise<unknown> = Promise.resolve();
  private seq = 0;

  private constructor(private readonly connection: DuckDBConnection) {}

  static async open(connection: DuckDBConnection): Promise<AccountStore> {
    const store = new AccountStore(connection);
    const rows = await store.rows('SELECT coalesce(max(seq), 0) AS s FROM audit_log');
    store.seq = Number(rows[0]?.s ?? 0);
    return store;
  }

  /** Runs `task` alone on the connection. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async rows(sql: string, values: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql, values)).getRowObjectsJS() as Record<string, unknown>[];
  }

  private async run(sql: string, values: DuckDBValue[] = []): Promise<number> {
    return Number((await this.connection.run(sql, values)).rowsChanged);
  }

  // ------------------------------------------------------------ users (call inside exclusive for writes)

  async countUsers(): Promise<number> {
    return Number((await this.rows('SELECT count(*) AS n FROM users'))[0]?.n ?? 0);
  }

  async user(username: string): Promise<StoredUser | null> {
    const row = (await this.rows('SELECT * FROM users WHERE username = $1', [username]))[0];
    return row ? toUser(row) : null;
  }

  async users(): Promise<StoredUser[]> {
    return (await this.rows('SELECT * FROM users ORDER BY username')).map(toUser);
  }

  async insertUser(user: { username: string; role: Role; passwordHash: string; createdAt: number }): Promise<void> {
    await this.run('INSERT INTO users VALUES ($1, $2, $3, $4, NULL)', [user.username, user.role, user.passwordHash, BigInt(user.createdAt)]);
  }

  async updateUser(username: string, patch: { role?: Role; passwordHash?: string; lastLoginAt?: number }): Promise<boolean> {
    let changed = 0;
    if (patch.role) changed = await this.run('UPDATE users SET role = $2 WHERE username = $1', [username, patch.role]);
    if (patch.passwordHash) changed = await this.run('UPDATE users SET password_hash = $2 WHERE username = $1', [username, patch.passwordHash]);
    if (patch.lastLoginAt !== undefined) changed = await this.run('UPDATE users SET last_login_at = $2 WHERE username = $1', [username, BigInt(patch.lastLoginAt)]);
    return changed > 0;
  }

  async deleteUser(username: string): Promise<boolean> {
    await this.run('DELETE FROM sessions WHERE username = $1', [username]);
    return (await this.run('DELETE FROM users WHERE username = $1', [username])) > 0;
  }

  // ------------------------------------------------------------ sessions

  async insertSession(session: { idHash: string; username: string; csrfToken: string; createdAt: number; expiresAt: number }): Promise<void> {
    await this.run('INSERT INTO sessions VALUES ($1, $2, $3, $4, $5)', [
      session.idHash, session.username, session.csrfToken, BigInt(session.createdAt), BigInt(session.expiresAt),
    ]);
  }

  async session(idHash: string, now: number): Promise<StoredSession | null> {
    const row = (
      await this.rows(
        'SELECT s.username, u.role, s.csrf_token, s.expires_at FROM sessions s JOIN users u USING (username) WHERE s.id_hash = $1 AND s.expires_at > $2',
        [idHash, BigInt(now)],
      )
    )[0];
    if (!row) return null;
    return { username: String(row.username), role: row.role as Role, csrfToken: String(row.csrf_token), expiresAt: Number(row.expires_at) };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.run('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessionsOf(username: string): Promise<void> {
    await this.run('DELETE FROM sessions WHERE username = $1', [username]);
  }

  async pruneSessions(now: number): Promise<void> {
    await this.run('DELETE FROM sessions WHERE expires_at <= $1', [BigInt(now)]);
  }

  // ------------------------------------------------------------ API tokens

  async insertToken(token: TokenRecord & { tokenHash: string }): Promise<void> {
    await this.run('INSERT INTO api_tokens VALUES ($1, $2, $3, $4, $5, $6, NULL)', [
      token.id, token.name, token.role, token.tokenHash, token.createdBy, BigInt(token.createdAt),
    ]);
  }

  async tokens(): Promise<TokenRecord[]> {
    return (await this.rows('SELECT * FROM api_tokens ORDER BY created_at')).map(toToken);
  }

  async tokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const row = (await this.rows('SELECT * FROM api_tokens WHERE token_hash = $1', [tokenHash]))[0];
    return row ? toToken(row) : null;
  }

  async touchToken(id: string, at: number): Promise<void> {
    await this.run('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, BigInt(at)]);
  }

  async deleteToken(id: string): Promise<TokenRecord | null> {
    const row = (await this.rows('SELECT * FROM api_tokens WHERE id = $1', [id]))[0];
    if (!row) return null;
    await this.run('DELETE FROM api_tokens WHERE id = $1', [id]);
    return toToken(row);
  }

  // ------------------------------------------------------------ audit and settings

  async audit(entry: AuditRecord): Promise<void> {
    const seq = ++this.seq;
    await this.run('INSERT INTO audit_log VALUES ($1, $2, $3, $4, $5, $6)', [
      BigInt(seq), BigInt(entry.at), entry.actor.slice(0, 200), entry.action.slice(0, 100), entry.target.slice(0, 500), entry.detail.slice(0, 2000),
    ]);
    if (seq % 1000 === 0) await this.run('DELETE FROM audit_log WHERE seq <= $1', [BigInt(seq - MAX_AUDIT_ROWS)]);
  }

  async auditLog(limit: number): Promise<AuditRecord[]> {
    const rows = await this.rows('SELECT at_ms, actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT $1', [limit]);
    return rows.map((r) => ({ at: Number(r.at_ms), actor: String(r.actor), action: String(r.action), target: String(r.target), detail: String(r.detail) }));
  }

  async setting(key: string): Promise<unknown> {
    const row = (await this.rows('SELECT value FROM settings WHERE key = $1', [key]))[0];
    return row ? (JSON.parse(String(row.value)) as unknown) : undefined;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    await this.run('INSERT OR REPLACE INTO settings VALUES ($1, $2)', [key, JSON.stringify(value)]);
  }
}

function toUser(row: Record<string, unknown>): StoredUser {
  return {
    username: String(row.username),
    role: row.role as Role,
    passwordHash: String(row.password_hash),
    createdAt: Number(row.created_at),
    lastLoginAt: row.last_login_at === null ? null : Number(row.last_login_at),
  };
}

function toToken(row: Record<string, unknown>): TokenRecord {
  return {
    id: String(row.id), name: String(row.name), role: row.role as Role, createdBy: String(row.created_by),
    createdAt: Number(row.created_at), lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}
