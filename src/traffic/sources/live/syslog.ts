import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6, type AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { MAX_LINE_CHARS } from '../files.js';
import type { LiveMessageKey } from './messages.js';
import {
  ignoreNotices,
  notice,
  type LiveLine,
  type LiveSink,
  type LiveSource,
  type NoticeHandler,
  type NoticeKind,
  type SourceHealth,
} from './source.js';
import { parseSyslog } from './syslog-parse.js';

export interface SyslogOptions {
  name: string;
  /** Address to bind; loopback unless the operator says otherwise. */
  host?: string;
  /** UDP port; null to not listen on UDP; 0 for any free port (tests). */
  udpPort?: number | null;
  /** TCP port; null to not listen on TCP; 0 for any free port (tests). */
  tcpPort?: number | null;
  /** Larger frames are skipped and reported (RFC 5425 asks receivers for at least 2 KiB; 64 KiB by default). */
  maxFrameBytes?: number;
  /** Further TCP connections are refused and reported. */
  maxConnections?: number;
  /** Messages waiting for the sink; TCP peers are paused beyond half of it, UDP messages dropped beyond it. */
  maxQueue?: number;
  maxBatchLines?: number;
  onNotice?: NoticeHandler;
}

const DIGIT_1 = 0x31;
const DIGIT_9 = 0x39;
const SPACE = 0x20;
const NEWLINE = 0x0a;
/** Notices about bad frames are limited to one per this period, so a noisy peer cannot flood logs. */
const NOTICE_PERIOD_MS = 1000;

/**
 * Receives syslog over UDP (one message per datagram) and TCP (RFC 6587: octet counting
 * `LEN SP MSG`, or messages ended by a newline; each frame says which by its first byte).
 */
export class SyslogReceiver implements LiveSource {
  readonly name: string;
  private readonly host: string;
  private readonly maxFrame: number;
  private readonly maxConnections: number;
  private readonly maxQueue: number;
  private readonly maxBatchLines: number;
  private readonly onNotice: NoticeHandler;
  private udp: UdpSocket | null = null;
  private tcp: Server | null = null;
  private readonly connections = new Set<Socket>();
  private queue: LiveLine[] = [];
  private sink: LiveSink | null = null;
  private pumping: Promise<void> | null = null;
  private scheduled = false;
  private paused = false;
  private running = false;
  private seq = 0;
  private readonly lastNoticeAt = new Map<string, number>();
  private stats = { lines: 0, errors: 0, dropped: 0, malformed: 0, lastLineAt: null as number | null, lastError: null as string | null };

  constructor(private readonly options: SyslogOptions) {
    this.name = options.name;
    this.host = options.host ?? '127.0.0.1';
    this.maxFrame = options.maxFrameBytes ?? 64 * 1024;
    this.maxConnections = options.maxConnections ?? 100;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.maxBatchLines = options.maxBatchLines ?? 500;
    this.onNotice = options.onNotice ?? ignoreNotices;
  }

  /** Throws when a port cannot be bound (in use, not allowed): a configuration error. */
  async start(sink: LiveSink): Promise<void> {
    if (this.running) throw new Error(`${this.name}: already started`);
    this.sink = sink;
    this.running = true;
    try {
      if (this.options.udpPort !== null && this.options.udpPort !== undefined) await this.listenUdp(this.options.udpPort);
      if (this.options.tcpPort !== null && this.options.tcpPort !== undefined) await this.listenTcp(this.options.tcpPort);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = null;
    this.tcp = null;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    for (const socket of this.connections) socket.destroy();
    this.connections.clear();
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
    await this.pumping;
    if (this.queue.length > 0) await this.pump();
  }

  /** Bound addresses, e.g. to learn the ports chosen for port 0. */
  addresses(): { udp: AddressInfo | null; tcp: AddressInfo | null } {
    return {
      udp: this.udp ? this.udp.address() : null,
      tcp: this.tcp ? (this.tcp.address() as AddressInfo) : null,
    };
  }

  health(): SourceHealth {
    const { udp, tcp } = this.addresses();
    const details: Record<string, string> = {};
    if (udp) details.udp = `${udp.address}:${udp.port}`;
    if (tcp) details.tcp = `${tcp.address}:${tcp.port}, ${this.connections.size} connections`;
    details.malformed = String(this.stats.malformed);
    details.queued = String(this.queue.length);
    return {
      source: this.name,
      running: this.running,
      lines: this.stats.lines,
      errors: this.stats.errors,
      dropped: this.stats.dropped,
      details,
      lastLineAt: this.stats.lastLineAt,
      lastError: this.stats.lastError,
    };
  }

  private listenUdp(port: number): Promise<void> {
    const socket = createSocket(isIPv6(this.host) ? 'udp6' : 'udp4');
    socket.on('message', (msg, rinfo) => {
      const peer = `${rinfo.address}:${rinfo.port}`;
      if (msg.length > this.maxFrame) this.oversized(peer);
      else this.frame(msg, peer, false);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, this.host, () => {
        socket.off('error', reject);
        socket.on('error', (error) => this.report('error', 'syslog.socket-error', { peer: 'udp', reason: error.message }));
        this.udp = socket;
        this.listening('UDP', socket.address());
        resolve();
      });
    });
  }

