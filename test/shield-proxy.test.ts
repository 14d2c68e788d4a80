import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { solvePow, startShield, COOKIE_NAME, type ShieldHandle } from '../src/shield/index.js';
import { raw, readChallenge, request, sleep, startOrigin, tempDir, type TestOrigin } from './shield-kit.js';

const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

/** The shield believes X-Forwarded-For from loopback in these tests: each test picks its client's address. */
function as(ip: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-forwarded-for': ip, 'user-agent': UA, ...extra };
}

function cookieFrom(setCookie: string[] | undefined): string {
  const value = setCookie?.[0]?.split(';', 1)[0];
  if (!value?.startsWith(`${COOKIE_NAME}=`)) throw new Error('no pass cookie');
  return value;
}

describe('vigie shield in front of a real origin', () => {
  let origin: TestOrigin;
  let shield: ShieldHandle;
  let url: string;

  beforeAll(async () => {
    origin = await startOrigin();
    shield = await startShield({
      dataDir: tempDir(),
      origin: origin.url,
      listen: '127.0.0.1:0',
      trustForwarded: true,
      rateLimits: { ip: 2, prefix: 1000, asn: 0, country: 0 },
      powBits: 12,
      waitSeconds: 1,
      passTtlMs: 1000,
      maxBodyBytes: 1000,
      limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000 },
      allowlist: { cidrs: ['192.0.2.0/24'] },
    });
    url = shield.url as string;
  });

  afterAll(async () => {
    await shield?.stop();
    await origin?.stop();
  });

  it('passes clean traffic with the forwarding headers, and never passes the shield cookie on', async () => {
    const reply = await request(`${url}/hello`, { headers: as('24.200.1.1', { cookie: `theme=dark; ${COOKIE_NAME}=x` }) });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('page /hello #1');
    const seen = origin.seen.get('/hello');
    expect(seen?.['x-forwarded-for']).toBe('24.200.1.1, 127.0.0.1');
    expect(seen?.['x-forwarded-proto']).toBe('http');
    expect(seen?.forwarded).toMatch(/^for=24\.200\.1\.1;proto=http;host="127\.0\.0\.1:\d+"$/);
    expect(seen?.cookie).toBe('theme=dark');
  });

  it('blocks a banned address before the origin sees it', async () => {
    await shield.service.add({ type: 'ban', scope: 'ip', value: '203.0.113.9', durationMs: 60_000, reason: 'test' });
    const reply = await request(`${url}/secret`, { headers: as('203.0.113.9', { 'accept-language': 'fr-CA,fr' }) });
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('Accès bloqué');
    expect(reply.body).toContain('Access blocked');
    expect(origin.hits.get('/secret')).toBeUndefined();
    expect(shield.counters.get('blocked')).toBe(1);
  });

  it('rate-limits an address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 10; i++) {
      const reply = await request(`${url}/nocache`, { headers: as('24.200.9.9') });
      statuses.push(reply.status);
      if (reply.status === 429) retryAfter = reply.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(origin.hits.get('/nocache')).toBe(statuses.filter((s) => s === 200).length);
  });

  it('throttles an address under a throttle decision to a tenth of its rate', async () => {
    await shield.service.add({ type: 'throttle', scope: 'ip', value: '24.200.8.8', durationMs: 60_000, reason: 'test' });
    const first = await request(`${url}/nocache`, { headers: as('24.200.8.8') });
    const second = await request(`${url}/nocache`, { headers: as('24.200.8.8') });
    expect([first.status, second.status]).toEqual([200, 429]);
  });

  it('challenges, accepts a solved proof of work once, and asks again when the pass expires', async () => {
    const ip = '24.200.2.2';
    await shield.service.add({ type: 'challenge', scope: 'ip', value: ip, durationMs: 60_000, reason: 'test' });
    const page = await request(`${url}/article?id=1`, { headers: as(ip) });
    expect(page.status).toBe(200);
    expect(origin.hits.get('/article')).toBeUndefined();
    const { token, bits } = readChallenge(page.body);
    const nonce = solvePow(token, bits);
    const form = new URLSearchParams({ token, nonce, back: '/article?id=1' }).toString();
    const post = { method: 'POST', headers: as(ip, { 'content-type': 'application/x-www-form-urlencoded' }), body: form };
    const solved = await request(`${url}/.vigie/pow`, post);
    expect(solved.status).toBe(303);
    expect(solved.headers.location).toBe('/article?id=1');
    const cookie = cookieFrom(solved.headers['set-cookie']);
    const through = await request(`${url}/article?id=1`, { headers: as(ip, { cookie }) });
    expect(through.status).toBe(200);
    expect(through.body).toBe('page /article #1');

    // the same solution again is a replay: refused and counted
    const replay = await request(`${url}/.vigie/pow`, { ...post, headers: as(ip, { 'content-type': 'application/x-www-form-urlencoded' }) });
    expect(replay.status).toBe(403);
    expect(shield.counters.get('challenge-replayed')).toBe(1);

    // the pass shown by another browser is a replay; a made-up one is a forgery
    const other = await request(`${url}/article?id=1`, { headers: { ...as(ip), 'user-agent': 'curl/8.0', cookie } });
    expect(other.body).toContain('vigie-pow');
    expect(shield.counters.get('cookie-replayed')).toBe(1);
    const forged = `${cookie.slice(0, -4)}AAAA`;
    const refused = await request(`${url}/article?id=1`, { headers: as(ip, { cookie: forged }) });
    expect(refused.body).toContain('vigie-pow');
    expect(shield.counters.get('cookie-forged')).toBe(1);

    await sleep(1100);
    const expired = await request(`${url}/article?id=1`, { headers: as(ip, { cookie }) });
    expect(expired.body).toContain('vigie-pow');
    expect(shield.counters.get('cookie-expired')).toBe(1);
    expect(origin.hits.get('/article')).toBe(1);
  });

  it('refuses a wrong or forged proof of work and counts it', async () => {
    const ip = '24.200.3.3';
    await shield.service.add({ type: 'challenge', scope: 'ip', value: ip, durationMs: 60_000, reason: 'test' });
    const { token } = readChallenge((await request(`${url}/`, { headers: as(ip) })).body);
    const headers = as(ip, { 'content-type': 'application/x-www-form-urlencoded' });
    const wrong = await request(`${url}/.vigie/pow`, { method: 'POST', headers, body: `token=${token}&nonce=zzzzzzzz` });
    expect(wrong.status).toBe(403);
    const forgedToken = token.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA');
    await request(`${url}/.vigie/pow`, { method: 'POST', headers, body: `token=${forgedToken}&nonce=${solvePow(forgedToken, 24 - 12)}` });
    expect(shield.counters.get('challenge-forged')).toBe(1);
    expect(shield.counters.get('challenge-wrong')).toBeGreaterThanOrEqual(1);
  });

  it('bans an address after ten wrong answers (evidence), through the decision service', async () => {
    const ip = '24.200.3.4';
    const headers = as(ip, { 'content-type': 'application/x-www-form-urlencoded' });
    // this shield allows 2 requests a second (bursts of 6): the answers are spread to pass the limit
    for (let i = 0; i < 10; i++) {
      if (i === 6) await sleep(2100);
      expect((await request(`${url}/.vigie/pow`, { method: 'POST', headers, body: `token=forged.${i}&nonce=1` })).status).toBe(403);
    }
    for (let i = 0; i < 50 && !(await shield.service.list()).some((d) => d.value === ip); i++) await sleep(20);
    const ban = (await shield.service.list()).find((d) => d.value === ip);
    expect(ban).toMatchObject({ type: 'ban', scenario: 'vigie/shield-evidence' });
    expect((await request(`${url}/`, { headers: as(ip) })).status).toBe(403);
    expect(shield.counters.get('evidence-bans')).toBe(1);
  });

  it('lets a client without JavaScript through after the wait, not before', async () => {
    const ip = '24.200.4.4';
    await shield.service.add({ type: 'challenge', scope: 'ip', value: ip, durationMs: 60_000, reason: 'test' });
    const { waitUrl, waitSeconds } = readChallenge((await request(`${url}/doc`, { headers: as(ip) })).body);
    const early = await request(`${url}${waitUrl}`, { headers: as(ip) });
    expect(early.status).toBe(403);
    expect(shield.counters.get('challenge-early')).toBe(1);
    await sleep(waitSeconds * 1000 + 100);
    const done = await request(`${url}${waitUrl}`, { headers: as(ip) });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/doc');
    const through = await request(`${url}/doc`, { headers: as(ip, { cookie: cookieFrom(done.headers['set-cookie']) }) });
    expect(through.body).toBe('page /doc #1');
  });

  it('under attack by hand: new clients are challenged, verified crawlers are not', async () => {
    shield.underAttack.setManual(true);
    try {
      const person = await request(`${url}/news`, { headers: as('24.200.5.5') });
      expect(person.body).toContain('vigie-pow');
      const googlebot = await request(`${url}/news`, {
        headers: { 'x-forwarded-for': '66.249.66.1', 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      });
      expect(googlebot.status).toBe(200);
      expect(googlebot.body).toBe('page /news #1');
      const partner = await request(`${url}/news`, { headers: as('192.0.2.10') });
      expect(partner.body).toBe('page /news #1');
    } finally {
      shield.underAttack.setManual(false);
    }
  });

  it('passes WebSocket upgrades through, with the forwarding headers', async () => {
    const socket = net.connect((new URL(url).port as unknown) as number, '127.0.0.1');
    const received = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n') && !text.includes('echo:')) socket.write('hello');
        if (text.includes('echo:hello')) resolve(text);
      });
      socket.write('GET /ws HTTP/1.1\r\nHost: site\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Forwarded-For: 24.200.6.6\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    });
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1.1 101/);
    expect(origin.upgrades.at(-1)?.['x-forwarded-for']).toBe('24.200.6.6, 127.0.0.1');
    expect(shield.counters.get('websocket')).toBe(1);
  });

  it('answers slow, oversized and malformed requests with 4xx, counted, and keeps serving', async () => {
    const port = Number(new URL(url).port);
    const slow = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\n', 5000);
    expect(slow).toMatch(/^HTTP\/1.1 408/);
    expect(shield.counters.get('header-timeout')).toBeGreaterThanOrEqual(1);
    const big = await raw(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1.1 431/);
    expect(shield.counters.get('header-too-large')).toBe(1);
    const garbage = await raw(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1.1 400/);
    const declared = await request(`${url}/upload`, { method: 'POST', headers: as('24.200.7.7'), body: Buffer.alloc(5000) });
    expect(declared.status).toBe(413);
    const chunked = await raw(port, `POST /upload HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 24.200.7.8\r\nTransfer-Encoding: chunked\r\n\r\n${(2000).toString(16)}\r\n${'b'.repeat(2000)}\r\n0\r\n\r\n`, 2000);
    expect(chunked).toMatch(/^HTTP\/1.1 413/);
    expect(shield.counters.get('body-too-large')).toBe(2);
    const fine = await request(`${url}/upload`, { method: 'POST', headers: as('24.200.7.9'), body: 'small' });
    expect(fine.body).toBe('got 5');
    const metrics = await request(`${url}/.vigie/metrics`);
    expect(metrics.body).toMatch(/^vigie_shield_header_timeout_total [1-9]/m);
    expect(metrics.body).toMatch(/^vigie_shield_body_too_large_total 2$/m);
  });
});

