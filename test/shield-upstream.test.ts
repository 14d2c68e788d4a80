import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OriginPool } from '../src/shield/upstream.js';

/** A raw origin: answers each request head with what `answer` returns, written in the given pieces. */
async function rawOrigin(answer: (head: string, body: string, socket: net.Socket) => string[] | null) {
  const connections: net.Socket[] = [];
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    connections.push(socket);
    let buffer = '';
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        let body: string;
        let used = end + 4;
        if (/transfer-encoding: chunked/i.test(head)) {
          const last = buffer.indexOf('0\r\n\r\n', used);
          if (last < 0) return;
          body = buffer.slice(used, last + 5);
          used = last + 5;
        } else {
          if (buffer.length < used + length) return;
          body = buffer.slice(used, used + length);
          used += length;
        }
        buffer = buffer.slice(used);
        const pieces = answer(head, body, socket);
        if (pieces === null) {
          socket.destroy();
          return;
        }
        for (const piece of pieces) socket.write(piece);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    accepted: () => accepted,
    closeIdle: () => connections.forEach((c) => c.destroy()),
    stop: () => new Promise<void>((resolve) => {
      connections.forEach((c) => c.destroy());
      server.close(() => resolve());
    }),
  };
}

function fetchVia(pool: OriginPool, method: string, path: string, body?: { kind: 'length' | 'chunked'; parts: string[] }, low = false) {
  return new Promise<{ status: number; headers: string[]; body: string } | Error>((resolve) => {
    let status = 0;
    let headers: string[] = [];
    let text = '';
    const size = body ? body.parts.join('').length : 0;
    const exchange = pool.request(method, path, body?.kind === 'length' ? ['host', 'x', 'content-length', String(size)] : ['host', 'x'], body?.kind ?? 'none', {
      onResponse: (s, raw) => {
        status = s;
        headers = raw;
      },
      onData: (chunk) => (text += chunk.toString('latin1')),
      onEnd: () => resolve({ status, headers, body: text }),
      onError: (error) => resolve(error),
    }, low);
    for (const part of body?.parts ?? []) exchange.write(Buffer.from(part));
    exchange.end();
  });
}

let stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const stop of stops) await stop();
  stops = [];
});

