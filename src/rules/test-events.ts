import type { HttpEvent } from '../model/index.js';

/** Builds HttpEvents for rule tests: a plain browser GET from a domestic ISP unless told. */
export const T0 = Date.UTC(2024, 9, 1, 12, 0, 0);
let line = 0;

export function event(overrides: Partial<HttpEvent> = {}): HttpEvent {
  line++;
  return {
    time: T0,
    ip: '198.51.100.7',
    method: 'GET',
    path: '/',
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 1234,
    referer: '-',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0',
    file: 'access.log',
    line,
    country: 'CA',
    asn: 64500,
    org: 'Example ISP',
    networkType: 'isp',
    origin: 'domestic',
    tags: [],
    ...overrides,
  };
}

/** The nth IPv4 address of 10.0.0.0/8, spread over /24s. */
export function nthIp(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
