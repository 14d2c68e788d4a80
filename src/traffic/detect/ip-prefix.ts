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

function ipv4Prefix(ip: string): string | null {
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
