import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';

/** A real origin for the shield's tests: counts what reaches it, and echoes WebSocket bytes. */
export interface TestOrigin {
  url: string;
  port: number;
  hits: Map<string, number>;
  /** Headers of the last request seen per path. */
  seen: Map<string, http.IncomingHttpHeaders>;
  upgrades: http.IncomingHttpHeaders[];
  stop(): Promise<void>;
}

export async function startOrigin(port = 0): Promise<TestOrigin> {
  const hits = new Map<string, number>();
  const seen = new Map<string, http.IncomingHttpHeaders>();
  const upgrades: http.IncomingHttpHeaders[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] as string;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    seen.set(path, req.headers);
    let size = 0;
    req.on('data', (chunk: Buffer) => (size += chunk.length));
    req.on('end', () => {
      if (path === '/nocache') {
        res.writeHead(200, { 'cache-control': 'no-store', 'content-type': 'text/plain' });
        return res.end('private');
      }
      if (path === '/upload') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(`got ${size}`);
      }
      if (path === '/slowable') {
        // fast the first time, then slow: an origin that buckles
        const count = hits.get(path) ?? 0;
        return void setTimeout(() => {
          res.writeHead(200, { 'cache-control': 'max-age=1', 'content-type': 'text/plain' });
          res.end(`slowable #${count}`);
        }, count === 1 ? 0 : 1500);
      }
      if (path === '/swr') {
        res.writeHead(200, { 'cache-control': 'max-age=1, stale-while-revalidate=30', 'content-type': 'text/plain' });
        return res.end(`fresh #${hits.get(path)}`);
      }
      if (path === '/fail') {
        res.writeHead(500);
        return res.end('broken');
      }
      res.writeHead(200, { 'cache-control': 'public, max-age=1', 'content-type': 'text/plain' });
      res.end(`page ${path} #${hits.get(path)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket) => {
    upgrades.push(req.headers);
    socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n');
    socket.on('data', (chunk: Buffer) => socket.write(Buffer.concat([Buffer.from('echo:'), chunk])));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    hits,
    seen,
    upgrades,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigie-shield-'));
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with full control of its headers (fetch forbids some, and follows redirects). */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Writes raw bytes and collects what comes back until the server closes (or `ms` pass). */
export function raw(port: number, text: string | Buffer, ms = 5000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (chunk) => (out += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.on('error', () => undefined);
    socket.write(text);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The proof-of-work form's token and bits, and the no-script wait URL, from a challenge page. */
export function readChallenge(html: string): { token: string; bits: number; waitUrl: string; waitSeconds: number } {
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  const bits = /data-bits="(\d+)"/.exec(html)?.[1];
  const refresh = /http-equiv="refresh" content="(\d+);url=([^"]+)"/.exec(html);
  const wait = refresh?.[2];
  if (!token || !bits || !wait) throw new Error('not a challenge page');
  return { token, bits: Number(bits), waitUrl: wait.replace(/&#38;/g, '&'), waitSeconds: Number(refresh?.[1]) };
}
