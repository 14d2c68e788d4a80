import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DataAttribution, IpIntel } from '../model/index.js';
import { BoundedCache } from './bounded-cache.js';
import { bundledAttributions, loadBundledData } from './bundled.js';
import { intelDir, parseListEntry, readManifest, type ImportRecord } from './import.js';
import type { CrawlerVerdict, Intel } from './intel.js';
import { CidrSet, parseIp, specialRangeOfParsed, type ParsedIp } from './ip.js';
import {
  BUNDLED_CRAWLERS,
  BUNDLED_HOSTING_ASNS,
  classifyNetwork,
  confirmsCrawler,
  matchCrawler,
  parseHostingAsns,
  type CrawlerDefinition,
} from './network-type.js';
import { deserializeRangeTable, lookupRange, type RangeHit, type RangeTable } from './range-table.js';

export interface LoadIntelOptions {
  /** Vigie's data directory; operator imports are read from <dataDir>/intel. */
  dataDir?: string;
  /** Addresses remembered by `lookup` (default 100,000). */
  cacheSize?: number;
}

interface NamedSet {
  list: string;
  set: CidrSet;
}

interface ImportedData {
  records: ImportRecord[];
  country: RangeTable | null;
  asn: RangeTable | null;
  tor: NamedSet | null;
  vpn: NamedSet[];
  hostingAsns: number[];
}

function readImported(dataDir: string | undefined): ImportedData {
  const empty: ImportedData = { records: [], country: null, asn: null, tor: null, vpn: [], hostingAsns: [] };
  if (!dataDir) return empty;
  const records = readManifest(dataDir).imports;
  const data: ImportedData = { ...empty, records };
  const dir = intelDir(dataDir);
  for (const record of records) {
    const path = join(dir, record.file);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (error) {
      throw new Error(`${path}: imported ${record.kind} data is missing (${(error as NodeJS.ErrnoException).code}); import ${record.source} again`, { cause: error });
    }
    if (record.slot === 'country') data.country = deserializeRangeTable(content, path);
    else if (record.slot === 'asn') data.asn = deserializeRangeTable(content, path);
    else if (record.slot === 'hosting-asns') data.hostingAsns = parseHostingAsns(JSON.parse(content.toString('utf8')), path).map((h) => h.asn);
    else if (record.kind === 'tor' || record.kind === 'vpn') {
      const set = new CidrSet();
      content
        .toString('utf8')
        .split('\n')
        .forEach((line, index) => {
          if (!line.trim()) return;
          const range = parseListEntry(line.trim());
          if (!range) throw new Error(`${path}:${index + 1}: not an address range`);
          set.addParsedRange(range);
        });
      const named = { list: record.list ?? record.slot, set };
      if (record.kind === 'tor') data.tor = named;
      else data.vpn.push(named);
    }
  }
  return data;
}

function importAttribution(record: ImportRecord): DataAttribution {
  if (record.databaseType?.startsWith('GeoLite2')) {
    return {
      name: `${record.databaseType} (${record.source})`,
      licence: 'GeoLite2 End User License Agreement',
      url: 'https://www.maxmind.com',
      notice: 'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com.',
    };
  }
  return {
    name: `${record.source} (${record.kind}, imported ${record.importedAt.slice(0, 10)})`,
    licence: "as set by the list's publisher",
    url: '',
    notice: `Imported by the operator from ${record.source}`,
  };
}

const NO_LISTS: readonly string[] = Object.freeze([]);

/** What is known of one address: plain, and as seen with each crawler its user agents claimed. */
interface CachedAddress {
  plain: IpIntel | null;
  byCrawler: Map<string, IpIntel> | null;
}

class LoadedIntel implements Intel {
  private readonly cache: BoundedCache<string, CachedAddress>;
  private readonly userAgents = new BoundedCache<string, CrawlerDefinition | null>(10_000);
  private readonly hostingAsns: ReadonlySet<number>;

  constructor(
    private readonly bundled: { asn: RangeTable; country: RangeTable; versions: Record<string, string> },
    private readonly imported: ImportedData,
    private readonly crawlers: readonly CrawlerDefinition[],
    cacheSize: number,
  ) {
    this.cache = new BoundedCache(cacheSize);
    this.hostingAsns = new Set([...BUNDLED_HOSTING_ASNS.map((h) => h.asn), ...imported.hostingAsns]);
  }

