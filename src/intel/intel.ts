import type { DataAttribution, IpIntel } from '../model/index.js';

/** What a user agent's crawler claim amounts to for one address. */
export interface CrawlerVerdict {
  /** The crawler's short name, e.g. "googlebot". */
  name: string;
  operator: string;
  /** The address belongs to the crawler's own network. */
  confirmed: boolean;
  /**
   * Whether offline data can confirm this crawler at all. When false (crawlers on shared clouds
   * with no published ranges), an unconfirmed claim is not evidence of spoofing.
   */
  verifiable: boolean;
}

/** What Vigie knows of addresses, from data on this machine only. */
export interface Intel {
  /**
   * All that is known of `ip`. The network type is `crawler` only when the user agent claims a
   * known crawler and the address belongs to that crawler's own network. Never throws: a string
   * that is not an address gives nulls and `unknown`. The result is shared (cached): do not mutate.
   */
  lookup(ip: string, userAgent?: string): IpIntel;
  /** Which crawler a user agent claims to be (e.g. "googlebot"), or null. */
  claimedCrawler(userAgent: string): string | null;
  /** The crawler a user agent claims, and whether `ip` confirms it; null when it claims none. */
  verifyCrawler(ip: string, userAgent: string): CrawlerVerdict | null;
  /** Attributions that the loaded data's licences ask for. */
  attributions(): DataAttribution[];
}
