import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Lang } from '../i18n/index.js';
import type { Role } from './contract.js';
import { allows, type Auth, type Principal } from './auth/auth.js';
import { ApiFailure, parseInput, requestLang } from './errors.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = z.ZodType;
type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  /** Null only on public routes. */
  principal: Principal;
  lang: Lang;
}

export interface RouteSpec<Q extends Schema | undefined, P extends Schema | undefined, B extends Schema | undefined> {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  /** The least role allowed; "public" needs no sign-in. */
  role: Role | 'public';
  query?: Q;
  params?: P;
  body?: B;
  response?: Schema;
  /** Success status (default 200). */
  status?: number;
  handler: (input: RouteInput<Parsed<Q>, Parsed<P>, Parsed<B>>, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export interface RecordedRoute {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  role: Role | 'public';
  query?: Schema;
  params?: Schema;
  body?: Schema;
  response?: Schema;
  status: number;
}

/**
 * Registers API routes with validation (zod, 400 naming the field), authentication (401), role
 * (403) and CSRF checks, and records them for the OpenAPI document.
 */
export class Api {
  readonly routes: RecordedRoute[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly auth: Auth,
  ) {}

  route<Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
    spec: RouteSpec<Q, P, B>,
  ): void {
    const { handler, ...recorded } = spec;
    this.routes.push({ ...recorded, status: spec.status ?? 200 });
    this.app.route({
      method: spec.method,
      url: spec.url,
      handler: async (request, reply) => {
        const lang = requestLang(request);
        let principal: Principal | null = null;
        if (spec.role !== 'public') {
          principal = await this.auth.principal(request);
          if (!principal) throw new ApiFailure(401, 'unauthenticated', 'unauthenticated');
          this.auth.checkCsrf(request, principal);
          if (!allows(principal.role, spec.role)) throw new ApiFailure(403, 'forbidden', 'forbidden', { role: principal.role });
        }
        const input = {
          query: (spec.query ? parseInput(spec.query, request.query ?? {}, 'query', lang) : undefined) as Parsed<Q>,
          params: (spec.params ? parseInput(spec.params, request.params ?? {}, 'params', lang) : undefined) as Parsed<P>,
          body: (spec.body ? parseInput(spec.body, request.body ?? undefined, 'body', lang) : undefined) as Parsed<B>,
          principal: principal as Principal,
          lang,
        };
        const result = await handler(input, request, reply);
        if (reply.sent) return reply;
        return reply.code(spec.status ?? 200).send(result);
      },
    });
  }
}
