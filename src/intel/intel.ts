import type { DataAttribution, IpIntel } from '../model/index.js';

/** What Vigie knows of addresses, from data on this machine only. */
export interface Intel {
  /**
   * All that is known of `ip`. The network type is `crawler` only when the user agent claims a
   * known crawler and the address belongs to that crawler's own network.
   */
  lookup(ip: string, userAgent?: string): IpIntel;
  /** Which crawler a user agent claims to be (e.g. "googlebot"), or null. */
  claimedCrawler(userAgent: string): string | null;
  /** Attributions that the loaded data's licences ask for. */
  attributions(): DataAttribution[];
}
