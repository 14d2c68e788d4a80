import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbDecisionStore } from '../src/decisions/duckdb-decision-store.js';
import { DecisionService } from '../src/decisions/service.js';
import { DuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { buildServer, type ServerOptions, type VigieServer } from '../src/server/app.js';

export interface Fixture {
  dir: string;
  store: DuckDbStore;
  service: DecisionService;
  app: VigieServer;
  close(): Promise<void>;
}

/** A real server on a real DuckDB file in a temporary directory. */
export async function startFixture(options: Partial<ServerOptions> = {}): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-server-'));
  const store = await DuckDbStore.open(dir);
  const connection = await store.connect();
  const decisions = await DuckDbDecisionStore.withConnection(connection, () => connection.closeSync());
  const service = new DecisionService(decisions, options.now ? { now: options.now } : {});
  const app = await buildServer({ store, service, home: 'CA', logError: (error) => console.error(error), ...options });
  return {
    dir, store, service, app,
    close: async () => {
      await app.close();
      await decisions.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Cookie header value from a response's set-cookie. */
export function cookieOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? String(header[0]) : String(header ?? '');
  return first.split(';')[0] ?? '';
}

export const PASSWORD = 'correct horse battery staple';

/** Creates the admin; their cookie and CSRF token. */
export async function setupAdmin(app: VigieServer): Promise<{ cookie: string; csrf: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', password: PASSWORD } });
  if (response.statusCode !== 201) throw new Error(`setup: ${response.statusCode} ${response.body}`);
  return { cookie: cookieOf(response), csrf: (response.json() as { csrfToken: string }).csrfToken };
}
