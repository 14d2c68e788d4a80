import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { specialRangeOf } from '../../intel/ip.js';

export interface FetchPolicy {
  /** Private, link-local, CGNAT and other non-public targets: refused unless the operator allows them. */
  allowPrivate: boolean;
  /** Loopback is separate so that tests (and only they, or an operator who says so) opt in to it. */
  allowLoopback: boolean;
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  userAgent: string;
}

export const DEFAULT_POLICY: FetchPolicy = {
  allowPrivate: false,
  allowLoopback: false,
  maxBytes: 5 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 3,
  userAgent: 'Vigie/0.1 (+https://github.com/vigie; information-space monitoring)',
};

export interface FetchResponse {
  status: number;
  /** The URL finally answered, after redirects. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export type FetchErrorKind = 'blocked-address' | 'bad-url' | 'too-large' | 'timeout' | 'too-many-redirects' | 'network' | 'dns';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    readonly url: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
    this.name = 'FetchError';
  }
}

/** Why an address may not be fetched under a policy, or null when it may. */
export function refusal(address: string, policy: Pick<FetchPolicy, 'allowPrivate' | 'allowLoopback'>): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const range = specialRangeOf(mapped ?? address);
  if (range === null) return null;
  if (range === 'loopback') return policy.allowLoopback ? null : 'loopback';
  return policy.allowPrivate ? null : range;
}

/**
 * The host's addresses, every one checked: a name that resolves to one public and one private
 * address is refused, and the connection then goes to an address that was checked (no second
 * lookup for a rebinding DNS server to answer differently).
 */
async function checkedAddresses(url: URL, policy: FetchPolicy): Promise<{ address: string; family: number }[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await dnsLookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new FetchError('dns', url.href, `cannot resolve ${host}: ${(error as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new FetchError('dns', url.href, `no address for ${host}`);
  for (const { address } of addresses) {
    const why = refusal(address, policy);
    if (why) throw new FetchError('blocked-address', url.href, `refused: ${host} is ${address} (${why}); allow private targets in the source's settings if this is intended`);
  }
  return addresses;
}

/** GET with a size cap, a time limit, a few redirects, and only to permitted addresses. */
export async function safeFetch(rawUrl: string, headers: Record<string, string> = {}, policy: FetchPolicy = DEFAULT_POLICY): Promise<FetchResponse> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new FetchError('bad-url', rawUrl, 'not a URL');
  }
  const deadline = Date.now() + policy.timeoutMs;
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchError('bad-url', url.href, `only http and https are fetched, not ${url.protocol}`);
    if (url.username || url.password) throw new FetchError('bad-url', url.href, 'credentials in URLs are not accepted');
    const addresses = await checkedAddresses(url, policy);
    const response = await getOnce(url, headers, addresses, policy, deadline);
    const location = response.headers.location;
    if (response.status >= 300 && response.status < 400 && response.status !== 304 && location) {
      if (redirects >= policy.maxRedirects) throw new FetchError('too-many-redirects', rawUrl, `more than ${policy.maxRedirects} redirects`);
      url = new URL(location, url);
      continue;
    }
    return { ...response, url: url.href };
  }
}

function getOnce(url: URL, headers: Record<string, string>, addresses: { address: string; family: number }[], policy: FetchPolicy, deadline: number): Promise<Omit<FetchResponse, 'url'>> {
  const first = addresses[0]!;
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new FetchError('timeout', url.href, `no answer within ${policy.timeoutMs} ms`));
    const req = request(url, { method: 'GET', lookup, headers: { 'user-agent': policy.userAgent, accept: '*/*', ...headers }, timeout: remaining }, (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > policy.maxBytes) {
        res.destroy();
        return reject(new FetchError('too-large', url.href, `answer of ${declared} bytes exceeds the limit of ${policy.maxBytes}`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxBytes) {
          res.destroy();
          reject(new FetchError('too-large', url.href, `answer exceeds the limit of ${policy.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (error) => reject(new FetchError('network', url.href, error.message)));
    });
    const timer = setTimeout(() => req.destroy(new FetchError('timeout', url.href, `no answer within ${policy.timeoutMs} ms`)), remaining);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(new FetchError('timeout', url.href, `no answer within ${policy.timeoutMs} ms`)));
    req.on('error', (error) => reject(error instanceof FetchError ? error : new FetchError('network', url.href, error.message)));
    req.end();
  });
}
