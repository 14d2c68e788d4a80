import type { ExportFormat } from './format.js';
import { headerLines } from './format.js';
import { disjointSegments, formatAddress, remainingSeconds, segmentAsPrefix, type BanSegment, type ExportSet } from './targets.js';

export interface NftablesOptions {
  /** Table of family inet holding the sets. */
  table?: string;
  /** Set names for IPv4 and IPv6. */
  set4?: string;
  set6?: string;
}

const NFT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/**
 * An `nft -f` script that declares the table and two interval sets, empties them and fills them
 * again, all in one transaction. Each element carries its own timeout, so a ban ends on time
 * even if Vigie stops. Interval sets refuse overlapping elements, so nested networks are cut into
 * disjoint runs, each address keeping its latest end.
 */
export function nftablesFormat(options: NftablesOptions = {}): ExportFormat {
  const table = options.table ?? 'vigie';
  const set4 = options.set4 ?? 'ban4';
  const set6 = options.set6 ?? 'ban6';
  for (const name of [table, set4, set6]) if (!NFT_NAME.test(name)) throw new Error(`nftables name: a letter then letters, digits or _ (up to 32), got "${name}"`);
  if (set4 === set6) throw new Error('nftables: the IPv4 and IPv6 sets need different names');
  return {
    name: 'nftables',
    render(set: ExportSet): string {
      const lines = headerLines(set, `nftables sets, load with nft -f; then: ip saddr @${set4} drop; ip6 saddr @${set6} drop`);
      lines.push(
        `table inet ${table} {`,
        `    set ${set4} { type ipv4_addr; flags interval, timeout; }`,
        `    set ${set6} { type ipv6_addr; flags interval, timeout; }`,
        '}',
        `flush set inet ${table} ${set4}`,
        `flush set inet ${table} ${set6}`,
      );
      const segments = disjointSegments(set.targets);
      for (const [family, name] of [[4, set4], [6, set6]] as const) {
        const elements = segments.filter((s) => s.family === family).map((s) => `    ${nftElement(s)} timeout ${nftDuration(remainingSeconds(s.until, set.now))}`);
        // nft refuses an empty element list
        if (elements.length > 0) lines.push(`add element inet ${table} ${name} {`, elements.join(',\n'), '}');
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

function nftElement(segment: BanSegment): string {
  const { family, start, end } = segment;
  const prefix = segmentAsPrefix(family, start, end);
  if (prefix === null) return `${formatAddress(family, start)}-${formatAddress(family, end)}`;
  const address = formatAddress(family, start);
  return prefix === (family === 4 ? 32 : 128) ? address : `${address}/${prefix}`;
}

/** 14399 -> "3h59m59s", 86400 -> "1d": nft's time units. */
export function nftDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(1, Math.ceil(seconds));
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.join('');
}
