import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import type { Api } from '../route.js';
import { accountRoutes } from './account.js';
import { decisionRoutes } from './decisions.js';
import { findingRoutes } from './findings.js';
import { infospaceRoutes } from './infospace.js';
import { streamRoute } from './stream.js';
import { systemRoutes } from './system.js';
import { trafficRoutes } from './traffic.js';
import { userRoutes } from './users.js';

export function registerRoutes(api: Api, ctx: ServerContext, app: FastifyInstance): void {
  accountRoutes(api, ctx);
  userRoutes(api, ctx);
  trafficRoutes(api, ctx);
  findingRoutes(api, ctx);
  decisionRoutes(api, ctx);
  systemRoutes(api, ctx);
  streamRoute(api, ctx, app);
  infospaceRoutes(api, ctx, app);
}
