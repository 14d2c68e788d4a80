import { bigIntToIpv6Words, formatIpv4, formatIpv6, parseCidr } from '../../intel/ip.js';
import type { Decision } from '../decision.js';

/**
 * One banned address or network, rebuilt from numbers: its text is printed from the parsed
 * address, never copied from the decision, so a decision value cannot carry config text into a file.
 */
export interface BanTarget {
  family: 4 | 6;
  /** First and last address, inclusive (IPv4 as a 32-bit number in a bigint). */
  start: bigint;
  end: bigint;
  /** 32 or 128 for a single address. */
  prefix: number;
  /** Epoch ms: the latest end among the decisions on this target. */
  until: number;
}

/** What an export writes, and what it had to leave out and why. */
export interface ExportSet {
  /** When the set was taken (epoch ms): timeouts count from here. */
  now: number;
  /** IPv4 first, then IPv6; by address, wider network first. No two equal. */
  targets: BanTarget[];
  skipped: SkippedCounts;
}

export interface SkippedCounts {
  /** Bans on an AS or a country: no file format here can name them without their address list. */
  asn: number;
  country: number;
  /** Values that are not a canonical address or network (never written). */
  invalid: number;
}

/**
 * The bans in force at `now` that a file can express. Challenges and throttles are left to the
 * bouncers that can apply them; simulated decisions change nothing.
 */
export function selectTargets(decisions: readonly Decision[], now: number): ExportSet {
  const skipped: SkippedCounts = { asn: 0, country: 0, invalid: 0 };
  const byKey = new Map<string, BanTarget>();
  for (const decision of decisions) {
    if (decision.type !== 'ban' || decision.simulated || !(decision.until > now)) continue;
    if (decision.scope === 'asn' || decision.scope === 'country') {
      skipped[decision.scope]++;
      continue;
    }
    const target = targetOf(decision.scope, decision.value, decision.until);
    if (!target) {
      skipped.invalid++;
      continue;
    }
    const key = `${target.family}|${target.start}|${target.prefix}`;
    const previous = byKey.get(key);
    if (!previous || previous.until < target.until) byKey.set(key, target);
  }
  const targets = [...byKey.values()].sort(compareTargets);
  return { now, targets, skipped };
}

function targetOf(scope: 'ip' | 'range', value: unknown, until: number): BanTarget | null {
  if (typeof value !== 'string' || !Number.isFinite(until)) return null;
  // a bare address is an ip; a range must say its length
  if ((scope === 'ip') === value.includes('/')) return null;
  const range = parseCidr(value);
  if (!range) return null;
  const start = BigInt(range.start);
  const end = BigInt(range.end);
  const bits = range.version === 4 ? 32 : 128;
  const prefix = bits - bitLength(end - start + 1n) + 1;
  const target: BanTarget = { family: range.version, start, end, prefix, until };
  // stored values are canonical: any other spelling (zone id, mapped form, leading zeros) is suspect
  const canonical = scope === 'ip' ? formatTarget(target) : `${formatAddress(target.family, start)}/${prefix}`;
  return canonical === value ? target : null;
}

function bitLength(value: bigint): number {
  return value.toString(2).length;
}

function compareTargets(a: BanTarget, b: BanTarget): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.prefix - b.prefix;
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  return family === 4 ? formatIpv4(Number(value)) : formatIpv6(bigIntToIpv6Words(value));
}

/** "203.0.113.7" for a single address, "203.0.113.0/24" for a network. */
export function formatTarget(target: Pick<BanTarget, 'family' | 'start' | 'prefix'>): string {
  const address = formatAddress(target.family, target.start);
  return target.prefix === (target.family === 4 ? 32 : 128) ? address : `${address}/${target.prefix}`;
}

/** A run of addresses with one end time, for formats that refuse overlapping entries. */
export interface BanSegment {
  family: 4 | 6;
  start: bigint;
  end: bigint;
  until: number;
}

/**
 * Disjoint segments covering the same addresses as `targets`, each address keeping the latest end
 * of the targets that cover it. Networks are either nested or apart, so one pass with a stack of
 * open networks is enough. Adjacent segments ending together are joined.
 */
export function disjointSegments(targets: readonly BanTarget[]): BanSegment[] {
  const out: BanSegment[] = [];
  const emit = (family: 4 | 6, start: bigint, end: bigint, until: number) => {
    if (start > end) return;
    const last = out[out.length - 1];
    if (last && last.family === family && last.until === until && last.end + 1n === start) last.end = end;
    else out.push({ family, start, end, until });
  };
  for (const family of [4, 6] as const) {
    const open: { end: bigint; until: number }[] = [];
    let cursor = 0n;
    const closeUntil = (limit: bigint | null) => {
      for (let top = open[open.length - 1]; top && (limit === null || top.end < limit); top = open[open.length - 1]) {
        emit(family, cursor, top.end, top.until);
        cursor = top.end + 1n;
        open.pop();
      }
    };
    for (const target of targets) {
      if (target.family !== family) continue;
      closeUntil(target.start);
      const parent = open[open.length - 1];
      if (parent) emit(family, cursor, target.start - 1n, parent.until);
      cursor = target.start;
      open.push({ end: target.end, until: Math.max(target.until, parent?.until ?? target.until) });
    }
    closeUntil(null);
  }
  return out;
}

/** The largest aligned network starting at `start` that fits in [start, end], as a prefix length. */
export function segmentAsPrefix(family: 4 | 6, start: bigint, end: bigint): number | null {
  const bits = family === 4 ? 32 : 128;
  const size = end - start + 1n;
  if ((size & (size - 1n)) !== 0n || start % size !== 0n) return null;
  return bits - bitLength(size) + 1;
}

/** Whole seconds left until `until`, at least 1 (a timeout of 0 means "forever" to ipset). */
export function remainingSeconds(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}
