/**
 * The network an address belongs to for flood and credential-stuffing counts: its /24 (IPv4) or
 * /64 (IPv6), written as a CIDR. Null for a value that is not an address.
 */
export function networkPrefix(ip: string): string | null {
  if (ip.includes(':')) {
    const mapped = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i.exec(ip);
    if (mapped) return ipv4Prefix(mapped[1] as string);
    return ipv6Prefix(ip);
  }
  return ipv4Prefix(ip);
}

/** A canonical dotted quad (no leading zeros): the common case, answered without splitting. */
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function ipv4Prefix(ip: string): string | null {
  if (CANONICAL_IPV4.test(ip)) return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
  }
  return `${Number(parts[0])}.${Number(parts[1])}.${Number(parts[2])}.0/24`;
}

function ipv6Prefix(ip: string): string | null {
  const zone = ip.indexOf('%');
  const address = (zone >= 0 ? ip.slice(0, zone) : ip).toLowerCase();
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  // an embedded IPv4 tail counts as two groups
  const groupCount = (list: string[]) => list.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const missing = 8 - groupCount(head) - groupCount(tail);
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const first = groups.slice(0, 4);
  if (first.length < 4) return null;
  for (const g of first) if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
  return `${first.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * A cheap map key for the network of `ip`: a number for IPv4 (the /24 as an integer, parsed without
 * allocating), the CIDR string for IPv6, null for a value that is not an address.
 */
export function networkKey(ip: string): number | string | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return networkPrefix(ip);
    } else if (c === 46 && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return networkPrefix(ip);
    }
  }
  return dots === 3 && digits > 0 ? value : networkPrefix(ip);
}

/** The CIDR written for a key from `networkKey`. */
export function networkKeyLabel(key: number | string): string {
  return typeof key === 'string' ? key : `${key >>> 16}.${(key >>> 8) & 255}.${key & 255}.0/24`;
}
