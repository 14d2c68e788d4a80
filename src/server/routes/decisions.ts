import { parseDuration } from '../../decisions/decision.js';
import { DecisionInputError } from '../../decisions/service.js';
import { AddDecisionRequest, DecisionList, DecisionParams, DecisionSchema, DecisionsQuery } from '../contract.js';
import type { ServerContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { Api } from '../route.js';

/** Decisions, active and past; adding and ending them goes through the decision service (audited, sent to bouncers). */
export function decisionRoutes(api: Api, ctx: ServerContext): void {
  api.route({
    method: 'GET', url: '/api/decisions', tag: 'decisions', role: 'viewer', query: DecisionsQuery, response: DecisionList,
    summary: 'Decisions in force (active=true) or past ones (active=false), newest first',
    handler: async ({ query }) => {
      const now = ctx.service.now();
      return ctx.queries.decisions(query.active === 'true' ? { activeAt: now, limit: query.limit } : { pastAt: now, limit: query.limit });
    },
  });
  api.route({
    method: 'POST', url: '/api/decisions', tag: 'decisions', role: 'analyst', body: AddDecisionRequest, response: DecisionSchema, status: 201,
    summary: 'Add a decision (ban, challenge or throttle) on an address, range, AS or country',
    handler: async ({ body, principal }) => {
      const durationMs = parseDuration(body.duration);
      if (durationMs === null) throw new ApiFailure(400, 'invalid', 'invalid', { field: 'body.duration', reason: 'a duration such as 4h' }, 'body.duration');
      try {
        return await ctx.service.add({ type: body.type, scope: body.scope, value: body.value, durationMs, reason: body.reason, origin: principal.kind === 'token' ? 'api' : 'manual', actor: principal.name });
      } catch (error) {
        if (error instanceof DecisionInputError) {
          const field = /^(type|scope|duration):/.exec(error.message) ? `body.${error.message.split(':')[0]}` : 'body.value';
          throw new ApiFailure(400, 'invalid', 'invalid', { field, reason: error.message }, field);
        }
        throw error;
      }
    },
  });
  api.route({
    method: 'DELETE', url: '/api/decisions/:id', tag: 'decisions', role: 'analyst', params: DecisionParams, response: DecisionSchema,
    summary: 'End a decision now (bouncers remove it on their next pull)',
    handler: async ({ params, principal }) => {
      const ended = await ctx.service.deleteById(params.id, principal.name);
      if (!ended) throw new ApiFailure(404, 'not-found', 'no-decision', { id: params.id });
      return ended;
    },
  });
}
