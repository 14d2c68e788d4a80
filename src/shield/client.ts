import type { IncomingMessage } from 'node:http';
import type { Lang } from '../i18n/index.js';
import type { Intel } from '../intel/intel.js';
import { normalizeIp, prefixOf } from '../intel/ip.js';
import type { IpIntel } from '../model/index.js';
import { clientIp } from '../traffic/client-ip.js';
import { preferredLang } from './pages.js';
import type { RateKeys } from './rate-limit.js';
import { clientBinding } from './signing.js';

const MAX_UA = 512;

/** Who is asking, as far as the shield can tell. */
export class Client {
  private bindingValue: string | null = null;

  constructor(
    readonly ip: string,
    readonly userAgent: string,
    readonly intel: IpIntel,
    readonly lang: Lang,
    /** The address the TCP connection came from (the client, or a trusted proxy). */
    readonly peer: string,
  ) {}

  /** What a pass or a ticket is bound to (worked out only when needed: it is a hash). */
  get binding(): string {
    return (this.bindingValue ??= clientBinding(this.ip, this.userAgent));
  }

  /** From a hosting, Tor or VPN network: where floods are rented, and people rarely browse from. */
  get obscured(): boolean {
    const type = this.intel.networkType;
    return type === 'hosting' || type === 'tor' || type === 'vpn';
  }

  rateKeys(): RateKeys {
    return { ip: this.ip, prefix: prefixOf(this.ip), asn: this.intel.asn, country: this.intel.country, obscured: this.obscured };
  }
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/** The peer's address in canonical form ("::ffff:127.0.0.1" -> "127.0.0.1"). */
export function peerOf(req: IncomingMessage): string {
  const raw = req.socket.remoteAddress ?? '';
  return normalizeIp(raw) ?? raw;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client of a request. `trust` says which peers' forwarded headers are believed: a proxy in
 * front (loopback only, for tests and benchmarks), or nginx calling the auth endpoint, which names
 * the client in X-Real-IP.
 */
export function identify(req: IncomingMessage, intel: Intel, trust: 'none' | 'forwarded' | 'real-ip'): Client {
  const peer = peerOf(req);
  let ip = peer;
  if (trust === 'forwarded' && isLoopback(peer)) {
    const resolved = clientIp(peer, header(req, 'x-forwarded-for'), isLoopback);
    ip = normalizeIp(resolved) ?? peer;
  } else if (trust === 'real-ip') {
    const real = header(req, 'x-real-ip');
    ip = (real && normalizeIp(real.trim())) || peer;
  }
  const userAgent = (header(req, 'user-agent') ?? '').slice(0, MAX_UA);
  return new Client(ip, userAgent, intel.lookup(ip, userAgent), preferredLang(header(req, 'accept-language')), peer);
}
