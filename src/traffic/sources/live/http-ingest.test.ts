import Fastify, { type FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpIngest, parseIngestBody, type HttpIngestOptions } from './http-ingest.js';
import { collector } from './testing.js';

const TOKEN = 'shipper-token-0123456789';
const line = (n: number) => `192.0.2.${n} - - [23/Nov/2026:14:45:03 +0000] "GET / HTTP/1.1" 200 1 "-" "x"`;

describe('HttpIngest', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function server(extra: Partial<HttpIngestOptions> = {}, started = true) {
    const c = collector();
    const ingest = new HttpIngest({ name: 'ingest', tokens: [TOKEN, 'other-shipper'], onNotice: c.onNotice, ...extra });
    if (started) await ingest.start(c.sink);
    app = Fastify();
    await app.register(ingest.plugin);
    // Another route of the same server keeps Fastify's own JSON parsing.
    app.post('/api/other', async (request) => ({ got: request.body }));
    await app.ready();
    return { c, ingest, app };
  }

  const post = (body: string, headers: Record<string, string> = {}) =>
    app!.inject({
      method: 'POST',
      url: '/api/ingest',
      payload: body,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson', ...headers },
    });

  it('accepts JSON lines of strings and objects; objects are passed on as JSON text', async () => {
    const { c } = await server();
    const response = await post(`${JSON.stringify(line(1))}\n\n{"remote_addr":"192.0.2.9","status":404}\n`);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 2 });
    expect(c.texts()).toEqual([line(1), '{"remote_addr":"192.0.2.9","status":404}']);
    expect(c.lines.map((l) => [l.source, l.line, l.peer])).toEqual([
      ['ingest', 1, '127.0.0.1'],
      ['ingest', 2, '127.0.0.1'],
    ]);
    expect(c.batches).toHaveLength(1);
  });

  it('accepts a JSON array, with any content type, and answers in French when asked', async () => {
    const { c } = await server();
    const response = await post(JSON.stringify([line(1), { a: 1 }]), { 'content-type': 'application/json', 'accept-language': 'fr-CA' });
    expect(response.statusCode).toBe(202);
    expect(response.json().message).toContain('lignes acceptées');
    expect(c.texts()).toEqual([line(1), '{"a":1}']);
  });

  it('refuses a missing or wrong token with 401, before reading the body', async () => {
    const { c, ingest } = await server();
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await app!.inject({
        method: 'POST',
        url: '/api/ingest',
        payload: JSON.stringify(line(1)),
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json().error).toBe('ingest.unauthorized');
    }
    expect(c.lines).toHaveLength(0);
    expect(ingest.health().details.rejected).toBe('4');
    expect(c.kinds()).toContain('rejected');
    expect((await post(JSON.stringify(line(1)), { authorization: 'Bearer other-shipper' })).statusCode).toBe(202);
  });

  it('answers 413 for a body over the limit', async () => {
    const { c } = await server({ bodyLimit: 1000 });
    const response = await post(JSON.stringify('x'.repeat(2000)));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'ingest.too-large' });
    expect(response.json().message).toContain('1,000');
    expect(c.lines).toHaveLength(0);
    // Authentication comes first: a stranger learns nothing about the limit.
    expect((await post(JSON.stringify('x'.repeat(2000)), { authorization: 'Bearer nope' })).statusCode).toBe(401);
  });

  it('answers 400 naming the first bad line, and accepts nothing from that body', async () => {
    const { c } = await server();
    const bad = await post(`${JSON.stringify(line(1))}\n${JSON.stringify(line(2))}\nnot json at all\n`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'ingest.bad-json', line: 3 });
    expect(bad.json().message).toContain('3');
    const item = await post(`${JSON.stringify(line(1))}\n42\n`);
    expect(item.json()).toMatchObject({ error: 'ingest.bad-item', line: 2 });
    const arrayItem = await post(JSON.stringify([line(1), null]));
    expect(arrayItem.json()).toMatchObject({ error: 'ingest.bad-item', line: 2 });
    const brokenArray = await post('[\n"a",\n"b"\n');
    expect(brokenArray.statusCode).toBe(400);
    expect(brokenArray.json().error).toBe('ingest.bad-json');
    const empty = await post('\n  \n');
    expect(empty.json()).toMatchObject({ error: 'ingest.empty' });
    expect(c.lines).toHaveLength(0);
  });

  it('answers 503 when not started or when the sink fails, and says so', async () => {
    await server({}, false);
    expect((await post(JSON.stringify(line(1)))).statusCode).toBe(503);
    await app!.close();
    app = null;
    const { ingest, c } = await server({}, false);
    await ingest.start(async () => {
      throw new Error('store down');
    });
    const response = await post(JSON.stringify(line(1)));
    expect(response.statusCode).toBe(503);
    expect(ingest.health().dropped).toBe(1);
    expect(c.kinds()).toContain('sink-failed');
  });

  it('leaves the JSON parsing of other routes alone', async () => {
    await server();
    const response = await app!.inject({ method: 'POST', url: '/api/other', payload: { a: 1 } });
    expect(response.json()).toEqual({ got: { a: 1 } });
  });
});

describe('parseIngestBody', () => {
  it('never throws, and what it accepts is what was sent', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        parseIngestBody(body);
      }),
    );
    const item = fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())));
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 20 }), fc.boolean(), (items, asArray) => {
        const body = asArray ? JSON.stringify(items) : items.map((i) => JSON.stringify(i)).join('\n');
        const parsed = parseIngestBody(body);
        expect(parsed).toEqual({ ok: true, texts: items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))) });
      }),
    );
  });
});
