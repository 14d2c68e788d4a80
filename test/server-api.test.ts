import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORD, cookieOf, setupAdmin, startFixture, type Fixture } from './server-fixture.js';

let fx: Fixture;
beforeEach(async () => {
  fx = await startFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('accounts', () => {
  it('asks for the first administrator once, then refuses a second setup', async () => {
    expect((await fx.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: true });
    const { cookie, csrf } = await setupAdmin(fx.app);
    expect(cookie).toMatch(/^vigie_session=/);
    expect(csrf.length).toBeGreaterThan(20);
    expect((await fx.app.inject({ url: '/api/setup' })).json()).toEqual({ needed: false });
    const again = await fx.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'eve', password: 'another long password' } });
    expect(again.statusCode).toBe(409);
    const me = await fx.app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json()).toEqual({ user: { username: 'admin', role: 'admin' }, csrfToken: csrf });
  });

  it('sets an httpOnly SameSite=Strict cookie, Secure only behind https', async () => {
    const response = await fx.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', password: PASSWORD } });
    const header = String(response.headers['set-cookie']);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).not.toContain('Secure');
  });

  it('answers 401 without a session and 400 naming the field', async () => {
    const anonymous = await fx.app.inject({ url: '/api/overview' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthenticated');
    const short = await fx.app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'admin', password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.field).toBe('body.password');
    const { cookie } = await setupAdmin(fx.app);
    const bad = await fx.app.inject({ url: '/api/overview?minutes=abc', headers: { cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('query.minutes');
    const french = await fx.app.inject({ url: '/api/overview?minutes=0&lang=fr', headers: { cookie } });
    expect(french.json().error.message).toMatch(/Trop petit/);
  });

  it('refuses a change without the CSRF token, and accepts it with', async () => {
    const { cookie, csrf } = await setupAdmin(fx.app);
    const payload = { username: 'ana', password: 'analyst password 1', role: 'analyst' };
    const without = await fx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf');
    const wrong = await fx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'x-csrf-token': 'x'.repeat(csrf.length) }, payload });
    expect(wrong.statusCode).toBe(403);
    const right = await fx.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'x-csrf-token': csrf }, payload });
    expect(right.statusCode).toBe(201);
  });

  it('gives each role what it may do: viewer reads, analyst decides, admin administers (403 otherwise)', async () => {
    const admin = await setupAdmin(fx.app);
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin.csrf };
    await fx.app.inject({ method: 'POST', url: '/api/users', headers, payload: { username: 'vic', password: 'viewer password 1', role: 'viewer' } });
    await fx.app.inject({ method: 'POST', url: '/api/users', headers, payload: { username: 'ana', password: 'analyst password 1', role: 'analyst' } });
    const login = async (username: string, password: string) => {
      const r = await fx.app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
      expect(r.statusCode).toBe(200);
      return { cookie: cookieOf(r), 'x-csrf-token': (r.json() as { csrfToken: string }).csrfToken };
    };
    const viewer = await login('vic', 'viewer password 1');
    const analyst = await login('ana', 'analyst password 1');
    const ban = { scope: 'ip', value: '203.0.113.9', duration: '1h', reason: 'test' };
    expect((await fx.app.inject({ url: '/api/decisions', headers: viewer })).statusCode).toBe(200);
    const refused = await fx.app.inject({ method: 'POST', url: '/api/decisions', headers: viewer, payload: ban });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await fx.app.inject({ method: 'POST', url: '/api/decisions', headers: analyst, payload: ban })).statusCode).toBe(201);
    expect((await fx.app.inject({ url: '/api/users', headers: analyst })).statusCode).toBe(403);
    expect((await fx.app.inject({ url: '/api/audit', headers: analyst })).statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'PUT', url: '/api/settings', headers: analyst, payload: { retentionDays: 7 } })).statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'PUT', url: '/api/settings', headers, payload: { retentionDays: 7 } })).json().retentionDays).toBe(7);
  });

  it('rate-limits failed sign-ins per user name with 429 and Retry-After', async () => {
    await setupAdmin(fx.app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await fx.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: `wrong password ${i}` } });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // even the right password waits: the limit is on the name, not the guess
    expect((await fx.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: PASSWORD } })).statusCode).toBe(429);
  });

  it('keeps every change in the audit log, decisions included', async () => {
    const { cookie, csrf } = await setupAdmin(fx.app);
    const headers = { cookie, 'x-csrf-token': csrf };
    await fx.app.inject({ method: 'POST', url: '/api/users', headers, payload: { username: 'vic', password: 'viewer password 1', role: 'viewer' } });
    await fx.app.inject({ method: 'PATCH', url: '/api/users/vic', headers, payload: { role: 'analyst' } });
    const added = await fx.app.inject({ method: 'POST', url: '/api/decisions', headers, payload: { scope: 'asn', value: 'AS64500', duration: '2h', reason: 'scraping' } });
    await fx.app.inject({ method: 'DELETE', url: `/api/decisions/${added.json().id}`, headers });
    await fx.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'vic', password: 'nope nope nope' } });
    const audit = (await fx.app.inject({ url: '/api/audit', headers })).json() as { actor: string; action: string; target: string }[];
    const actions = audit.map((e) => `${e.actor} ${e.action} ${e.target}`);
    expect(actions).toEqual(expect.arrayContaining([
      'admin setup admin', 'admin user.create vic', 'admin user.update vic', 'admin decision.add ban asn 64500', 'admin decision.delete ban asn 64500', 'vic login.failed vic',
    ]));
  });

  it('never lets the last administrator go', async () => {
    const { cookie, csrf } = await setupAdmin(fx.app);
    const r = await fx.app.inject({ method: 'DELETE', url: '/api/users/admin', headers: { cookie, 'x-csrf-token': csrf } });
    expect(r.statusCode).toBe(409);
  });
});