describe('the shield\u2019s client to the origin', () => {
  it('reads length, chunked (split anywhere) and bodiless answers, and reuses one connection', async () => {
    const origin = await rawOrigin((head) => {
      if (head.startsWith('GET /length')) return ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhel', 'lo'];
      if (head.startsWith('GET /chunked')) return ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r', '\nabc\r\n1', '0;ext=1\r\n0123456789abcdef\r', '\n0\r\nTrailer: x\r\n\r\n'];
      if (head.startsWith('HEAD')) return ['HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n'];
      if (head.startsWith('GET /empty')) return ['HTTP/1.1 204 No Content\r\n\r\n'];
      if (head.startsWith('GET /interim')) return ['HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'];
      return ['HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n'];
    });
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port);
    stops.push(() => pool.close());
    expect(await fetchVia(pool, 'GET', '/length')).toEqual({ status: 200, headers: ['Content-Length', '5', 'X-A', '1'], body: 'hello' });
    expect(await fetchVia(pool, 'GET', '/chunked')).toMatchObject({ status: 200, body: 'abc0123456789abcdef' });
    expect(await fetchVia(pool, 'HEAD', '/length')).toMatchObject({ status: 200, body: '' });
    expect(await fetchVia(pool, 'GET', '/empty')).toMatchObject({ status: 204, body: '' });
    expect(await fetchVia(pool, 'GET', '/interim')).toMatchObject({ status: 200, body: 'ok' });
    expect(origin.accepted()).toBe(1);
    expect(pool.size).toMatchObject({ open: 1, idle: 1 });
  });

  it('reads a body to the close when no length is given, and does not reuse that connection', async () => {
    const origin = await rawOrigin(() => ['HTTP/1.0 200 OK\r\n\r\nuntil the end']);
    stops.push(origin.stop);
    // the raw origin does not close by itself: close it after the answer
    const pool = new OriginPool('127.0.0.1', origin.port);
    stops.push(() => pool.close());
    const pending = fetchVia(pool, 'GET', '/');
    await new Promise((r) => setTimeout(r, 50));
    origin.closeIdle();
    expect(await pending).toMatchObject({ status: 200, body: 'until the end' });
    expect(pool.size.idle).toBe(0);
  });

  it('streams request bodies with their length, or chunked', async () => {
    const origin = await rawOrigin((_head, body) => [`HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`]);
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port);
    stops.push(() => pool.close());
    expect(await fetchVia(pool, 'POST', '/', { kind: 'length', parts: ['ab', 'cd'] })).toMatchObject({ body: 'abcd' });
    expect(await fetchVia(pool, 'POST', '/', { kind: 'chunked', parts: ['ab', 'cde'] })).toMatchObject({ body: '2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n' });
  });

  it('passes header bytes on as Node read them (latin1), not re-encoded', async () => {
    const origin = await rawOrigin((head) => {
      const value = Buffer.from(/x-name: (.*)/.exec(head)?.[1] ?? '', 'latin1').toString('hex');
      return [`HTTP/1.1 200 OK\r\ncontent-length: ${value.length}\r\n\r\n${value}`];
    });
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port);
    stops.push(() => pool.close());
    const reply = await new Promise<string>((resolve) => {
      let body = '';
      pool.request('GET', '/', ['host', 'x', 'x-name', 'caf\u00e9'], 'none', {
        onResponse: () => undefined,
        onData: (chunk) => (body += chunk.toString()),
        onEnd: () => resolve(body),
        onError: (error) => resolve(error.message),
      });
    });
    expect(reply).toBe('636166e9');
  });

  it('sends a request again on a new connection when a kept-alive one was closed under it', async () => {
    let count = 0;
    const origin = await rawOrigin(() => (++count === 2 ? null : ['HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok']));
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port);
    stops.push(() => pool.close());
    expect(await fetchVia(pool, 'GET', '/')).toMatchObject({ body: 'ok' });
    expect(await fetchVia(pool, 'GET', '/')).toMatchObject({ body: 'ok' });
    expect(origin.accepted()).toBe(2);
  });

  it('fails cleanly on malformed answers and refused connections, and keeps working', async () => {
    const origin = await rawOrigin((head) => {
      if (head.startsWith('GET /bad-line')) return ['HTTP/9 oops\r\n\r\n'];
      if (head.startsWith('GET /bad-length')) return ['HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok'];
      if (head.startsWith('GET /bad-chunk')) return ['HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n'];
      if (head.startsWith('GET /huge')) return [`HTTP/1.1 200 OK\r\nx: ${'a'.repeat(70_000)}\r\n\r\n`];
      return ['HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'];
    });
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port);
    stops.push(() => pool.close());
    for (const path of ['/bad-line', '/bad-length', '/bad-chunk', '/huge']) expect(await fetchVia(pool, 'GET', path)).toBeInstanceOf(Error);
    expect(await fetchVia(pool, 'GET', '/fine')).toMatchObject({ status: 200, body: 'ok' });
    const closed = new OriginPool('127.0.0.1', 1);
    stops.push(() => closed.close());
    expect(await fetchVia(closed, 'GET', '/')).toBeInstanceOf(Error);
  });

  it('lets few low-priority requests reach the origin at once; the others pass meanwhile', async () => {
    const held: (() => void)[] = [];
    const origin = await rawOrigin((head, _body, socket) => {
      const answer = `HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n${head[5]}`;
      if (!head.startsWith('GET /l')) return [answer];
      // the low ones (/l...) are answered only when the test says so
      held.push(() => socket.write(answer));
      return [];
    });
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port, 256, 64, 2);
    stops.push(() => pool.close());
    const order: string[] = [];
    const low = ['/l1', '/l2', '/l3', '/l4'].map((path) => fetchVia(pool, 'GET', path, undefined, true).then((a) => {
      order.push(path);
      return a;
    }));
    for (let i = 0; i < 50 && held.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(pool.size).toMatchObject({ lowActive: 2, lowWaiting: 2 });
    expect(await fetchVia(pool, 'GET', '/normal')).toMatchObject({ body: 'n' });
    while (order.length < 4) {
      for (const answer of held.splice(0)) answer();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(order).toEqual(['/l1', '/l2', '/l3', '/l4']);
    expect((await Promise.all(low)).map((a) => (a instanceof Error ? a.message : a.body))).toEqual(['l', 'l', 'l', 'l']);
    expect(pool.size).toMatchObject({ lowActive: 0, lowWaiting: 0 });
  });

  it('queues requests beyond its connection limit', async () => {
    const origin = await rawOrigin((head) => [`HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\n${head[5]}`]);
    stops.push(origin.stop);
    const pool = new OriginPool('127.0.0.1', origin.port, 2);
    stops.push(() => pool.close());
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => fetchVia(pool, 'GET', `/${p}`)));
    expect(answers.map((a) => (a instanceof Error ? a.message : a.body))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(origin.accepted()).toBe(2);
  });
});