describe('vigie shield when the origin goes down', () => {
  let origin: TestOrigin;
  let shield: ShieldHandle | undefined;

  afterEach(async () => {
    await shield?.stop();
    await origin?.stop();
  });

  it('serves stale copies, and the heavy-load page when it has none', async () => {
    origin = await startOrigin();
    shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0', originTimeoutMs: 2000 });
    const url = shield.url as string;
    const first = await request(`${url}/home`);
    expect(first.headers['x-vigie-cache']).toBe('MISS');
    const hit = await request(`${url}/home`);
    expect(hit.headers['x-vigie-cache']).toBe('HIT');
    expect(hit.body).toBe('page /home #1');
    await origin.stop();
    await sleep(1100);
    const stale = await request(`${url}/home`);
    expect(stale.status).toBe(200);
    expect(stale.headers['x-vigie-cache']).toBe('STALE');
    expect(stale.body).toBe('page /home #1');
    const none = await request(`${url}/never-seen`, { headers: { 'accept-language': 'fr' } });
    expect(none.status).toBe(503);
    expect(none.headers['retry-after']).toBe('30');
    expect(none.body).toContain('Le site est très sollicité');
    expect(none.body).toContain('The site is under heavy load');
    expect(shield.counters.get('origin-error')).toBeGreaterThanOrEqual(2);
  });

  it('serves a stale copy at once while it refreshes it (stale-while-revalidate)', async () => {
    origin = await startOrigin();
    shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0' });
    const url = shield.url as string;
    expect((await request(`${url}/swr`)).body).toBe('fresh #1');
    await sleep(1100);
    const stale = await request(`${url}/swr`);
    expect(stale.headers['x-vigie-cache']).toBe('STALE');
    expect(stale.body).toBe('fresh #1');
    // the refresh runs in the background: the next answers are the stale copy until it is stored
    let refreshed = await request(`${url}/swr`);
    for (let i = 0; i < 50 && refreshed.headers['x-vigie-cache'] !== 'HIT'; i++) {
      await sleep(20);
      refreshed = await request(`${url}/swr`);
    }
    expect(refreshed.headers['x-vigie-cache']).toBe('HIT');
    expect(origin.hits.get('/swr')).toBe(2);
    expect(refreshed.body).toBe('fresh #2');
  });

  it('answers 502 when the origin sends what cannot be passed on, and keeps serving', async () => {
    const odd = net.createServer((socket) => {
      socket.on('data', () => socket.end('HTTP/1.1 099 Odd\r\ncontent-length: 2\r\n\r\nok'));
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    origin = await startOrigin();
    shield = await startShield({ dataDir: tempDir(), origin: `http://127.0.0.1:${(odd.address() as net.AddressInfo).port}`, listen: '127.0.0.1:0' });
    const url = shield.url as string;
    expect((await request(`${url}/odd`)).status).toBe(502);
    expect((await request(`${url}/odd`)).status).toBe(502);
    expect(shield.counters.get('internal-error')).toBe(2);
    await new Promise<void>((resolve) => odd.close(() => resolve()));
  });

  it('serves the stale copy when the origin is slow, and keeps the late answer', async () => {
    origin = await startOrigin();
    shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0', staleAfterMs: 200 });
    const url = shield.url as string;
    expect((await request(`${url}/slowable`)).body).toBe('slowable #1');
    await sleep(1100);
    const stale = await request(`${url}/slowable`);
    expect(stale.headers['x-vigie-cache']).toBe('STALE');
    expect(stale.body).toBe('slowable #1');
    expect(shield.counters.get('origin-slow')).toBe(1);
    let later = await request(`${url}/slowable`);
    for (let i = 0; i < 100 && later.headers['x-vigie-cache'] !== 'HIT'; i++) {
      await sleep(50);
      later = await request(`${url}/slowable`);
    }
    expect(later.headers['x-vigie-cache']).toBe('HIT');
    expect(later.body).toBe('slowable #2');
    // while the slow answer was awaited, the copies were served without asking the origin again
    expect(origin.hits.get('/slowable')).toBe(2);
  });

  it('does not cache what the origin marks private', async () => {
    origin = await startOrigin();
    shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0' });
    const url = shield.url as string;
    await request(`${url}/nocache`);
    await request(`${url}/nocache`);
    expect(origin.hits.get('/nocache')).toBe(2);
  });
});

describe('vigie shield refusing a flood', () => {
  it('closes a banned client\u2019s connection after its 403, and refuses its next connections before any request', async () => {
    const origin = await startOrigin();
    // no trusted proxy in front: the peer is the client (loopback stands for it here)
    const shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0', refusalDelayMs: 0 });
    try {
      const url = shield.url as string;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const get = (path: string) =>
        new Promise<{ status: number; connection: string | undefined } | Error>((resolve) => {
          const req = http.get(`${url}${path}`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
          });
          req.on('error', (error) => resolve(error));
        });
      expect(await get('/before')).toEqual({ status: 200, connection: 'keep-alive' });
      await shield.service.add({ type: 'ban', scope: 'ip', value: '127.0.0.1', durationMs: 60_000, reason: 'test' });
      // the kept-alive connection was accepted before the ban: its request is answered, and the connection closed
      expect(await get('/during')).toEqual({ status: 403, connection: 'close' });
      expect(await get('/after')).toBeInstanceOf(Error);
      expect(shield.counters.get('connection-refused')).toBe(1);
      expect(shield.counters.get('blocked')).toBe(1);
      expect(origin.hits.get('/during')).toBeUndefined();
      expect(origin.hits.get('/after')).toBeUndefined();
      agent.destroy();
    } finally {
      await shield.stop();
      await origin.stop();
    }
  });

  it('holds refusals before sending them (a flood tool waits for each), and sends them when it stops', async () => {
    const origin = await startOrigin();
    const shield = await startShield({ dataDir: tempDir(), origin: origin.url, listen: '127.0.0.1:0', trustForwarded: true, rateLimits: { ip: 1, prefix: 0, asn: 0, country: 0 }, refusalDelayMs: 60_000 });
    try {
      const url = shield.url as string;
      for (let i = 0; i < 3; i++) expect((await request(`${url}/nocache`, { headers: as('24.200.77.1') })).status).toBe(200);
      const refused = request(`${url}/nocache`, { headers: as('24.200.77.1') });
      let metrics = '';
      for (let i = 0; i < 100 && !/^vigie_shield_refusals_held 1$/m.test(metrics); i++) {
        await sleep(20);
        metrics = (await request(`${url}/.vigie/metrics`)).body;
      }
      expect(metrics).toMatch(/^vigie_shield_refusals_held 1$/m);
      expect(metrics).toMatch(/^vigie_shield_rate_limited_ip_total 1$/m);
      await shield.stop();
      expect((await refused).status).toBe(429);
      expect(origin.hits.get('/nocache')).toBe(3);
    } finally {
      await shield.stop();
      await origin.stop();
    }
  });
});
