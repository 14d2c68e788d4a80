/**
 * A minimal MMDB writer for tests: enough of the format (24-bit records, maps, strings, unsigned
 * integers) to make small ASN and country databases that mmdb-lib reads like real ones.
 */
import { parseCidr } from '../ip.js';

type Value = string | number | { [key: string]: Value };

function control(type: number, size: number): Buffer {
  if (size >= 285) throw new Error('test writer: value too long');
  const sizeBits = size < 29 ? [size] : [29];
  const extra = size < 29 ? [] : [size - 29];
  if (type <= 7) return Buffer.from([(type << 5) | (sizeBits[0] as number), ...extra]);
  return Buffer.from([sizeBits[0] as number, type - 7, ...extra]);
}

function encode(value: Value): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === 'number') {
    const bytes: number[] = [];
    for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    return Buffer.concat([control(value > 0xffffffff ? 9 : 6, bytes.length), Buffer.from(bytes)]);
  }
  const entries = Object.entries(value);
  return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

interface Node {
  children: [Node | number | null, Node | number | null];
}

export interface MmdbNetwork {
  /** "1.2.3.0/24" or "2001:db8::/32"; IPv4 networks in an IPv6 database go under ::/96. */
  cidr: string;
  record: { [key: string]: Value };
}

export function writeMmdb(options: { ipVersion: 4 | 6; databaseType: string; networks: MmdbNetwork[] }): Buffer {
  const bits = options.ipVersion === 4 ? 32 : 128;
  const root: Node = { children: [null, null] };
  const data: Buffer[] = [];
  let dataLength = 0;
  for (const network of options.networks) {
    const range = parseCidr(network.cidr);
    if (!range) throw new Error(`test writer: bad cidr ${network.cidr}`);
    const isV4InV6 = range.version === 4 && options.ipVersion === 6;
    if (range.version === 6 && options.ipVersion === 4) throw new Error('test writer: IPv6 network in an IPv4 database');
    const start = BigInt(range.start);
    const size = BigInt(range.end) - start + 1n;
    const prefixLength = (range.version === 4 ? 32 : 128) - (size.toString(2).length - 1) + (isV4InV6 ? 96 : 0);
    const offset = dataLength;
    const bytes = encode(network.record);
    data.push(bytes);
    dataLength += bytes.length;
    let node = root;
    for (let depth = 0; depth < prefixLength; depth++) {
      const bit = Number((start >> BigInt(bits - 1 - depth)) & 1n) as 0 | 1;
      if (depth === prefixLength - 1) {
        node.children[bit] = offset;
        break;
      }
      let next = node.children[bit];
      if (typeof next !== 'object' || next === null) {
        next = { children: [null, null] };
        node.children[bit] = next;
      }
      node = next;
    }
  }
  const nodes: Node[] = [];
  const queue: Node[] = [root];
  while (queue.length > 0) {
    const node = queue.shift() as Node;
    nodes.push(node);
    for (const child of node.children) if (child && typeof child === 'object') queue.push(child);
  }
  const index = new Map(nodes.map((node, i) => [node, i]));
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach((node, i) => {
    node.children.forEach((child, side) => {
      const record =
        child === null ? nodeCount : typeof child === 'number' ? nodeCount + 16 + child : (index.get(child) as number);
      tree.writeUIntBE(record, i * 6 + side * 3, 3);
    });
  });
  const metadata = encode({
    node_count: nodeCount,
    record_size: 24,
    ip_version: options.ipVersion,
    database_type: options.databaseType,
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: 1_700_000_000,
    description: { en: 'test' },
  });
  return Buffer.concat([
    tree,
    Buffer.alloc(16),
    ...data,
    Buffer.from([0xab, 0xcd, 0xef]),
    Buffer.from('MaxMind.com', 'latin1'),
    metadata,
  ]);
}
