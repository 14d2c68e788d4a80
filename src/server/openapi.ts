import { z } from 'zod';
import type { RecordedRoute } from './route.js';
import { ApiError } from './contract.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as JsonSchema;
}

/** Query and path parameters of an object schema, one OpenAPI parameter each. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: property }));
}

/** The OpenAPI 3 document of the recorded routes, built from their zod schemas. */
export function openApiDocument(routes: readonly RecordedRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorSchema = schemaOf(ApiError, 'output');
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, JsonSchema> = {
      [String(route.status)]: { description: 'OK', content: { 'application/json': { schema: route.response ? schemaOf(route.response, 'output') : {} } } },
      '400': { description: 'Invalid input: the field is named', content: { 'application/json': { schema: errorSchema } } },
    };
    if (route.role !== 'public') {
      responses['401'] = { description: 'Not signed in', content: { 'application/json': { schema: errorSchema } } };
      responses['403'] = { description: `Role below ${route.role}, or missing CSRF token`, content: { 'application/json': { schema: errorSchema } } };
    }
    const operation: JsonSchema = {
      summary: route.summary,
      tags: [route.tag],
      description: route.role === 'public' ? 'No sign-in needed.' : `Role: ${route.role} or above.`,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses,
    };
    if (route.role !== 'public') operation.security = [{ session: [], bearer: [] }];
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } };
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Vigie API',
      version,
      description:
        'The API of `vigie serve`. Sessions use the httpOnly cookie vigie_session; state-changing requests made with it carry the x-csrf-token header. ' +
        'Automation uses Authorization: Bearer <token>. GET /api/stream is a server-sent event stream (stats, finding, decision).',
    },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigie_session' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page for people: every route, its role and summary; no script (the CSP allows none inline). */
export function openApiPage(routes: readonly RecordedRoute[]): string {
  const rows = routes
    .map((r) => `<tr><td><code>${r.method}</code></td><td><code>${escapeHtml(r.url)}</code></td><td>${escapeHtml(r.role)}</td><td>${escapeHtml(r.summary)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigie API</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Vigie API</h1>
<p>The machine-readable document is <a href="/api/docs">/api/docs</a> (OpenAPI 3). / Le document lisible par machine est <a href="/api/docs">/api/docs</a> (OpenAPI 3).</p>
<table><caption>Routes</caption><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Role</th><th scope="col">Summary</th></tr></thead>
<tbody>
${rows}
</tbody></table></main></body></html>`;
}
