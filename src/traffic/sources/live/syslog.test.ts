import { createSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { describeNotice } from './messages.js';
import { SyslogReceiver, TcpFramer, type SyslogOptions } from './syslog.js';
import { collector, waitFor } from './testing.js';

const access = (n: number) => `198.51.100.${n} - - [23/Nov/2026:14:45:03 +0000] "GET /p/${n} HTTP/1.1" 200 12 "-" "curl/8"`;
const bsd = (n: number) => `<190>Nov 23 14:45:03 web1 nginx: ${access(n)}`;

describe('SyslogReceiver', () => {
  let receiver: SyslogReceiver | null = null;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await receiver?.stop();
    receiver = null;
  });

  async function listen(extra: Partial<SyslogOptions> = {}) {
    const c = collector();
    receiver = new SyslogReceiver({ name: 'syslog', udpPort: 0, tcpPort: 0, onNotice: c.onNotice, ...extra });
    await receiver.start(c.sink);
    const { udp, tcp } = receiver.addresses();
    return { c, udpPort: udp?.port ?? 0, tcpPort: tcp?.port ?? 0 };
  }

  async function tcpClient(port: number): Promise<Socket> {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    return socket;
  }

  function udpSend(port: number, ...messages: (string | Buffer)[]) {
    const socket = createSocket('udp4');
    let pending = messages.length;
    for (const message of messages) {
      socket.send(message, port, '127.0.0.1', () => {
        if (--pending === 0) socket.close();
      });
    }
  }

  it('receives RFC 3164 (nginx) and RFC 5424 messages over UDP', async () => {
    const { c, udpPort } = await listen();
    udpSend(udpPort, bsd(1), `<165>1 2026-11-23T14:45:03Z web2 nginx - - - ${access(2)}\n`);
    await waitFor('two UDP lines', () => c.lines.length === 2);
    const byText = new Map(c.lines.map((l) => [l.text, l]));
    expect(byText.get(access(1))).toMatchObject({ source: 'syslog', host: 'web1', app: 'nginx' });
    expect(byText.get(access(2))).toMatchObject({ host: 'web2', app: 'nginx' });
    expect(byText.get(access(1))?.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('counts and reports malformed UDP datagrams, with the peer, and keeps receiving', async () => {
    const { c, udpPort } = await listen();
    udpSend(udpPort, 'no priority here', Buffer.from([0xff, 0x00, 0x3c]));
    await waitFor('malformed counted', () => receiver!.health().details.malformed === '2');
    udpSend(udpPort, bsd(3));
    await waitFor('good line after bad ones', () => c.lines.length === 1);
    const bad = c.notices.find((n) => n.kind === 'malformed')!;
    expect(bad.vars.peer).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(describeNotice(bad, 'fr')).toContain('mal formée');
  });

  it('reads octet-counted and newline-ended TCP frames, even split across packets', async () => {
    const { c, tcpPort } = await listen();
    const socket = await tcpClient(tcpPort);
    const counted = (text: string) => `${Buffer.byteLength(text)} ${text}`;
    const stream = counted(bsd(1)) + counted(`<165>1 2026-11-23T14:45:03Z web2 nginx - - - ${access(2)} é`) + `${bsd(3)}\n${bsd(4)}\r\n`;
    const bytes = Buffer.from(stream);
    // Cut at awkward places: inside a count, inside a multi-byte character, inside a message.
    for (const [from, to] of [
      [0, 1],
      [1, 40],
      [40, bytes.length - 5],
      [bytes.length - 5, bytes.length],
    ] as const) {
      socket.write(bytes.subarray(from, to));
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor('four TCP lines', () => c.lines.length === 4);
    expect(c.texts()).toEqual([access(1), `${access(2)} é`, access(3), access(4)]);
    expect(c.lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });

  it('skips malformed and oversized TCP frames, reports them, and keeps the connection', async () => {
    const { c, tcpPort } = await listen({ maxFrameBytes: 300 });
    const socket = await tcpClient(tcpPort);
    socket.write(`garbage without priority\n${'9999 '}${'x'.repeat(9999)}${bsd(1)}\n<13>${'y'.repeat(400)}\n${bsd(2)}\n`);
    await waitFor('good lines around bad frames', () => c.lines.length === 2);
    expect(c.texts()).toEqual([access(1), access(2)]);
    expect(Number(receiver!.health().details.malformed)).toBe(3);
    expect(c.kinds()).toContain('malformed');
    expect(socket.destroyed).toBe(false);
  });

  it('refuses connections beyond its limit and says so', async () => {
    const { c, tcpPort } = await listen({ maxConnections: 1 });
    const first = await tcpClient(tcpPort);
    const second = connect(tcpPort, '127.0.0.1');
    sockets.push(second);
    second.on('error', () => {});
    await new Promise<void>((resolve) => second.once('close', () => resolve()));
    expect(c.kinds()).toContain('rejected');
    first.write(`${bsd(1)}\n`);
    await waitFor('first connection still served', () => c.lines.length === 1);
  });

  it('fails to start, naming the port, when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const taken = new SyslogReceiver({ name: 'syslog', tcpPort: port, udpPort: null });
      await expect(taken.start(async () => {})).rejects.toThrow(/EADDRINUSE/);
      expect(taken.health().running).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('counts lines lost when the sink fails, and keeps receiving', async () => {
    const c = collector();
    let fail = true;
    receiver = new SyslogReceiver({ name: 'syslog', udpPort: 0, tcpPort: null, onNotice: c.onNotice });
    await receiver.start(async (batch) => {
      if (fail) {
        fail = false;
        throw new Error('store down');
      }
      await c.sink(batch);
    });
    const port = receiver.addresses().udp!.port;
    udpSend(port, bsd(1));
    await waitFor('sink failure counted', () => receiver!.health().dropped === 1);
    udpSend(port, bsd(2));
    await waitFor('next line', () => c.lines.length === 1);
    expect(c.kinds()).toContain('sink-failed');
  });
});

describe('TcpFramer', () => {
  it('yields the same frames however the stream is cut, and never throws', () => {
    const message = fc.string({ minLength: 1, maxLength: 40 }).map((s) => `<13>${s.replace(/[\r\n]/g, ' ')}x`);
    fc.assert(
      fc.property(fc.array(fc.tuple(message, fc.boolean()), { maxLength: 10 }), fc.array(fc.nat(), { maxLength: 10 }), (messages, cuts) => {
        const stream = Buffer.from(
          messages.map(([m, counted]) => (counted ? `${Buffer.byteLength(m)} ${m}` : `${m}\n`)).join(''),
        );
        const frames: string[] = [];
        const framer = new TcpFramer(1024, {
          frame: (b) => frames.push(b.toString('utf8')),
          oversized: () => frames.push('!oversized'),
          malformed: () => frames.push('!malformed'),
        });
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        let at = 0;
        for (const point of [...points, stream.length]) {
          framer.push(stream.subarray(at, point));
          at = point;
        }
        framer.end();
        expect(frames).toEqual(messages.map(([m]) => m));
      }),
    );
  });
});