  private listenTcp(port: number): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        server.on('error', (error) => this.report('error', 'syslog.socket-error', { peer: 'tcp', reason: error.message }));
        this.tcp = server;
        this.listening('TCP', server.address() as AddressInfo);
        resolve();
      });
    });
  }

  private listening(protocol: string, address: AddressInfo): void {
    this.onNotice(notice(this.name, 'started', 'syslog.listening', { source: this.name, protocol, address: `${address.address}:${address.port}` }));
  }

  private accept(socket: Socket): void {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    if (!this.running || this.connections.size >= this.maxConnections) {
      this.report('rejected', 'syslog.too-many-connections', { peer, limit: this.maxConnections });
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    if (this.paused) socket.pause();
    const framer = new TcpFramer(this.maxFrame, {
      frame: (bytes) => this.frame(bytes, peer, true),
      oversized: () => this.oversized(peer),
      malformed: (reason) => this.malformed(peer, reason),
    });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('end', () => framer.end());
    socket.on('error', (error) => this.report('error', 'syslog.socket-error', { peer, reason: error.message }));
    socket.on('close', () => this.connections.delete(socket));
  }

  private frame(bytes: Buffer, peer: string, tcp: boolean): void {
    const parsed = parseSyslog(bytes.toString('utf8'));
    if (!parsed.ok) {
      this.malformed(peer, parsed.reason);
      return;
    }
    const { message, host, app } = parsed.value;
    const line: LiveLine = {
      source: this.name,
      line: ++this.seq,
      text: message.length > MAX_LINE_CHARS ? message.slice(0, MAX_LINE_CHARS + 1) : message,
      receivedAt: Date.now(),
      peer,
    };
    if (host !== null) line.host = host;
    if (app !== null) line.app = app;
    if (this.queue.length >= this.maxQueue) {
      // Only UDP gets here in practice: TCP peers are paused well before the queue is full.
      this.stats.dropped++;
      this.report('dropped', 'syslog.dropped', { count: this.stats.dropped }, 'drop');
      return;
    }
    this.queue.push(line);
    if (tcp && !this.paused && this.queue.length >= this.maxQueue / 2) this.setPaused(true);
    this.schedule();
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    for (const socket of this.connections) {
      if (paused) socket.pause();
      else socket.resume();
    }
  }

  /** Lines that arrive in the same I/O turn go to the sink together. */
  private schedule(): void {
    if (this.scheduled || this.pumping) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumping;
    this.pumping = (async () => {
      while (this.queue.length > 0 && this.sink) {
        const lines = this.queue.splice(0, this.maxBatchLines);
        try {
          await this.sink({ source: this.name, lines });
          this.stats.lines += lines.length;
          this.stats.lastLineAt = Date.now();
        } catch (error) {
          // The peer cannot be asked again: the loss is counted and said.
          this.stats.dropped += lines.length;
          this.report('sink-failed', 'sink.failed', { lines: lines.length, reason: error instanceof Error ? error.message : String(error) });
        }
        if (this.paused && this.queue.length < this.maxQueue / 4) this.setPaused(false);
      }
    })().finally(() => {
      this.pumping = null;
      if (this.queue.length > 0 && this.running) this.schedule();
    });
    return this.pumping;
  }

  private oversized(peer: string): void {
    this.stats.malformed++;
    this.report('malformed', 'syslog.oversized', { peer, limit: this.maxFrame }, 'bad-frame');
  }

  private malformed(peer: string, reason: string): void {
    this.stats.malformed++;
    this.report('malformed', 'syslog.malformed', { peer, reason }, 'bad-frame');
  }

  /** Counts every problem; says it at most once per period per `throttleKey` (when given). */
  private report(kind: NoticeKind, key: LiveMessageKey, vars: Record<string, string | number>, throttleKey?: string): void {
    this.stats.errors++;
    this.stats.lastError = `${key} ${JSON.stringify(vars)}`;
    if (throttleKey) {
      const now = Date.now();
      if (now - (this.lastNoticeAt.get(throttleKey) ?? 0) < NOTICE_PERIOD_MS) return;
      this.lastNoticeAt.set(throttleKey, now);
    }
    this.onNotice(notice(this.name, kind, key, { source: this.name, ...vars }, kind === 'started' ? 'info' : 'warning'));
  }
}

