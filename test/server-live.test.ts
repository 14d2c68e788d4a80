import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeHandle } from '../src/pipeline/serve.js';
import { PASSWORD } from './server-fixture.js';
import { event } from '../src/traffic/detect/test-events.js';

let dir: string;
let serve: ServeHandle;
let cookie: string;
let csrf: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigie-serve-'));
  serve = await startServe({ paths: [], dataDir: dir, home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [], webDir: null, demoRate: 1000, flushIntervalMs: 500 });
  const setup = await fetch(`${serve.url}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Reads the event stream until `wanted` events of each name arrived (or the time is up). */
function readStream(url: string, headers: Record<string, string>, wanted: string[], timeoutMs: number): Promise<{ status: number; events: { event: string; data: unknown }[] }> {
  return new Promise((resolve, reject) => {
    const events: { event: string; data: unknown }[] = [];
    const req = request(url, { headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve({ status: res.statusCode ?? 0, events });
        return;
      }
      let buffer = '';
      const finish = () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: 200, events });
      };
      const timer = setTimeout(finish, timeoutMs);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
        if (wanted.every((w) => events.some((e) => e.event === w))) finish();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('vigie serve, live', () => {
  it('offers the demo when no source is configured, and refuses the stream without a session', async () => {
    const demo = (await (await fetch(`${serve.url}/api/demo`, { headers: { cookie } })).json()) as { running: boolean; offered: boolean };
    expect(demo).toMatchObject({ running: false, offered: true });
    const anonymous = await readStream(`${serve.url}/api/stream`, {}, [], 1000);
    expect(anonymous.status).toBe(401);
  });

  it('started from the API, the demo\u2019s attacks arrive as findings and decisions on the stream', async () => {
    const started = await fetch(`${serve.url}/api/demo/start`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: '{}' });
    expect(started.status).toBe(200);
    const { status, events } = await readStream(`${serve.url}/api/stream`, { cookie }, ['stats', 'finding', 'decision'], 50_000);
    expect(status).toBe(200);
    const finding = events.find((e) => e.event === 'finding')?.data as { finding: { id: string; evidence: unknown[] } };
    expect(finding.finding.evidence.length).toBeGreaterThan(0);
    const decision = events.find((e) => e.event === 'decision')?.data as { kind: string; decision: { scope: string; simulated: boolean } };
    expect(decision.kind).toBe('added');
    // the demo's attackers have real networks' addresses: their decisions are shown, never enforced
    expect(decision.decision.simulated).toBe(true);
    expect(serve.watch.api.service.active().size()).toBe(0);
    const stats = events.filter((e) => e.event === 'stats').map((e) => e.data as { events: number });
    expect(stats.some((s) => s.events > 0)).toBe(true);
  }, 60_000);

  it('the sources page shows the demo flowing, and the overview counts its traffic', async () => {
    const sources = (await (await fetch(`${serve.url}/api/sources`, { headers: { cookie } })).json()) as { name: string; lines: number }[];
    expect(sources.find((s) => s.name === 'demo')?.lines).toBeGreaterThan(0);
    await serve.watch.flush();
    const overview = (await (await fetch(`${serve.url}/api/overview?minutes=5`, { headers: { cookie } })).json()) as { requests: number };
    expect(overview.requests).toBeGreaterThan(0);
    const stopped = await fetch(`${serve.url}/api/demo/stop`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
    expect(((await stopped.json()) as { running: boolean }).running).toBe(false);
  }, 30_000);

  it('a home country changed in the settings applies at once, to the pipeline and to the demo', async () => {
    const line = (n: number) => ({ source: 'test', line: n, receivedAt: Date.now(), text: `24.48.0.1 - - [23/Nov/2026:10:00:0${n} +0000] "GET / HTTP/1.1" 200 10 "-" "Mozilla/5.0"` });
    expect(serve.watch.analyzer.process([line(1)])[0]?.origin).toBe('domestic');
    const changed = await fetch(`${serve.url}/api/settings`, {
      method: 'PUT', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ home: 'FR' }),
    });
    expect(((await changed.json()) as { home: string }).home).toBe('FR');
    // a Canadian ISP is abroad now
    expect(serve.watch.analyzer.process([line(2)])[0]?.origin).toBe('foreign');
    expect(serve.demo.home).toBe('FR');
    const settings = (await (await fetch(`${serve.url}/api/settings`, { headers: { cookie } })).json()) as { home: string };
    expect(settings.home).toBe('FR');
  }, 30_000);

  it('a retention changed in the settings applies at the next flush', async () => {
    const old = { ...event({ ip: '192.0.2.99', time: Date.now() - 3 * 86_400_000 }), file: 'old.log', line: 1 };
    await serve.watch.store.appendEvents(serve.watch.runId, [old]);
    const oldEvents = async () => (await serve.watch.store.events({ ip: '192.0.2.99' })).length;
    await serve.watch.store.flushEvents();
    expect(await oldEvents()).toBe(1);
    const changed = await fetch(`${serve.url}/api/settings`, {
      method: 'PUT', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ retentionDays: 1 }),
    });
    expect(changed.status).toBe(200);
    await serve.watch.flush();
    expect(await oldEvents()).toBe(0);
  }, 30_000);
});