describe('behind an https reverse proxy', () => {
  it('sends Secure cookies when the proxy says https, and only when it is believed', async () => {
    const proxied = await startFixture({ auth: { trustProxy: true } });
    try {
      const r = await proxied.app.inject({ method: 'POST', url: '/api/setup', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'admin', password: PASSWORD } });
      expect(String(r.headers['set-cookie'])).toContain('Secure');
    } finally {
      await proxied.close();
    }
    const direct = await fx.app.inject({ method: 'POST', url: '/api/setup', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'admin', password: PASSWORD } });
    expect(String(direct.headers['set-cookie'])).not.toContain('Secure');
  });
});

describe('API tokens', () => {
  it('creates a token shown once, usable as a bearer without CSRF, and revocable', async () => {
    const { cookie, csrf } = await setupAdmin(fx.app);
    const headers = { cookie, 'x-csrf-token': csrf };
    const created = await fx.app.inject({ method: 'POST', url: '/api/tokens', headers, payload: { name: 'siem', role: 'analyst' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    const list = (await fx.app.inject({ url: '/api/tokens', headers })).json() as Record<string, unknown>[];
    expect(list).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    const decision = await fx.app.inject({ method: 'POST', url: '/api/decisions', headers: bearer, payload: { scope: 'ip', value: '198.51.100.4' } });
    expect(decision.statusCode).toBe(201);
    expect(decision.json().origin).toBe('api');
    expect((await fx.app.inject({ url: '/api/users', headers: bearer })).statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers })).statusCode).toBe(200);
    expect((await fx.app.inject({ url: '/api/decisions', headers: bearer })).statusCode).toBe(401);
  });
});

describe('decisions reach the bouncers', () => {
  it('a ban added in the dashboard is in the bouncer stream, and its removal too', async () => {
    const key = await fx.service.addBouncer('fw');
    const pull = async (startup: boolean) =>
      (await fx.app.inject({ url: `/v1/decisions/stream?startup=${startup}`, headers: { 'x-api-key': String(key) } })).json() as {
        new: { value: string }[] | null; deleted: { value: string }[] | null;
      };
    expect((await pull(true)).new).toBeNull();
    const { cookie, csrf } = await setupAdmin(fx.app);
    const headers = { cookie, 'x-csrf-token': csrf };
    const added = await fx.app.inject({ method: 'POST', url: '/api/decisions', headers, payload: { type: 'ban', scope: 'ip', value: '203.0.113.50', duration: '4h', reason: 'probe' } });
    expect(added.statusCode).toBe(201);
    expect((await pull(false)).new?.map((d) => d.value)).toEqual(['203.0.113.50']);
    const bad = await fx.app.inject({ method: 'POST', url: '/api/decisions', headers, payload: { scope: 'ip', value: 'not-an-ip' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.value');
    expect((await fx.app.inject({ method: 'DELETE', url: `/api/decisions/${added.json().id}`, headers })).statusCode).toBe(200);
    expect((await pull(false)).deleted?.map((d) => d.value)).toEqual(['203.0.113.50']);
    const past = (await fx.app.inject({ url: '/api/decisions?active=false', headers })).json() as { value: string }[];
    expect(past.map((d) => d.value)).toEqual(['203.0.113.50']);
  });
});

describe('hardening', () => {
  it('sets a strict Content-Security-Policy and other security headers', async () => {
    const r = await fx.app.inject({ url: '/api/setup' });
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('answers a 500 without stack trace or path', async () => {
    const { cookie } = await setupAdmin(fx.app);
    // a table gone under the server: the query fails inside, with the database's own words
    const connection = await fx.store.connect();
    await connection.run('DROP TABLE rollups');
    connection.closeSync();
    const r = await fx.app.inject({ url: '/api/overview', headers: { cookie } });
    expect(r.statusCode).toBe(500);
    expect(r.json().error.code).toBe('internal');
    expect(r.body).not.toMatch(/rollups|Catalog|at .*\(|\/tmp\/|node_modules|\.ts:|\.js:/);
  });

  it('refuses malformed JSON with a 400 naming the body', async () => {
    const r = await fx.app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.field).toBe('body');
  });

  it('serves an OpenAPI 3 document built from the schemas, and unknown API paths get a JSON 404', async () => {
    const doc = (await fx.app.inject({ url: '/api/docs' })).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/decisions']?.post?.requestBody).toBeDefined();
    expect(Object.keys(doc.paths)).toContain('/api/ip/{ip}');
    const ui = await fx.app.inject({ url: '/api/docs/ui' });
    expect(ui.body).not.toContain('<script');
    const missing = await fx.app.inject({ url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not-found');
  });
});

describe('the built dashboard', () => {
  it('serves its files, answers page addresses with index.html, and a missing script with 404', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const web = join(fx.dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(web, 'index.html'), '<!doctype html><title>Vigie</title><script type="module" src="/assets/app.js"></script>');
    await writeFile(join(web, 'assets', 'app.js'), 'console.log(1)');
    const withWeb = await startFixture({ webDir: web });
    try {
      const script = await withWeb.app.inject({ url: '/assets/app.js' });
      expect(script.statusCode).toBe(200);
      expect(script.headers['content-security-policy']).toContain("script-src 'self'");
      const deep = await withWeb.app.inject({ url: '/ip/203.0.113.7', headers: { accept: 'text/html' } });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<title>Vigie</title>');
      expect((await withWeb.app.inject({ url: '/assets/missing.js', headers: { accept: '*/*' } })).statusCode).toBe(404);
      expect((await withWeb.app.inject({ url: '/api/missing', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    } finally {
      await withWeb.close();
    }
  });
});
