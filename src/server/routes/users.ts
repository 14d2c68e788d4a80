import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import {
  AuditList, AuditQuery, CreateTokenRequest, CreateUserRequest, CreatedToken, Ok, TokenList, UpdateUserRequest, UserList, UserRecord, Username,
} from '../contract.js';
import type { ServerContext } from '../context.js';
import { ApiFailure } from '../errors.js';
import { hashPassword, hashSecret, newSecret } from '../auth/secrets.js';
import type { Api } from '../route.js';

const UserParams = z.object({ username: Username });
const TokenParams = z.object({ id: z.uuid() });

/** Users, API tokens and the audit log: administrators only. */
export function userRoutes(api: Api, ctx: ServerContext): void {
  const strip = ({ passwordHash: _hash, ...user }: UserRecord & { passwordHash: string }): UserRecord => user;
  const admins = async () => (await ctx.accounts.users()).filter((u) => u.role === 'admin').length;

  api.route({
    method: 'GET', url: '/api/users', tag: 'users', role: 'admin', response: UserList, summary: 'Users',
    handler: async () => (await ctx.accounts.users()).map(strip),
  });
  api.route({
    method: 'POST', url: '/api/users', tag: 'users', role: 'admin', body: CreateUserRequest, response: UserRecord, status: 201, summary: 'Add a user',
    handler: async ({ body, principal }) => {
      const passwordHash = await hashPassword(body.password);
      const at = ctx.now();
      const created = await ctx.accounts.exclusive(async () => {
        if (await ctx.accounts.user(body.username)) return false;
        await ctx.accounts.insertUser({ username: body.username, role: body.role, passwordHash, createdAt: at });
        return true;
      });
      if (!created) throw new ApiFailure(409, 'conflict', 'user-exists', { username: body.username }, 'body.username');
      await ctx.audit(principal.name, 'user.create', body.username, `role ${body.role}`);
      return { username: body.username, role: body.role, createdAt: at, lastLoginAt: null };
    },
  });
  api.route({
    method: 'PATCH', url: '/api/users/:username', tag: 'users', role: 'admin', params: UserParams, body: UpdateUserRequest, response: UserRecord,
    summary: 'Change a user\u2019s role or password (their sessions end)',
    handler: async ({ params, body, principal }) => {
      const passwordHash = body.password ? await hashPassword(body.password) : undefined;
      const updated = await ctx.accounts.exclusive(async () => {
        const user = await ctx.accounts.user(params.username);
        if (!user) throw new ApiFailure(404, 'not-found', 'no-user', { username: params.username });
        if (user.role === 'admin' && body.role && body.role !== 'admin' && (await admins()) <= 1) throw new ApiFailure(409, 'conflict', 'last-admin', {}, 'body.role');
        await ctx.accounts.updateUser(params.username, { role: body.role, passwordHash });
        await ctx.accounts.deleteSessionsOf(params.username);
        return (await ctx.accounts.user(params.username)) ?? user;
      });
      const changes = [body.role ? `role ${body.role}` : '', body.password ? 'password changed' : ''].filter(Boolean).join(', ');
      await ctx.audit(principal.name, 'user.update', params.username, changes);
      return strip(updated);
    },
  });
  api.route({
    method: 'DELETE', url: '/api/users/:username', tag: 'users', role: 'admin', params: UserParams, response: Ok, summary: 'Remove a user',
    handler: async ({ params, principal }) => {
      await ctx.accounts.exclusive(async () => {
        const user = await ctx.accounts.user(params.username);
        if (!user) throw new ApiFailure(404, 'not-found', 'no-user', { username: params.username });
        if (user.role === 'admin' && (await admins()) <= 1) throw new ApiFailure(409, 'conflict', 'last-admin');
        await ctx.accounts.deleteUser(params.username);
      });
      await ctx.audit(principal.name, 'user.delete', params.username);
      return { ok: true };
    },
  });

  api.route({
    method: 'GET', url: '/api/tokens', tag: 'tokens', role: 'admin', response: TokenList, summary: 'API tokens (never their secret)',
    handler: async () => ctx.accounts.tokens(),
  });
  api.route({
    method: 'POST', url: '/api/tokens', tag: 'tokens', role: 'admin', body: CreateTokenRequest, response: CreatedToken, status: 201,
    summary: 'Create an API token; its secret is shown once',
    handler: async ({ body, principal }) => {
      const token = `vigie_${newSecret()}`;
      const record = { id: randomUUID(), name: body.name, role: body.role, createdBy: principal.name, createdAt: ctx.now(), lastUsedAt: null };
      await ctx.accounts.insertToken({ ...record, tokenHash: hashSecret(token) });
      await ctx.audit(principal.name, 'token.create', body.name, `role ${body.role}, id ${record.id}`);
      return { ...record, token };
    },
  });
  api.route({
    method: 'DELETE', url: '/api/tokens/:id', tag: 'tokens', role: 'admin', params: TokenParams, response: Ok, summary: 'Revoke an API token',
    handler: async ({ params, principal }) => {
      const removed = await ctx.accounts.deleteToken(params.id);
      if (!removed) throw new ApiFailure(404, 'not-found', 'no-token', { id: params.id });
      await ctx.audit(principal.name, 'token.delete', removed.name, `id ${params.id}`);
      return { ok: true };
    },
  });

  api.route({
    method: 'GET', url: '/api/audit', tag: 'audit', role: 'admin', query: AuditQuery, response: AuditList,
    summary: 'The audit log, newest first: accounts, settings, decisions (with their own trail merged)',
    handler: async ({ query }) => {
      const own = await ctx.accounts.auditLog(query.limit);
      const decisions = (await ctx.service.audit({ limit: query.limit })).map((e) => ({
        at: e.at,
        actor: e.actor,
        action: `decision.${e.action}`,
        target: e.after ? `${e.after.type} ${e.after.scope} ${e.after.value}` : `#${e.decisionId}`,
        detail: `#${e.decisionId}${e.after ? ` ${e.after.scenario}` : ''}`,
      }));
      return [...own, ...decisions].sort((a, b) => b.at - a.at).slice(0, query.limit);
    },
  });
}
