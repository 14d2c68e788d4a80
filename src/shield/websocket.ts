import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { requestHeadersForOrigin, type ForwardFacts } from './headers.js';

/** Ends a socket that asked to upgrade with a plain HTTP refusal. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * Passes a WebSocket handshake to the origin and then pipes bytes both ways: after the upgrade the
 * shield no longer reads the traffic (it was admitted by the gate with the handshake).
 */
export function passUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, origin: URL, facts: ForwardFacts, connectTimeoutMs: number): void {
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return refuseUpgrade(socket, 400, 'Bad Request');
  const headers = requestHeadersForOrigin(req.rawHeaders, { ...facts, upgrade: true });
  const upstream = net.connect({ host: origin.hostname.replace(/^\[|\]$/g, ''), port: Number(origin.port || 80) });
  let connected = false;
  upstream.setTimeout(connectTimeoutMs, () => upstream.destroy(new Error('origin timeout')));
  upstream.on('connect', () => {
    connected = true;
    upstream.setTimeout(0);
    let text = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n`;
    if (req.headers.host === undefined) text += `host: ${origin.host}\r\n`;
    for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
    upstream.write(`${text}\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => {
    if (!connected) refuseUpgrade(socket, 502, 'Bad Gateway');
    socket.destroy();
  });
  upstream.on('close', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
}
