import { parseCidr, type IpRange } from '../intel/ip.js';
import { normalizeScopeValue, rangeOfDecision, type DecisionScope } from './decision.js';

/** Networks that must never be decided against: the operator's own, monitoring, partners. */
export interface AllowlistConfig {
  /** CIDRs or single addresses. */
  cidrs?: readonly string[];
  /** AS numbers ("AS64500" or 64500). */
  asns?: readonly (string | number)[];
  /** Countries (ISO alpha-2) never decided against as a whole; their addresses still can be. */
  countries?: readonly string[];
  /** Crawlers confirmed by their own network (default true). */
  verifiedCrawlers?: boolean;
}

/** What is known of the target when deciding (from intel), to check it against the allowlist. */
export interface TargetFacts {
  asn?: number | null;
  /** `crawler` means a crawler confirmed by its network. */
  networkType?: string | null;
}

export class Allowlist {
  private readonly ranges: IpRange[] = [];
  private readonly asns = new Set<string>();
  private readonly countries = new Set<string>();
  readonly verifiedCrawlers: boolean;
  /** Entries that could not be read, for the caller to report. */
  readonly rejected: string[] = [];

  constructor(config: AllowlistConfig = {}) {
    for (const cidr of config.cidrs ?? []) {
      const range = parseCidr(cidr.trim());
      if (range) this.ranges.push(range);
      else this.rejected.push(cidr);
    }
    for (const asn of config.asns ?? []) {
      const value = normalizeScopeValue('asn', String(asn));
      if (value) this.asns.add(value);
      else this.rejected.push(String(asn));
    }
    for (const country of config.countries ?? []) {
      const value = normalizeScopeValue('country', country);
      if (value) this.countries.add(value);
      else this.rejected.push(country);
    }
    this.verifiedCrawlers = config.verifiedCrawlers ?? true;
  }

  /** Why a target is allowlisted ("cidr", "asn", "country", "verified-crawler"), or null. */
  match(scope: DecisionScope, value: string, facts: TargetFacts = {}): string | null {
    if (this.verifiedCrawlers && facts.networkType === 'crawler') return 'verified-crawler';
    if (facts.asn != null && this.asns.has(String(facts.asn))) return 'asn';
    if (scope === 'asn') return this.asns.has(value) ? 'asn' : null;
    if (scope === 'country') return this.countries.has(value) ? 'country' : null;
    const target = rangeOfDecision(scope, value);
    // a decision on a range that only partly covers an allowlisted network would still block it
    if (target && this.ranges.some((r) => overlaps(r, target))) return 'cidr';
    return null;
  }
}

function overlaps(a: IpRange, b: IpRange): boolean {
  if (a.version !== b.version) return false;
  return a.start <= b.end && b.start <= a.end;
}
