import { z } from 'zod';
import data from './networks.json' with { type: 'json' };
import type { Rng } from './rng.js';
import { bigIntToIpv6Words, formatIpv6 as formatIpv6Words } from '../../intel/ip.js';

export const NETWORK_KINDS = ['isp', 'hosting', 'crawler', 'tor'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

const cidr = z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-f:]+\/\d{1,3})$/);
const networkSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  asn: z.number().int().positive(),
  country: z.string().regex(/^[A-Z]{2}$/),
  kind: z.enum(NETWORK_KINDS),
  prefixes: z.array(cidr).min(1),
});
const fileSchema = z.object({ about: z.string(), networks: z.array(networkSchema).min(1) });

export interface Prefix {
  cidr: string;
  version: 4 | 6;
  /** First address: a 32-bit number for IPv4, a 128-bit bigint for IPv6. */
  first: bigint;
  length: number;
}

export interface Network {
  id: string;
  name: string;
  asn: number;
  country: string;
  kind: NetworkKind;
  prefixes: Prefix[];
  v4: Prefix[];
  v6: Prefix[];
}

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

export function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** RFC 5952 text of an address held as a 128-bit number (the intel module's formatter). */
export function formatIpv6(value: bigint): string {
  return formatIpv6Words(bigIntToIpv6Words(value));
}

export function parsePrefix(text: string): Prefix {
  const [address = '', lengthText = ''] = text.split('/');
  const length = Number(lengthText);
  const v4 = parseIpv4(address);
  if (v4 !== null) {
    if (!(length >= 8 && length <= 32)) throw new RangeError(`bad prefix length: ${text}`);
    if (v4 % 2 ** (32 - length) !== 0) throw new RangeError(`prefix not aligned: ${text}`);
    return { cidr: text, version: 4, first: BigInt(v4), length };
  }
  const v6 = parseIpv6(address);
  if (v6 === null || !(length >= 16 && length <= 64)) throw new RangeError(`bad prefix: ${text}`);
  if (v6 % (1n << BigInt(128 - length)) !== 0n) throw new RangeError(`prefix not aligned: ${text}`);
  return { cidr: text, version: 6, first: v6, length };
}

/** A random host address inside the prefix, avoiding the .0 and .255 of IPv4 subnets. */
export function addressIn(prefix: Prefix, rng: Rng): string {
  if (prefix.version === 4) {
    const size = 2 ** (32 - prefix.length);
    const base = Number(prefix.first);
    for (;;) {
      const value = base + rng.int(size);
      const last = value % 256;
      if (last !== 0 && last !== 255) return formatIpv4(value);
    }
  }
  // Home routers hand out addresses whose interface identifier looks random; keep 64 random low bits.
  const hostBits = 128 - prefix.length;
  let offset = 0n;
  for (let bits = 0; bits < hostBits; bits += 16) offset = (offset << 16n) | BigInt(rng.int(65536));
  offset &= (1n << BigInt(hostBits)) - 1n;
  return formatIpv6(prefix.first + offset + (offset === 0n ? 1n : 0n));
}

/** A random /24 inside an IPv4 prefix, as a prefix of its own. */
export function subnet24In(prefix: Prefix, rng: Rng): Prefix {
  if (prefix.version !== 4 || prefix.length > 24) return prefix;
  const count = 2 ** (24 - prefix.length);
  const first = Number(prefix.first) + rng.int(count) * 256;
  return { cidr: `${formatIpv4(first)}/24`, version: 4, first: BigInt(first), length: 24 };
}

function load(): Map<string, Network> {
  const file = fileSchema.parse(data);
  const byId = new Map<string, Network>();
  for (const entry of file.networks) {
    if (byId.has(entry.id)) throw new Error(`networks.json: duplicate id ${entry.id}`);
    const prefixes = entry.prefixes.map(parsePrefix);
    byId.set(entry.id, {
      ...entry,
      prefixes,
      v4: prefixes.filter((p) => p.version === 4),
      v6: prefixes.filter((p) => p.version === 6),
    });
  }
  return byId;
}

export const NETWORKS: ReadonlyMap<string, Network> = load();

export function network(id: string): Network {
  const found = NETWORKS.get(id);
  if (!found) throw new Error(`unknown simulated network: ${id}`);
  return found;
}

/** A client address in the network; `ipv6Share` of the time an IPv6 one when the network has any. */
export function addressInNetwork(net: Network, rng: Rng, ipv6Share = 0.15): string {
  const pool = net.v6.length > 0 && (net.v4.length === 0 || rng.chance(ipv6Share)) ? net.v6 : net.v4;
  return addressIn(rng.pick(pool), rng);
}

/** The simulated network whose prefixes hold `ip`, or null. */
export function networkContaining(ip: string): Network | null {
  const v4 = parseIpv4(ip);
  const value = v4 !== null ? BigInt(v4) : parseIpv6(ip);
  if (value === null) return null;
  const bits = v4 !== null ? 32 : 128;
  for (const net of NETWORKS.values()) {
    for (const prefix of v4 !== null ? net.v4 : net.v6) {
      const size = 1n << BigInt(bits - prefix.length);
      if (value >= prefix.first && value < prefix.first + size) return net;
    }
  }
  return null;
}
