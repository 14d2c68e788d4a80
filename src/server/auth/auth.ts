import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { CSRF_HEADER, SESSION_COOKIE, type Role, type SessionInfo } from '../contract.js';
import { ApiFailure } from '../errors.js';
import type { AccountStore } from './account-store.js';
import { LoginRateLimiter } from './rate-limit.js';
import { DUMMY_HASH, hashPassword, hashSecret, newSecret, verifyPassword } from './secrets.js';

/** Who is asking: a signed-in person (cookie) or a program (bearer token). */
export interface Principal {
  kind: 'session' | 'token';
  /** The user name, or "token:<name>". */
  name: string;
  role: Role;
  csrfToken: string | null;
}

const RANK: Record<Role, number> = { viewer: 1, analyst: 2, admin: 3 };

export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

export interface AuthOptions {
  /** Secure cookies: "auto" sets them when the request came over TLS (or https through a trusted proxy). */
  secureCookies?: boolean | 'auto';
  /** Believe X-Forwarded-Proto (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  sessionTtlMs?: number;
  limiter?: LoginRateLimiter;
  now?: () => number;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Sessions, sign-in, API tokens and the CSRF check. */
export class Auth {
  readonly limiter: LoginRateLimiter;
  private readonly now: () => number;
  private readonly ttl: number;

  constructor(
    readonly accounts: AccountStore,
    private readonly options: AuthOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttl = options.sessionTtlMs ?? 12 * 3_600_000;
    this.limiter = options.limiter ?? new LoginRateLimiter(undefined, this.now);
  }

  async principal(request: FastifyRequest): Promise<Principal | null> {
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const token = await this.accounts.tokenByHash(hashSecret(header.slice(7).trim()));
      if (!token) return null;
      void this.accounts.touchToken(token.id, this.now()).catch(() => undefined);
      return { kind: 'token', name: `token:${token.name}`, role: token.role, csrfToken: null };
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie || cookie.length > 100) return null;
    const session = await this.accounts.session(hashSecret(cookie), this.now());
    return session ? { kind: 'session', name: session.username, role: session.role, csrfToken: session.csrfToken } : null;
  }

  /** A cookie-authenticated change must carry the session's CSRF token. */
  checkCsrf(request: FastifyRequest, principal: Principal): void {
    if (principal.kind !== 'session' || ['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !principal.csrfToken || !sameText(given, principal.csrfToken)) throw new ApiFailure(403, 'csrf', 'csrf');
  }

  /** Checks the password (rate-limited per address and per name); the new session or a refusal. */
  async login(request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<SessionInfo> {
    const wait = this.limiter.retryAfter(request.ip, username);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new ApiFailure(429, 'rate-limited', 'rate-limited', { seconds: wait });
    }
    const user = await this.accounts.user(username);
    // the same work whether or not the name exists, so that timing does not tell
    const good = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !good) {
      this.limiter.failed(request.ip, username);
      await this.accounts.audit({ at: this.now(), actor: username.slice(0, 64), action: 'login.failed', target: username.slice(0, 64), detail: `from ${request.ip}` });
      throw new ApiFailure(401, 'login-failed', 'login-failed');
    }
    await this.accounts.updateUser(user.username, { lastLoginAt: this.now() });
    await this.accounts.audit({ at: this.now(), actor: user.username, action: 'login', target: user.username, detail: `from ${request.ip}` });
    return this.openSession(request, reply, user.username, user.role);
  }

  async openSession(request: FastifyRequest, reply: FastifyReply, username: string, role: Role): Promise<SessionInfo> {
    const id = newSecret();
    const csrfToken = newSecret(24);
    const at = this.now();
    await this.accounts.pruneSessions(at);
    await this.accounts.insertSession({ idHash: hashSecret(id), username, csrfToken, createdAt: at, expiresAt: at + this.ttl });
    void reply.setCookie(SESSION_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secure(request),
      maxAge: Math.floor(this.ttl / 1000),
    });
    return { user: { username, role }, csrfToken };
  }

  async logout(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await this.accounts.deleteSession(hashSecret(cookie));
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: this.secure(request) });
  }

  /** Creates the first administrator, once; refused when any user exists. */
  async setup(request: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<SessionInfo> {
    const passwordHash = await hashPassword(password);
    const created = await this.accounts.exclusive(async () => {
      if ((await this.accounts.countUsers()) > 0) return false;
      await this.accounts.insertUser({ username, role: 'admin', passwordHash, createdAt: this.now() });
      return true;
    });
    if (!created) throw new ApiFailure(409, 'conflict', 'setup-done');
    await this.accounts.audit({ at: this.now(), actor: username, action: 'setup', target: username, detail: 'first administrator created' });
    return this.openSession(request, reply, username, 'admin');
  }

  private secure(request: FastifyRequest): boolean {
    const setting = this.options.secureCookies ?? 'auto';
    if (setting !== 'auto') return setting;
    if ((request.raw.socket as { encrypted?: boolean }).encrypted) return true;
    return this.options.trustProxy === true && String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';
  }
}
