import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, NGINX } from './helpers/nginx.js';
import { COOKIE_NAME, solvePow, startShield, type ShieldHandle } from '../src/shield/index.js';
import { readChallenge, request, startOrigin, tempDir, type TestOrigin } from './shield-kit.js';

/** Debian's nginx in front of a real origin, asking Vigie about each request (auth_request). */
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

describe.skipIf(!NGINX)('vigie shield behind a real nginx (auth_request)', () => {
  let dir: string;
  let nginx: ChildProcess;
  let origin: TestOrigin;
  let shield: ShieldHandle;
  let site: string;

  beforeAll(async () => {
    dir = tempDir();
    mkdirSync(join(dir, 'logs'));
    origin = await startOrigin();
    shield = await startShield({ dataDir: join(dir, 'data'), nginxAuth: '127.0.0.1:0', rateLimits: { ip: 2, prefix: 1000, asn: 0, country: 0 }, powBits: 12 });
    const port = await freePort();
    site = `http://127.0.0.1:${port}`;
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join('\n');
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')};
events { worker_connections 256; }
http {
  ${temp}
  access_log off;
  # the test's clients name their address in X-Forwarded-For, as a CDN in front would
  set_real_ip_from 127.0.0.1;
  real_ip_header X-Forwarded-For;
  server {
    listen 127.0.0.1:${port};
    include ${shield.nginxIncludePath};
    location / { proxy_pass ${origin.url}; }
  }
}
`,
    );
    nginx = spawn(NGINX as string, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`${site}/.vigie/health`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`nginx did not start: ${readFileSync(join(dir, 'logs', 'error.log'), 'utf8')}`);
  });

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    await shield?.stop();
    await origin?.stop();
  });

  const as = (ip: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, 'user-agent': UA, ...extra });

  it('lets clean requests through to the origin', async () => {
    const reply = await request(`${site}/hello`, { headers: as('24.200.1.1') });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('page /hello #1');
    expect(shield.counters.get('nginx-allow')).toBeGreaterThanOrEqual(1);
  });

  it('blocks a banned address with Vigie\u2019s page; the origin never sees it', async () => {
    await shield.service.add({ type: 'ban', scope: 'ip', value: '203.0.113.9', durationMs: 60_000, reason: 'test' });
    const reply = await request(`${site}/secret`, { headers: as('203.0.113.9') });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('Access blocked');
    expect(reply.body).toContain('Accès bloqué');
    expect(origin.hits.get('/secret')).toBeUndefined();
  });

  it('serves the challenge through nginx; the solved pass is accepted by nginx', async () => {
    const ip = '24.200.2.2';
    await shield.service.add({ type: 'challenge', scope: 'ip', value: ip, durationMs: 60_000, reason: 'test' });
    const page = await request(`${site}/article`, { headers: as(ip) });
    expect(page.status).toBe(200);
    expect(page.body).toContain('vigie-pow');
    expect(origin.hits.get('/article')).toBeUndefined();
    const { token, bits } = readChallenge(page.body);
    const solved = await request(`${site}/.vigie/pow`, {
      method: 'POST',
      headers: as(ip, { 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ token, nonce: solvePow(token, bits), back: '/article' }).toString(),
    });
    expect(solved.status).toBe(303);
    const cookie = (solved.headers['set-cookie']?.[0] ?? '').split(';', 1)[0] as string;
    expect(cookie.startsWith(`${COOKIE_NAME}=`)).toBe(true);
    const through = await request(`${site}/article`, { headers: as(ip, { cookie }) });
    expect(through.status).toBe(200);
    expect(through.body).toBe('page /article #1');
  });

  it('rate-limits through nginx with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 10; i++) {
      const reply = await request(`${site}/nocache`, { headers: as('24.200.9.9') });
      statuses.push(reply.status);
      if (reply.status === 429) retryAfter = reply.headers['retry-after'] as string;
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(origin.hits.get('/nocache')).toBe(statuses.filter((s) => s === 200).length);
  });

  it('does not show the metrics to the public through nginx', async () => {
    const reply = await request(`${site}/.vigie/metrics`, { headers: as('24.200.3.3') });
    expect(reply.status).toBe(404);
  });

  it('feeds every request nginx asked about into the pipeline', async () => {
    await shield.flush();
    expect(shield.analyzer.events).toBeGreaterThanOrEqual(14);
    expect(shield.analyzer.rejected).toBe(0);
  });
});
