import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import { bouncerApi } from '../decisions/lapi.js';
import type { DecisionService } from '../decisions/service.js';
import type { Intel } from '../intel/intel.js';
import type { DataAttribution } from '../model/index.js';
import type { DuckDbStore } from '../store/duckdb/duckdb-store.js';
import type { LiveSource } from '../traffic/sources/live/index.js';
import { AccountStore } from './auth/account-store.js';
import { Auth, type AuthOptions } from './auth/auth.js';
import type { ServerContext, ServerSettingsDefaults } from './context.js';
import type { DemoSource } from './demo.js';
import { ApiFailure, errorHandler, sendFailure } from './errors.js';
import { LiveHub } from './live.js';
import { openApiDocument, openApiPage } from './openapi.js';
import { DashboardQueries } from './queries/dashboard-queries.js';
import { Api } from './route.js';
import { registerRoutes } from './routes/index.js';
import { addSecurityHeaders } from './security.js';

export interface ServerOptions {
  store: DuckDbStore;
  service: DecisionService;
  home: string;
  intel?: Intel | null;
  dataSources?: DataAttribution[];
  live?: LiveHub;
  demo?: DemoSource | null;
  offerDemo?: boolean;
  sources?: () => LiveSource[];
  /** The built dashboard (web/dist); null or missing: the API alone. */
  webDir?: string | null;
  defaults?: Partial<ServerSettingsDefaults>;
  auth?: AuthOptions;
  now?: () => number;
  /** Where server errors go (never to the client). */
  logError?: (error: unknown, where: string) => void;
  version?: string;
  /** Applies a changed home country or retention to the running pipeline. */
  applySettings?: ServerContext['applySettings'];
}

export interface ServerHandle {
  context: ServerContext;
  api: Api;
  close(): void;
}

/**
 * Adds the dashboard's API, live stream, documentation and static files to a Fastify instance (the
 * root one: its hooks and error handler apply to the whole server).
 */
export async function registerServer(app: FastifyInstance, options: ServerOptions): Promise<ServerHandle> {
  const now = options.now ?? Date.now;
  const accountConnection = await options.store.connect();
  const queryConnection = await options.store.connect();
  const accounts = await AccountStore.open(accountConnection);
  const auth = new Auth(accounts, { now, ...options.auth });
  const live = options.live ?? new LiveHub();
  const stopDecisions = options.service.onChange((change) => live.decision(change));
  const context: ServerContext = {
    store: options.store,
    accounts,
    auth,
    service: options.service,
    queries: new DashboardQueries(queryConnection),
    live,
    demo: options.demo ?? null,
    offerDemo: options.offerDemo ?? false,
    sources: options.sources ?? (() => []),
    intel: options.intel ?? null,
    dataSources: options.dataSources ?? options.intel?.attributions() ?? [],
    home: options.home,
    defaults: { retentionDays: 30, rulesDirs: [], alertChannels: [], minSeverity: 'medium', ...options.defaults },
    now,
    audit: (actor, action, target, detail = '') => accounts.audit({ at: now(), actor, action, target, detail }),
    applySettings: options.applySettings,
  };
  const logError = options.logError ?? (() => undefined);

  await app.register(fastifyCookie);
  addSecurityHeaders(app);
  app.setErrorHandler(errorHandler((error, request) => logError(error, `${request.method} ${request.url.split('?')[0]}`)));

  const api = new Api(app, auth);
  registerRoutes(api, context, app);
  const document = openApiDocument(api.routes, options.version ?? '0.1.0');
  app.get('/api/docs', async () => document);
  app.get('/api/docs/ui', async (_request, reply) => reply.type('text/html; charset=utf-8').send(openApiPage(api.routes)));

  const webDir = options.webDir ? resolve(options.webDir) : null;
  const hasWeb = webDir !== null && existsSync(join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: '/', index: ['index.html'], wildcard: true, cacheControl: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // the dashboard routes in the browser: any other page a browser asks for (/ip/203.0.113.7
    // included) gets its index; a missing script or image stays a 404
    const wantsPage = String(request.headers.accept ?? '').includes('text/html');
    if (hasWeb && request.method === 'GET' && wantsPage && !path.startsWith('/api/') && !path.startsWith('/v1/')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return sendFailure(request, reply, new ApiFailure(404, 'not-found', 'not-found'));
  });
  if (!hasWeb) {
    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigie</title></head><body><main><h1>Vigie</h1>' +
          '<p>The dashboard is not built (run <code>npm run build:web</code>). The API is documented at <a href="/api/docs/ui">/api/docs/ui</a>.</p>' +
          '<p lang="fr">Le tableau de bord n\u2019est pas construit (lancez <code>npm run build:web</code>). L\u2019API est décrite sur <a href="/api/docs/ui">/api/docs/ui</a>.</p></main></body></html>',
      ),
    );
  }
  return {
    context,
    api,
    close: () => {
      stopDecisions();
      if (!options.live) live.close();
      queryConnection.closeSync();
      accountConnection.closeSync();
    },
  };
}

/**
 * A Fastify instance with the whole server (dashboard API and the CrowdSec bouncer API), not
 * listening: for tests (`inject`) and benchmarks. The caller closes it (which releases the
 * server's connections; the store and service stay the caller's).
 */
export type VigieServer = FastifyInstance & { vigie: ServerHandle };

export async function buildServer(options: ServerOptions): Promise<VigieServer> {
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 }) as unknown as FastifyInstance;
  await app.register(bouncerApi, { service: options.service });
  const handle = await registerServer(app, options);
  app.addHook('onClose', async () => handle.close());
  return Object.assign(app, { vigie: handle });
}
