import type { Finding } from '../../model/index.js';
import { FalsePositiveAnswer, FalsePositiveRequest, FindingList, FindingParams, FindingSchema, FindingsQuery } from '../contract.js';
import type { ServerContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import type { Api } from '../route.js';
import { suggestionFor } from './false-positive.js';

/** Findings with their evidence and rule; marking one a false positive, with the change it suggests. */
export function findingRoutes(api: Api, ctx: ServerContext): void {
  const byId = async (id: string): Promise<Finding> => {
    const [finding] = await ctx.queries.findings({ id, limit: 1 });
    if (!finding) throw new ApiFailure(404, 'not-found', 'no-finding', { id });
    return finding;
  };

  api.route({
    method: 'GET', url: '/api/findings', tag: 'findings', role: 'viewer', query: FindingsQuery, response: FindingList,
    summary: 'Findings, newest first, with evidence and the rule or detector that fired',
    handler: async ({ query }) => ctx.queries.findings(query),
  });
  api.route({
    method: 'GET', url: '/api/findings/:id', tag: 'findings', role: 'viewer', params: FindingParams, response: FindingSchema,
    summary: 'One finding',
    handler: async ({ params }) => byId(params.id),
  });
  api.route({
    method: 'POST', url: '/api/findings/:id/false-positive', tag: 'findings', role: 'analyst', params: FindingParams, body: FalsePositiveRequest,
    response: FalsePositiveAnswer, summary: 'Mark a finding a false positive; answers the allowlist or rule change that would prevent it',
    handler: async ({ params, body, principal }) => {
      const finding = await byId(params.id);
      const suggestion = suggestionFor(finding);
      await ctx.audit(principal.name, 'finding.false-positive', finding.id, `${finding.category} ${finding.scope.kind} ${finding.scope.value}${body.note ? `: ${body.note}` : ''}`);
      return { finding, suggestion };
    },
  });
}
