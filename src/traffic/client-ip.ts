import { stripPort } from './formats/scan.js';

/** Walking a forged header must stay cheap: entries beyond this many (from the right) are ignored. */
const MAX_HOPS = 32;

/**
 * The address of the client behind trusted proxies. The peer's X-Forwarded-For is believed only
 * when the peer is a trusted proxy: it is then walked from the right (the entries the proxies
 * appended), trusted addresses skipped, and the first untrusted one is the client. Entries further
 * left were written by the client itself and prove nothing. Garbage entries are skipped; ports and
 * IPv6 brackets are removed. When every entry is trusted, the leftmost valid one is returned.
 */
export function clientIp(peer: string, forwardedFor: string | undefined, isTrusted: (ip: string) => boolean): string {
  if (forwardedFor === undefined || forwardedFor === '' || !isTrusted(peer)) return peer;
  let end = forwardedFor.length;
  let last: string | null = null;
  for (let hops = 0; end > 0 && hops < MAX_HOPS; hops++) {
    const comma = forwardedFor.lastIndexOf(',', end - 1);
    const address = stripPort(forwardedFor.slice(comma + 1, end));
    end = comma;
    if (address === null) continue;
    if (!isTrusted(address)) return address;
    last = address;
  }
  return last ?? peer;
}
