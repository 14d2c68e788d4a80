import { z } from 'zod';
import type { NetworkType } from '../model/index.js';
import { CidrSet, type ParsedIp } from './ip.js';
import hostingData from './hosting-asns.json' with { type: 'json' };
import crawlerData from './crawlers.json' with { type: 'json' };

export const HOSTING_KINDS = ['cloud', 'hosting', 'cdn'] as const;
export type HostingKind = (typeof HOSTING_KINDS)[number];

export interface HostingAsn {
  asn: number;
  name: string;
  kind: HostingKind;
}

const asnSchema = z.number().int().min(1).max(4294967295);

const hostingSchema = z.object({ asn: asnSchema, name: z.string().min(1), kind: z.enum(HOSTING_KINDS) }).strict();

const crawlerSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    operator: z.string().min(1),
    userAgent: z.string().min(1),
    asns: z.array(asnSchema),
    cidrs: z.array(z.string()),
  })
  .strict();

export interface CrawlerDefinition {
  name: string;
  operator: string;
  pattern: RegExp;
  asns: ReadonlySet<number>;
  cidrs: CidrSet;
  /**
   * False when neither ASNs nor ranges can confirm it offline (it runs on shared cloud networks or
   * its operator publishes no ranges): a claim can then be neither confirmed nor called spoofed.
   */
  verifiable: boolean;
}

function entryName(list: unknown[], index: number): string {
  const entry = list[index] as { name?: unknown; asn?: unknown } | undefined;
  const label = typeof entry?.name === 'string' ? entry.name : typeof entry?.asn === 'number' ? `AS${entry.asn}` : '?';
  return `entry ${index + 1} (${label})`;
}

function describeIssue(source: string, list: unknown[], issue: z.core.$ZodIssue): string {
  const [index, ...field] = issue.path;
  const where = typeof index === 'number' ? entryName(list, index) : 'top level';
  return `${source}: ${where}${field.length ? ` field ${field.join('.')}` : ''}: ${issue.message}`;
}

/** Validates the hosting list; errors name the file and the entry. */
export function parseHostingAsns(data: unknown, source = 'hosting-asns.json'): HostingAsn[] {
  const result = z.array(hostingSchema).safeParse(data);
  if (!result.success) {
    const list = Array.isArray(data) ? data : [];
    throw new Error(result.error.issues.map((issue) => describeIssue(source, list, issue)).join('\n'));
  }
  const seen = new Set<number>();
  result.data.forEach((entry, index) => {
    if (seen.has(entry.asn)) throw new Error(`${source}: ${entryName(result.data, index)}: AS${entry.asn} is listed twice`);
    seen.add(entry.asn);
  });
  return result.data;
}

/** Validates the crawler list and compiles its patterns; errors name the file and the entry. */
export function parseCrawlers(data: unknown, source = 'crawlers.json'): CrawlerDefinition[] {
  const result = z.array(crawlerSchema).safeParse(data);
  if (!result.success) {
    const list = Array.isArray(data) ? data : [];
    throw new Error(result.error.issues.map((issue) => describeIssue(source, list, issue)).join('\n'));
  }
  const names = new Set<string>();
  return result.data.map((entry, index) => {
    const where = `${source}: ${entryName(result.data, index)}`;
    if (names.has(entry.name)) throw new Error(`${where}: the name is used twice`);
    names.add(entry.name);
    let pattern: RegExp;
    try {
      pattern = new RegExp(entry.userAgent, 'i');
    } catch (error) {
      throw new Error(`${where}: bad userAgent pattern: ${(error as Error).message}`, { cause: error });
    }
    const cidrs = new CidrSet();
    for (const cidr of entry.cidrs) if (!cidrs.add(cidr)) throw new Error(`${where}: bad CIDR ${cidr}`);
    return {
      name: entry.name,
      operator: entry.operator,
      pattern,
      asns: new Set(entry.asns),
      cidrs,
      verifiable: entry.asns.length > 0 || entry.cidrs.length > 0,
    };
  });
}

export const BUNDLED_HOSTING_ASNS: readonly HostingAsn[] = parseHostingAsns(hostingData);
export const BUNDLED_CRAWLERS: readonly CrawlerDefinition[] = parseCrawlers(crawlerData);

/** The first crawler whose pattern matches the user agent, or null. */
export function matchCrawler(crawlers: readonly CrawlerDefinition[], userAgent: string): CrawlerDefinition | null {
  if (!userAgent) return null;
  for (const crawler of crawlers) if (crawler.pattern.test(userAgent)) return crawler;
  return null;
}

/** True when the address belongs to the crawler's own network (one of its ASNs or published ranges). */
export function confirmsCrawler(crawler: CrawlerDefinition, ip: ParsedIp, asn: number | null): boolean {
  return (asn !== null && crawler.asns.has(asn)) || crawler.cidrs.hasParsed(ip);
}

export interface NetworkFacts {
  isPrivate: boolean;
  onTorList: boolean;
  onVpnList: boolean;
  confirmedCrawler: boolean;
  asn: number | null;
  isHostingAsn: boolean;
}

/**
 * One type per address, strongest evidence first: private > tor > vpn > confirmed crawler >
 * hosting > isp (any other known ASN) > unknown. A claimed but unconfirmed crawler keeps its
 * network's type, so a Googlebot user agent from a cloud VM stays `hosting`.
 */
export function classifyNetwork(facts: NetworkFacts): NetworkType {
  if (facts.isPrivate) return 'private';
  if (facts.onTorList) return 'tor';
  if (facts.onVpnList) return 'vpn';
  if (facts.confirmedCrawler) return 'crawler';
  if (facts.isHostingAsn) return 'hosting';
  if (facts.asn !== null) return 'isp';
  return 'unknown';
}
