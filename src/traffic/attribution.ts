import type { NetworkType, Origin } from '../model/index.js';

const OBSCURING: ReadonlySet<NetworkType> = new Set(['tor', 'vpn', 'hosting']);

/**
 * Where a request comes from, as far as its network can honestly say. A country is where the
 * network is registered. Tor, VPN/proxy and hosting/cloud networks hide where the actor sits, so
 * they are `obscured`, never `foreign`. Private addresses (seen behind an untrusted proxy, or from
 * inside) say nothing of origin.
 */
export function originOf(country: string | null, networkType: NetworkType, home: string): Origin {
  if (OBSCURING.has(networkType)) return 'obscured';
  if (networkType === 'private' || country === null) return 'unknown';
  return country === home ? 'domestic' : 'foreign';
}
