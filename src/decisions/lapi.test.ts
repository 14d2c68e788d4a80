import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { bouncerApi, type LapiDecision } from './lapi.js';
import { DecisionService } from './service.js';
import { MemoryDecisionStore } from './store.js';

const HOUR = 3_600_000;

async function setup() {
  const clock = { t: Date.UTC(2026, 5, 1) };
  const service = new DecisionService(new MemoryDecisionStore(), { now: () => clock.t });
  const app = Fastify();
  await app.register(bouncerApi, { service });
  const key = (await service.addBouncer('fw'))!;
  const other = (await service.addBouncer('nginx'))!;
  const get = async (url: string, apiKey = key) => {
    const res = await app.inject({ method: 'GET', url, headers: { 'x-api-key': apiKey } });
    return { status: res.statusCode, body: res.body, json: res.body ? (JSON.parse(res.body) as unknown) : undefined };
  };
  const ban = (value: string, durationMs = HOUR, scope: 'ip' | 'range' | 'asn' | 'country' = 'ip', type: 'ban' | 'challenge' = 'ban') =>
    service.add({ type, scope, value, durationMs, reason: 'test', origin: 'cli' });
  return { clock, service, app, key, other, get, ban };
}

type Stream = { new: LapiDecision[] | null; deleted: LapiDecision[] | null };
const values = (list: LapiDecision[] | null) => list?.map((d) => d.value) ?? null;

describe('bouncer API authentication', () => {
  it('refuses a missing or wrong key as CrowdSec does (403), on every endpoint', async () => {
    const { app } = await setup();
    for (const [method, url] of [['GET', '/v1/decisions'], ['HEAD', '/v1/decisions'], ['GET', '/v1/decisions/stream?startup=true'], ['HEAD', '/v1/decisions/stream']] as const) {
      const missing = await app.inject({ method, url });
      const wrong = await app.inject({ method, url, headers: { 'x-api-key': 'nope' } });
      expect([missing.statusCode, wrong.statusCode]).toEqual([403, 403]);
      if (method === 'GET') expect(JSON.parse(wrong.body)).toEqual({ message: 'access forbidden' });
    }
  });
});

describe('GET /v1/decisions/stream', () => {
  it('gives all decisions in force at startup, with CrowdSec fields, then only changes since this bouncer\u2019s last pull', async () => {
    const { get, ban, clock, service, other } = await setup();
    expect((await get('/v1/decisions/stream?startup=true')).json).toEqual({ new: null, deleted: null });
    const a = await ban('198.51.100.9', 4 * HOUR);
    await ban('203.0.113.0/24', HOUR, 'range');
    await ban('64500', HOUR, 'asn');
    clock.t += 2000;

    const startup = (await get('/v1/decisions/stream?startup=true')).json as Stream;
    expect(values(startup.new)).toEqual(['198.51.100.9', '203.0.113.0/24']);
    expect(startup.new![0]).toEqual({
      duration: '3h59m58s', id: a.id, origin: 'cli', scenario: 'test', scope: 'Ip', simulated: false, type: 'ban',
      until: new Date(a.until).toISOString(), uuid: a.uuid, value: '198.51.100.9',
    });
    expect(startup.new![1]!.scope).toBe('Range');

    expect((await get('/v1/decisions/stream')).json).toEqual({ new: null, deleted: null });
    clock.t += 1000;
    await ban('198.51.100.10');
    clock.t += 1000;
    expect(values(((await get('/v1/decisions/stream?startup=false')).json as Stream).new)).toEqual(['198.51.100.10']);

    clock.t += 1000;
    await service.deleteById(a.id, 'cli');
    clock.t += 1000;
    const afterDelete = (await get('/v1/decisions/stream')).json as Stream;
    expect(afterDelete.new).toBeNull();
    expect(values(afterDelete.deleted)).toEqual(['198.51.100.9']);
    expect(afterDelete.deleted![0]!.duration).toMatch(/^-/);

    // another bouncer has its own cursor: it still gets everything on its first pull
    const first = await get('/v1/decisions/stream?startup=true', other);
    expect(values((first.json as Stream).new)).toEqual(['203.0.113.0/24', '198.51.100.10']);
  });

  it('reports decisions that expire between pulls as deleted', async () => {
    const { get, ban, clock } = await setup();
    await ban('198.51.100.9', 10_000);
    await get('/v1/decisions/stream?startup=true');
    clock.t += 5000;
    expect((await get('/v1/decisions/stream')).json).toEqual({ new: null, deleted: null });
    clock.t += 6000;
    expect(values(((await get('/v1/decisions/stream')).json as Stream).deleted)).toEqual(['198.51.100.9']);
  });

  it('sends the longest decision per target, and the remaining one when the longest is deleted', async () => {
    const { get, ban, clock, service } = await setup();
    const long = await ban('198.51.100.9', 4 * HOUR);
    const short = await ban('198.51.100.9', HOUR);
    const startup = (await get('/v1/decisions/stream?startup=true')).json as Stream;
    expect(startup.new!.map((d) => d.id)).toEqual([long.id]);
    clock.t += 3000;
    await service.deleteById(long.id, 'cli');
    clock.t += 1000;
    const delta = (await get('/v1/decisions/stream')).json as Stream;
    // the target stays banned: re-sent with the shorter decision, never deleted
    expect(delta.new!.map((d) => d.id)).toEqual([short.id]);
    expect(delta.deleted).toBeNull();
  });

  it('filters by scopes (ip,range by default), origins and scenarios', async () => {
    const { get, ban, service } = await setup();
    await ban('198.51.100.9');
    await ban('CN', HOUR, 'country');
    await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.20', durationMs: HOUR, reason: 'vigie/scan', origin: 'vigie' });
    expect(values(((await get('/v1/decisions/stream?startup=true&scopes=country')).json as Stream).new)).toEqual(['CN']);
    expect(values(((await get('/v1/decisions/stream?startup=true&origins=vigie')).json as Stream).new)).toEqual(['198.51.100.20']);
    expect(values(((await get('/v1/decisions/stream?startup=true&scenarios_not_containing=scan')).json as Stream).new)).toEqual(['198.51.100.9']);
  });

  it('HEAD answers 200 and leaves the cursor alone', async () => {
    const { app, key, get, ban } = await setup();
    await get('/v1/decisions/stream?startup=true');
    await ban('198.51.100.9');
    const head = await app.inject({ method: 'HEAD', url: '/v1/decisions/stream', headers: { 'x-api-key': key } });
    expect([head.statusCode, head.body]).toEqual([200, '']);
    expect(values(((await get('/v1/decisions/stream')).json as Stream).new)).toEqual(['198.51.100.9']);
  });
});

