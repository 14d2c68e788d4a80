/**
 * IP address parsing without allocation-heavy libraries: IPv4 as an unsigned 32-bit number, IPv6 as
 * four unsigned 32-bit words (most significant first). IPv4-mapped IPv6 (::ffff:a.b.c.d) is IPv4.
 */

export type IpVersion = 4 | 6;

export type ParsedIp =
  | { version: 4; v4: number }
  | { version: 6; words: [number, number, number, number] };

/** The address as an unsigned 32-bit number, or null when `text` is not a dotted-quad IPv4 address. */
export function parseIpv4(text: string): number | null {
  const length = text.length;
  if (length < 7 || length > 15) return null;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (digits === 0) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      if (dots > 3) return null;
    } else if (code >= 48 && code <= 57) {
      // a leading zero would make "010" ambiguous (octal in some tools), so it is refused
      if (digits === 1 && octet === 0) return null;
      octet = octet * 10 + (code - 48);
      digits++;
      if (octet > 255) return null;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) return null;
  return value * 256 + octet;
}

/** Eight 16-bit groups of an IPv6 address, or null. A zone ("%eth0") is ignored. */
function parseIpv6Groups(text: string): number[] | null {
  if (text.length < 2 || text.length > 100) return null;
  const zone = text.indexOf('%');
  const address = zone >= 0 ? text.slice(0, zone) : text;
  if (zone === 0 || address.length > 45) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups: number[] = [];
  const parts = halves.length === 2 ? [head, tail] : [head];
  const expanded: number[][] = [];
  for (let p = 0; p < parts.length; p++) {
    const list = parts[p] as string[];
    const out: number[] = [];
    for (let i = 0; i < list.length; i++) {
      const piece = list[i] as string;
      const isLast = p === parts.length - 1 && i === list.length - 1;
      if (isLast && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 & 0xffff);
        continue;
      }
      if (piece.length === 0 || piece.length > 4) return null;
      let group = 0;
      for (let c = 0; c < piece.length; c++) {
        const code = piece.charCodeAt(c);
        let digit: number;
        if (code >= 48 && code <= 57) digit = code - 48;
        else if (code >= 97 && code <= 102) digit = code - 87;
        else if (code >= 65 && code <= 70) digit = code - 55;
        else return null;
        group = group * 16 + digit;
      }
      out.push(group);
    }
    expanded.push(out);
  }
  const first = expanded[0] ?? [];
  if (halves.length === 1) {
    if (first.length !== 8) return null;
    return first;
  }
  const second = expanded[1] ?? [];
  const missing = 8 - first.length - second.length;
  if (missing < 1) return null;
  groups.push(...first);
  for (let i = 0; i < missing; i++) groups.push(0);
  groups.push(...second);
  return groups;
}

/** Four 32-bit words of an IPv6 address (most significant first), or null. */
export function parseIpv6(text: string): [number, number, number, number] | null {
  const g = parseIpv6Groups(text);
  if (!g) return null;
  const w = (i: number) => ((g[i] as number) * 65536 + (g[i + 1] as number)) >>> 0;
  return [w(0), w(2), w(4), w(6)];
}

/** Parses either family; IPv4-mapped IPv6 becomes IPv4. Surrounding spaces are not accepted. */
export function parseIp(text: string): ParsedIp | null {
  if (typeof text !== 'string') return null;
  if (text.indexOf(':') < 0) {
    const v4 = parseIpv4(text);
    return v4 === null ? null : { version: 4, v4 };
  }
  const words = parseIpv6(text);
  if (!words) return null;
  if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) return { version: 4, v4: words[3] };
  return { version: 6, words };
}

export function isIp(text: string): boolean {
  return parseIp(text) !== null;
}

