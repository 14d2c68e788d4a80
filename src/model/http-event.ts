/** The shared records of web traffic. Types only: every stage reads and writes these. */

/** What a log line says about one request, before any enrichment. */
export interface ParsedRequest {
  /** Epoch milliseconds (UTC). */
  time: number;
  /** The client address as the log names it (after trusted-proxy resolution, see traffic/client-ip). */
  ip: string;
  method: string;
  /** The request target as logged: path and query string, not decoded. */
  path: string;
  protocol: string;
  status: number;
  bytes: number;
  referer: string;
  userAgent: string;
  /** Virtual host, when the format carries it. */
  host?: string;
  /** Raw X-Forwarded-For header value, when the format carries it. */
  forwardedFor?: string;
  /** Request duration in milliseconds, when the format carries it. */
  durationMs?: number;
}

export const NETWORK_TYPES = ['isp', 'hosting', 'tor', 'vpn', 'crawler', 'private', 'unknown'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

export const ORIGINS = ['domestic', 'foreign', 'obscured', 'unknown'] as const;
/**
 * Where the traffic comes from, as far as the network can say. An address's country is where its
 * network is registered, not where the actor sits: Tor, VPN/proxy and hosting networks are
 * `obscured`, never `foreign`.
 */
export type Origin = (typeof ORIGINS)[number];

export const ATTACK_TAGS = [
  'sqli',
  'xss',
  'path-traversal',
  'rfi',
  'command-injection',
  'code-injection',
  'ssrf',
  'sensitive-file',
  'cms-probe',
  'scanner-tool',
] as const;
export type AttackTag = (typeof ATTACK_TAGS)[number];

/** What Vigie knows of one address. */
export interface IpIntel {
  ip: string;
  /** ISO 3166-1 alpha-2 country of the network's registration, or null. */
  country: string | null;
  asn: number | null;
  org: string | null;
  networkType: NetworkType;
  /** Names of the operator-imported lists that contain the address (e.g. "tor-exits"). */
  lists: string[];
}

/** A parsed, enriched and tagged request. */
export interface HttpEvent extends ParsedRequest {
  /** Source file name ("-" for standard input). */
  file: string;
  /** 1-based line number in its file. */
  line: number;
  country: string | null;
  asn: number | null;
  org: string | null;
  networkType: NetworkType;
  origin: Origin;
  tags: AttackTag[];
}
