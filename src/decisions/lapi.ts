import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CROWDSEC_SCOPE, CROWDSEC_TYPE, formatGoDuration, type Decision } from './decision.js';
import { parseDecisionFilter, type DecisionFilter } from './stream.js';
import type { DecisionService } from './service.js';
import type { Bouncer } from './store.js';

/** A decision as CrowdSec's LAPI writes it (field order as Go marshals pkg/models.Decision). */
export interface LapiDecision {
  duration: string;
  id: number;
  origin: string;
  scenario: string;
  scope: string;
  simulated: boolean;
  type: string;
  until: string;
  uuid: string;
  value: string;
}

export function toLapiDecision(d: Decision, now: number): LapiDecision {
  return {
    duration: formatGoDuration(d.until - now),
    id: d.id,
    origin: d.origin,
    scenario: d.scenario,
    scope: CROWDSEC_SCOPE[d.scope],
    simulated: d.simulated,
    type: CROWDSEC_TYPE[d.type],
    until: new Date(d.until).toISOString(),
    uuid: d.uuid,
    value: d.value,
  };
}

/** CrowdSec writes an empty list as JSON null (a nil Go slice); bouncers expect it. */
function listOrNull(decisions: readonly Decision[], now: number): LapiDecision[] | null {
  return decisions.length ? decisions.map((d) => toLapiDecision(d, now)) : null;
}

export interface BouncerApiOptions {
  service: DecisionService;
}

/**
 * CrowdSec Local API's bouncer endpoints, so CrowdSec's bouncers (firewall, nginx, custom...) work
 * unchanged against Vigie: GET/HEAD /v1/decisions and /v1/decisions/stream, X-Api-Key auth.
 */
export const bouncerApi: FastifyPluginAsync<BouncerApiOptions> = async (app, options) => {
  const { service } = options;
  const now = () => service.now();
  const bouncers = new WeakMap<FastifyRequest, Bouncer>();

  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['x-api-key'];
    const bouncer = await service.authenticate(Array.isArray(header) ? header[0] : header);
    // the same status and body as CrowdSec, so bouncers log what they always log
    if (!bouncer) return reply.code(403).type('application/json').send({ message: 'access forbidden' });
    bouncers.set(request, bouncer);
  };

  const filterOr400 = (request: FastifyRequest, reply: FastifyReply, defaults?: { scopes?: string }): DecisionFilter | null => {
    const parsed = parseDecisionFilter(request.query as Record<string, unknown>, defaults);
    if ('error' in parsed) {
      void reply.code(400).type('application/json').send({ message: parsed.error });
      return null;
    }
    return parsed;
  };

  const json = (reply: FastifyReply, body: unknown) => reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(body));

  app.route({
    method: 'GET',
    url: '/v1/decisions',
    exposeHeadRoute: false,
    preHandler: authenticate,
    handler: async (request, reply) => {
      const filter = filterOr400(request, reply);
      if (!filter) return reply;
      return json(reply, listOrNull(await service.query(filter), now()));
    },
  });

  app.route({
    method: 'HEAD',
    url: '/v1/decisions',
    preHandler: authenticate,
    handler: async (_request, reply) => reply.code(200).send(''),
  });

  app.route({
    method: 'GET',
    url: '/v1/decisions/stream',
    exposeHeadRoute: false,
    preHandler: authenticate,
    handler: async (request, reply) => {
      const bouncer = bouncers.get(request) as Bouncer;
      const filter = filterOr400(request, reply, { scopes: 'ip,range' });
      if (!filter) return reply;
      const startup = (request.query as Record<string, unknown>).startup === 'true';
      const selection = await service.pull(bouncer, filter, startup, { userAgent: request.headers['user-agent'], ip: request.ip });
      const at = now();
      return json(reply, { new: listOrNull(selection.new, at), deleted: listOrNull(selection.deleted, at) });
    },
  });

  // a HEAD must not move the bouncer's cursor: its next GET would miss what changed
  app.route({
    method: 'HEAD',
    url: '/v1/decisions/stream',
    preHandler: authenticate,
    handler: async (_request, reply) => reply.code(200).send(''),
  });
};
