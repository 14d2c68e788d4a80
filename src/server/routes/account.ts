import { LoginRequest, Ok, SessionInfo, SetupRequest, SetupStatus } from '../contract.js';
import type { ServerContext } from '../context.js';
import type { Api } from '../route.js';

/** First-run setup, sign-in, sign-out, and who am I. */
export function accountRoutes(api: Api, ctx: ServerContext): void {
  api.route({
    method: 'GET', url: '/api/setup', tag: 'account', role: 'public', response: SetupStatus,
    summary: 'Whether the first administrator must still be created',
    handler: async () => ({ needed: (await ctx.accounts.countUsers()) === 0 }),
  });
  api.route({
    method: 'POST', url: '/api/setup', tag: 'account', role: 'public', body: SetupRequest, response: SessionInfo, status: 201,
    summary: 'Create the first administrator (only while no user exists) and sign in',
    handler: async ({ body }, request, reply) => ctx.auth.setup(request, reply, body.username, body.password),
  });
  api.route({
    method: 'POST', url: '/api/login', tag: 'account', role: 'public', body: LoginRequest, response: SessionInfo,
    summary: 'Sign in (rate-limited per address and per user name)',
    handler: async ({ body }, request, reply) => ctx.auth.login(request, reply, body.username, body.password),
  });
  api.route({
    method: 'POST', url: '/api/logout', tag: 'account', role: 'viewer', response: Ok,
    summary: 'Sign out',
    handler: async ({ principal }, request, reply) => {
      await ctx.auth.logout(request, reply);
      await ctx.audit(principal.name, 'logout', principal.name);
      return { ok: true };
    },
  });
  api.route({
    method: 'GET', url: '/api/me', tag: 'account', role: 'viewer', response: SessionInfo,
    summary: 'The signed-in user and the CSRF token for changes',
    handler: async ({ principal }) => ({ user: { username: principal.name, role: principal.role }, csrfToken: principal.csrfToken ?? '' }),
  });
}
