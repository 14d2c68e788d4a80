import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { allows } from '../auth/auth.js';
import { ApiFailure, sendFailure } from '../errors.js';
import { SECURITY_HEADERS } from '../security.js';
import type { Api } from '../route.js';

/** GET /api/stream: server-sent events (stats each second, finding, decision) for signed-in readers. */
export function streamRoute(api: Api, ctx: ServerContext, app: FastifyInstance): void {
  api.routes.push({ method: 'GET', url: '/api/stream', summary: 'Live events (text/event-stream): stats, finding, decision', tag: 'live', role: 'viewer', status: 200 });
  app.get('/api/stream', async (request, reply) => {
    const principal = await ctx.auth.principal(request);
    if (!principal) return sendFailure(request, reply, new ApiFailure(401, 'unauthenticated', 'unauthenticated'));
    if (!allows(principal.role, 'viewer')) return sendFailure(request, reply, new ApiFailure(403, 'forbidden', 'forbidden', { role: principal.role }));
    if (ctx.live.size >= 50) return sendFailure(request, reply, new ApiFailure(503, 'busy', 'too-many-streams'));
    reply.hijack();
    if (!ctx.live.attach(reply.raw, SECURITY_HEADERS)) {
      reply.raw.writeHead(503, { 'content-type': 'application/json' });
      reply.raw.end('{"error":{"code":"busy","message":"too many live connections"}}');
    }
    return reply;
  });
}
