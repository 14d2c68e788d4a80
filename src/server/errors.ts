import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isLang, type Lang } from '../i18n/index.js';
import type { ApiError } from './contract.js';
import { serverTranslator, type ServerMessageKey } from './messages.js';

/** A refusal with its status; the message is rendered in the request's language. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly key: ServerMessageKey,
    readonly vars: Record<string, string | number> = {},
    readonly field?: string,
  ) {
    super(key);
    this.name = 'ApiFailure';
  }
}

/** `?lang=fr`, else the first of Accept-Language that Vigie speaks, else English. */
export function requestLang(request: FastifyRequest): Lang {
  const query = request.query as Record<string, unknown> | undefined;
  const asked = typeof query?.lang === 'string' ? query.lang : '';
  if (isLang(asked)) return asked;
  const header = String(request.headers['accept-language'] ?? '').slice(0, 200);
  for (const part of header.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (isLang(tag)) return tag;
  }
  return 'en';
}

const FRENCH_ZOD = z.locales.fr().localeError;

/** Validates one part of a request; a 400 naming the first field at fault otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params', lang: Lang): z.infer<S> {
  const result = lang === 'fr' ? schema.safeParse(value, { error: FRENCH_ZOD }) : schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [where, ...(issue?.path ?? []).map(String)].join('.');
  throw new ApiFailure(400, 'invalid', 'invalid', { field, reason: issue?.message ?? 'invalid' }, field);
}

export function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: ApiFailure): FastifyReply {
  const t = serverTranslator(requestLang(request));
  const body: ApiError = { error: { code: failure.code, message: t(failure.key, failure.vars) } };
  if (failure.field) body.error.field = failure.field;
  return reply.code(failure.status).type('application/json; charset=utf-8').send(body);
}

/**
 * Every error becomes `{ error: { code, message, field? } }`. Fastify's own 4xx (bad JSON, body too
 * large, wrong content type) keep their status with a fixed message; anything else is a 500 whose
 * details (stack, paths) go to the server's log only.
 */
export function errorHandler(log: (error: unknown, request: FastifyRequest) => void) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof ApiFailure) return sendFailure(request, reply, error);
    const status = (error as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = (error as FastifyError).code ?? '';
      if (status === 413) return sendFailure(request, reply, new ApiFailure(413, 'too-large', 'too-large', {}, 'body'));
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
        return sendFailure(request, reply, new ApiFailure(400, 'invalid', 'invalid-json', {}, 'body'));
      }
      if (status === 404) return sendFailure(request, reply, new ApiFailure(404, 'not-found', 'not-found'));
      if (status === 429) return sendFailure(request, reply, new ApiFailure(429, 'rate-limited', 'rate-limited', { seconds: 60 }));
      return sendFailure(request, reply, new ApiFailure(status, 'invalid', 'invalid', { field: 'request', reason: code || 'bad request' }, 'request'));
    }
    log(error, request);
    return sendFailure(request, reply, new ApiFailure(500, 'internal', 'internal'));
  };
}