  private crawlerOf(userAgent: string | undefined): CrawlerDefinition | null {
    if (!userAgent) return null;
    let crawler = this.userAgents.get(userAgent);
    if (crawler === undefined) {
      crawler = matchCrawler(this.crawlers, userAgent);
      this.userAgents.set(userAgent, crawler);
    }
    return crawler;
  }

  /** Imported tables answer first; the bundled ones fill what they do not cover. */
  private find(imported: RangeTable | null, bundled: RangeTable, ip: ParsedIp): RangeHit | null {
    return (imported && lookupRange(imported, ip)) || lookupRange(bundled, ip);
  }

  /** Keyed by the address alone: the parsers share one string per address, cheap to look up (a key built per line was not). */
  lookup(ip: string, userAgent?: string): IpIntel {
    const crawler = this.crawlerOf(userAgent);
    let entry = this.cache.get(ip);
    if (!entry) {
      entry = { plain: null, byCrawler: null };
      this.cache.set(ip, entry);
    }
    if (!crawler) return (entry.plain ??= Object.freeze(this.compute(ip, null)));
    entry.byCrawler ??= new Map();
    let claimed = entry.byCrawler.get(crawler.name);
    if (!claimed) {
      claimed = Object.freeze(this.compute(ip, crawler));
      entry.byCrawler.set(crawler.name, claimed);
    }
    return claimed;
  }

  private compute(ip: string, crawler: CrawlerDefinition | null): IpIntel {
    const parsed = typeof ip === 'string' ? parseIp(ip.trim()) : null;
    if (!parsed) return { ip, country: null, asn: null, org: null, networkType: 'unknown', lists: [] };
    if (specialRangeOfParsed(parsed) !== null) {
      return { ip, country: null, asn: null, org: null, networkType: 'private', lists: [] };
    }
    const country = this.find(this.imported.country, this.bundled.country, parsed)?.label || null;
    const asnHit = this.find(this.imported.asn, this.bundled.asn, parsed);
    // AS0 marks unrouted space in registry data: no network to name
    const asn = asnHit && asnHit.value > 0 ? asnHit.value : null;
    const org = asn !== null ? asnHit?.label || null : null;
    const lists: string[] = [];
    const onTorList = this.imported.tor?.set.hasParsed(parsed) ?? false;
    if (onTorList && this.imported.tor) lists.push(this.imported.tor.list);
    let onVpnList = false;
    for (const vpn of this.imported.vpn) {
      if (vpn.set.hasParsed(parsed)) {
        onVpnList = true;
        lists.push(vpn.list);
      }
    }
    const networkType = classifyNetwork({
      isPrivate: false,
      onTorList,
      onVpnList,
      confirmedCrawler: crawler !== null && confirmsCrawler(crawler, parsed, asn),
      asn,
      isHostingAsn: asn !== null && this.hostingAsns.has(asn),
    });
    // most addresses are on no list: one shared empty list for them
    return { ip, country, asn, org, networkType, lists: (lists.length === 0 ? NO_LISTS : Object.freeze(lists)) as string[] };
  }

  claimedCrawler(userAgent: string): string | null {
    return this.crawlerOf(userAgent)?.name ?? null;
  }

  verifyCrawler(ip: string, userAgent: string): CrawlerVerdict | null {
    const crawler = this.crawlerOf(userAgent);
    if (!crawler) return null;
    const parsed = parseIp(ip.trim());
    const asn = this.lookup(ip).asn;
    return {
      name: crawler.name,
      operator: crawler.operator,
      confirmed: parsed !== null && confirmsCrawler(crawler, parsed, asn),
      verifiable: crawler.verifiable,
    };
  }

  attributions(): DataAttribution[] {
    return [...bundledAttributions(this.bundled.versions), ...this.imported.records.map(importAttribution)];
  }
}

const optionsSchema = z.object({ dataDir: z.string().optional(), cacheSize: z.number().int().positive().optional() });

/** Loads the bundled tables (once per process) and the operator's imports from `dataDir`. */
export async function loadIntel(options: LoadIntelOptions = {}): Promise<Intel> {
  const { dataDir, cacheSize } = optionsSchema.parse(options);
  const imported = readImported(dataDir);
  const bundled = loadBundledData();
  // 50,000 recent addresses: a visitor's requests come close together; more only held memory
  return new LoadedIntel(bundled, imported, BUNDLED_CRAWLERS, cacheSize ?? 50_000);
}