describe('GET /v1/decisions', () => {
  it('answers null when nothing matches, and finds decisions whose range holds the address', async () => {
    const { get, ban } = await setup();
    expect((await get('/v1/decisions?ip=198.51.100.9')).body).toBe('null');
    await ban('198.51.100.0/24', HOUR, 'range');
    await ban('198.51.100.9', HOUR, 'ip', 'challenge');
    await ban('2001:db8::/32', HOUR, 'range');
    const hits = (await get('/v1/decisions?ip=198.51.100.9')).json as LapiDecision[];
    expect(hits.map((d) => [d.scope, d.value, d.type])).toEqual([['Range', '198.51.100.0/24', 'ban'], ['Ip', '198.51.100.9', 'captcha']]);
    expect(((await get('/v1/decisions?ip=198.51.100.9&type=captcha')).json as LapiDecision[]).map((d) => d.value)).toEqual(['198.51.100.9']);
    expect(((await get('/v1/decisions?scope=range&value=2001:db8::/32')).json as LapiDecision[]).map((d) => d.value)).toEqual(['2001:db8::/32']);
    expect(((await get('/v1/decisions?range=198.51.100.0/25&contains=false')).json as LapiDecision[]).map((d) => d.value)).toEqual(['198.51.100.9']);
    expect((await get('/v1/decisions?ip=192.0.2.1')).body).toBe('null');
  });

  it('leaves out expired and simulated decisions unless asked for simulated', async () => {
    const { get, ban, clock, service } = await setup();
    await ban('198.51.100.9', 1000);
    await service.add({ type: 'ban', scope: 'ip', value: '198.51.100.9', durationMs: HOUR, reason: 'x', simulated: true });
    clock.t += 2000;
    expect((await get('/v1/decisions?ip=198.51.100.9')).body).toBe('null');
    expect((await get('/v1/decisions?ip=198.51.100.9&simulated=true')).json).toHaveLength(1);
  });

  it('answers 400 with a message on a bad address', async () => {
    const { get } = await setup();
    const res = await get('/v1/decisions?ip=not-an-ip');
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toMatch(/not-an-ip/);
  });

  it('HEAD answers 200 with an empty body', async () => {
    const { app, key } = await setup();
    const res = await app.inject({ method: 'HEAD', url: '/v1/decisions?ip=198.51.100.9', headers: { 'x-api-key': key } });
    expect([res.statusCode, res.body]).toEqual([200, '']);
  });
});