interface FramerEvents {
  frame(bytes: Buffer): void;
  oversized(): void;
  malformed(reason: string): void;
}

/**
 * RFC 6587 framing for one TCP connection. A frame starting with a digit 1-9 is octet-counted
 * (`LEN SP MSG`); anything else runs to the next newline (a syslog message starts with `<`). The
 * buffer never holds more than one frame: oversized frames are skipped as they stream past.
 */
export class TcpFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of an oversized octet-counted frame still to skip. */
  private skipBytes = 0;
  /** Inside an oversized newline-ended frame: skip to its newline. */
  private skipToNewline = false;

  constructor(
    private readonly maxFrame: number,
    private readonly events: FramerEvents,
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.skipBytes > 0) {
        const skipped = Math.min(this.skipBytes, this.buffer.length);
        this.skipBytes -= skipped;
        this.buffer = this.buffer.subarray(skipped);
        if (this.skipBytes > 0) return;
      }
      if (this.skipToNewline) {
        const newline = this.buffer.indexOf(NEWLINE);
        if (newline < 0) {
          this.buffer = Buffer.alloc(0);
          return;
        }
        this.skipToNewline = false;
        this.buffer = this.buffer.subarray(newline + 1);
      }
      if (this.buffer.length === 0) return;
      const first = this.buffer[0]!;
      if (first >= DIGIT_1 && first <= DIGIT_9) {
        if (!this.octetCounted()) return;
      } else if (!this.newlineEnded()) {
        return;
      }
    }
  }

  /** The peer closed: a last newline-ended frame may lack its newline. */
  end(): void {
    if (this.skipBytes > 0 || this.skipToNewline || this.buffer.length === 0) return;
    const first = this.buffer[0]!;
    if (first >= DIGIT_1 && first <= DIGIT_9) this.events.malformed('connection closed inside an octet-counted frame');
    else if (this.buffer.toString('latin1').trim() !== '') this.events.frame(this.buffer);
    this.buffer = Buffer.alloc(0);
  }

  /** Returns false when more bytes are needed. */
  private octetCounted(): boolean {
    const space = this.buffer.indexOf(SPACE);
    const digits = space < 0 ? this.buffer.length : space;
    if (digits > 10 || (space >= 0 && !/^\d+$/.test(this.buffer.toString('latin1', 0, space)))) {
      this.events.malformed('invalid octet count');
      this.skipToNewline = true;
      return true;
    }
    if (space < 0) return false;
    const length = Number(this.buffer.toString('latin1', 0, space));
    if (length > this.maxFrame) {
      this.events.oversized();
      this.buffer = this.buffer.subarray(space + 1);
      this.skipBytes = length;
      return true;
    }
    if (this.buffer.length < space + 1 + length) return false;
    const frame = this.buffer.subarray(space + 1, space + 1 + length);
    this.buffer = this.buffer.subarray(space + 1 + length);
    this.events.frame(frame);
    return true;
  }

  private newlineEnded(): boolean {
    const newline = this.buffer.indexOf(NEWLINE);
    if (newline < 0) {
      if (this.buffer.length > this.maxFrame) {
        this.events.oversized();
        this.buffer = Buffer.alloc(0);
        this.skipToNewline = true;
        return true;
      }
      return false;
    }
    const frame = this.buffer.subarray(0, newline);
    this.buffer = this.buffer.subarray(newline + 1);
    if (newline > this.maxFrame) this.events.oversized();
    else if (frame.toString('latin1').trim() !== '') this.events.frame(frame);
    return true;
  }
}
