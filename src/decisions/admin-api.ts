import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DECISION_SCOPES, DECISION_TYPES, parseDuration } from './decision.js';
import { DecisionInputError, type DecisionService } from './service.js';

/**
 * Manual decisions over HTTP, for operators and automation while `vigie watch` holds the store:
 * `GET /api/decisions[?all=true]`, `POST /api/decisions`, `DELETE /api/decisions/:id`. A bearer token
 * guards it (401 without one); every change goes through the service, so it is audited.
 */
export interface AdminApiOptions {
  service: DecisionService;
  tokens: readonly string[];
}

const addBody = z.strictObject({
  type: z.enum(DECISION_TYPES).default('ban'),
  scope: z.enum(DECISION_SCOPES),
  value: z.string().min(1).max(64),
  duration: z.string().min(2).max(16).default('4h'),
  reason: z.string().min(1).max(200).default('manual'),
});

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export async function decisionsAdminApi(app: FastifyInstance, options: AdminApiOptions): Promise<void> {
  const accepted = options.tokens.map(digest);
  const authorised = (request: FastifyRequest): boolean => {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return false;
    const given = digest(header.slice(7));
    return accepted.some((token) => timingSafeEqual(token, given));
  };
  const refuse = (reply: FastifyReply) => reply.code(401).send({ message: 'a valid bearer token is required / un jeton valide est requis' });

  app.addHook('onRequest', async (request, reply) => {
    if (!authorised(request)) return refuse(reply);
  });

  app.get('/api/decisions', async (request) => {
    const all = (request.query as { all?: string }).all === 'true';
    return options.service.list({ all });
  });

  app.post('/api/decisions', async (request, reply) => {
    const parsed = addBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
    }
    const durationMs = parseDuration(parsed.data.duration);
    if (durationMs === null) return reply.code(400).send({ message: `duration: expected a duration such as 4h, got "${parsed.data.duration}"` });
    try {
      const decision = await options.service.add({ ...parsed.data, durationMs, origin: 'api', actor: 'api' });
      return reply.code(201).send(decision);
    } catch (error) {
      if (error instanceof DecisionInputError) return reply.code(400).send({ message: error.message });
      throw error;
    }
  });

  app.delete('/api/decisions/:id', async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    if (!Number.isInteger(id) || id < 1) return reply.code(400).send({ message: 'id: expected a positive whole number' });
    const deleted = await options.service.deleteById(id, 'api');
    return deleted ? deleted : reply.code(404).send({ message: `no decision ${id} / aucune décision ${id}` });
  });
}