/** 4 or 6 (IPv4-mapped IPv6 is 4), or null when `text` is not an address. */
export function ipVersion(text: string): IpVersion | null {
  return parseIp(text)?.version ?? null;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIpv6(words: readonly number[]): string {
  const groups: number[] = [];
  for (let i = 0; i < 4; i++) {
    const word = (words[i] ?? 0) >>> 0;
    groups.push(word >>> 16, word & 0xffff);
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** Canonical text of an address (IPv4-mapped IPv6 as dotted IPv4), or null. */
export function normalizeIp(text: string): string | null {
  const parsed = parseIp(text);
  if (!parsed) return null;
  return parsed.version === 4 ? formatIpv4(parsed.v4) : formatIpv6(parsed.words);
}

export function ipv6ToBigInt(words: readonly number[]): bigint {
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt((words[i] ?? 0) >>> 0);
  return value;
}

export function bigIntToIpv6Words(value: bigint): [number, number, number, number] {
  const word = (shift: bigint) => Number((value >> shift) & 0xffffffffn);
  return [word(96n), word(64n), word(32n), word(0n)];
}

/** The /24 (IPv4) or /64 (IPv6) network of an address, e.g. "203.0.113.0/24", or null. */
export function prefixOf(ip: string): string | null {
  const parsed = parseIp(ip);
  if (!parsed) return null;
  if (parsed.version === 4) return `${formatIpv4((parsed.v4 & 0xffffff00) >>> 0)}/24`;
  return `${formatIpv6([parsed.words[0], parsed.words[1], 0, 0])}/64`;
}

/** An inclusive address range: numbers for IPv4, bigints for IPv6. */
export type IpRange = { version: 4; start: number; end: number } | { version: 6; start: bigint; end: bigint };

/**
 * Parses "a.b.c.d/n", "x::/n" or a bare address (a single-address range). Host bits set below the
 * prefix are refused: "10.0.0.1/8" is more likely a typo than a network.
 */
export function parseCidr(text: string): IpRange | null {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const parsed = parseIp(addressText);
  if (!parsed) return null;
  const mapped = parsed.version === 4 && addressText.includes(':');
  const bits = parsed.version === 4 ? 32 : 128;
  let length = bits;
  if (slash >= 0) {
    const lengthText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lengthText)) return null;
    length = Number(lengthText);
    if (mapped) length -= 96;
    if (length < 0 || length > bits) return null;
  }
  if (parsed.version === 4) {
    const size = 2 ** (32 - length);
    if (parsed.v4 % size !== 0) return null;
    return { version: 4, start: parsed.v4, end: parsed.v4 + size - 1 };
  }
  const start = ipv6ToBigInt(parsed.words);
  const hostMask = (1n << BigInt(128 - length)) - 1n;
  if ((start & hostMask) !== 0n) return null;
  return { version: 6, start, end: start | hostMask };
}

/** The range between two addresses of the same family (inclusive), or null. */
export function parseIpRange(startText: string, endText: string): IpRange | null {
  const a = parseIp(startText);
  const b = parseIp(endText);
  if (!a || !b || a.version !== b.version) return null;
  if (a.version === 4 && b.version === 4) return a.v4 <= b.v4 ? { version: 4, start: a.v4, end: b.v4 } : null;
  if (a.version === 6 && b.version === 6) {
    const start = ipv6ToBigInt(a.words);
    const end = ipv6ToBigInt(b.words);
    return start <= end ? { version: 6, start, end } : null;
  }
  return null;
}

/** A set of addresses built from CIDRs, ranges and single addresses; merged lazily for binary search. */
export class CidrSet {
  private v4Starts: number[] = [];
  private v4Ends: number[] = [];
  private v6Starts: bigint[] = [];
  private v6Ends: bigint[] = [];
  private dirty = false;

  /** Adds a CIDR or a single address; false (and nothing added) when it cannot be parsed. */
  add(entry: string): boolean {
    const range = parseCidr(entry.trim());
    if (!range) return false;
    this.addParsedRange(range);
    return true;
  }

  addRange(start: string, end: string): boolean {
    const range = parseIpRange(start.trim(), end.trim());
    if (!range) return false;
    this.addParsedRange(range);
    return true;
  }

  addParsedRange(range: IpRange): void {
    if (range.version === 4) {
      this.v4Starts.push(range.start);
      this.v4Ends.push(range.end);
    } else {
      this.v6Starts.push(range.start);
      this.v6Ends.push(range.end);
    }
    this.dirty = true;
  }

  /** Number of merged ranges (after overlapping and adjacent ranges are joined). */
  get rangeCount(): number {
    this.merge();
    return this.v4Starts.length + this.v6Starts.length;
  }

  has(ip: string): boolean {
    const parsed = parseIp(ip);
    return parsed !== null && this.hasParsed(parsed);
  }

  hasParsed(ip: ParsedIp): boolean {
    this.merge();
    if (ip.version === 4) return containsSorted(this.v4Starts, this.v4Ends, ip.v4);
    if (this.v6Starts.length === 0) return false;
    return containsSorted(this.v6Starts, this.v6Ends, ipv6ToBigInt(ip.words));
  }

  private merge(): void {
    if (!this.dirty) return;
    [this.v4Starts, this.v4Ends] = mergeRanges(this.v4Starts, this.v4Ends, 1);
    [this.v6Starts, this.v6Ends] = mergeRanges(this.v6Starts, this.v6Ends, 1n);
    this.dirty = false;
  }
}

function mergeRanges<T extends number | bigint>(starts: T[], ends: T[], one: T): [T[], T[]] {
  const order = starts.map((_, i) => i).sort((a, b) => {
    const x = starts[a] as T;
    const y = starts[b] as T;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const outStarts: T[] = [];
  const outEnds: T[] = [];
  for (const i of order) {
    const start = starts[i] as T;
    const end = ends[i] as T;
    const last = outEnds.length - 1;
    // adjacent ranges are joined too: fewer ranges, same membership
    if (last >= 0 && start <= ((outEnds[last] as T) as number) + (one as number)) {
      if (end > (outEnds[last] as T)) outEnds[last] = end;
    } else {
      outStarts.push(start);
      outEnds.push(end);
    }
  }
  return [outStarts, outEnds];
}

function containsSorted<T extends number | bigint>(starts: T[], ends: T[], value: T): boolean {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as T) <= value) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && (ends[hi] as T) >= value;
}

/** Special-purpose ranges (IANA registries) that never identify a public network. */
const SPECIAL_RANGES: ReadonlyArray<readonly [string, string]> = [
  ['0.0.0.0/8', 'this-network'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared-cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'ietf-protocol'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'relay-6to4'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

const specialRanges = SPECIAL_RANGES.map(([cidr, name]) => {
  const range = parseCidr(cidr);
  if (!range) throw new Error(`bad special range ${cidr}`);
  return { range, name };
});

/** The special-purpose range an address falls in ("private", "loopback", "documentation"...), or null. */
export function specialRangeOfParsed(ip: ParsedIp): string | null {
  let v6: bigint | null = null;
  for (const { range, name } of specialRanges) {
    if (ip.version === 4 && range.version === 4) {
      if (ip.v4 >= range.start && ip.v4 <= range.end) return name;
    } else if (ip.version === 6 && range.version === 6) {
      v6 ??= ipv6ToBigInt(ip.words);
      if (v6 >= range.start && v6 <= range.end) return name;
    }
  }
  return null;
}

export function specialRangeOf(ip: string): string | null {
  const parsed = parseIp(ip);
  return parsed ? specialRangeOfParsed(parsed) : null;
}

/** True for private, loopback, link-local, CGNAT, ULA, documentation, multicast and other non-public ranges. */
export function isPrivateIp(ip: string): boolean {
  return specialRangeOf(ip) !== null;
}
