import type { Finding, FindingCategory } from './finding.js';
import type { NetworkType, Origin } from './http-event.js';

/** Request counts split by origin. */
export interface OriginSplit {
  domestic: number;
  foreign: number;
  obscured: number;
  unknown: number;
  /** Requests per registered country (ISO alpha-2); "??" when unknown. */
  byCountry: Record<string, number>;
  byNetworkType: Record<NetworkType, number>;
}

export interface TopEntry {
  /** An IP, "AS64500", or a country code. */
  key: string;
  /** Organisation or country name, when known. */
  label: string | null;
  requests: number;
  attacks: number;
  country: string | null;
  asn: number | null;
  networkType: NetworkType | null;
  origin: Origin | null;
}

export interface RejectedSample {
  file: string;
  line: number;
  reason: string;
  /** The start of the line, made printable and cut to 200 characters. */
  text: string;
}

export interface FileSummary {
  file: string;
  format: string;
  lines: number;
  parsed: number;
  rejected: number;
}

export interface TimelinePoint {
  /** Bucket start, epoch ms. */
  t: number;
  requests: number;
  attacks: number;
  domestic: number;
  foreign: number;
  obscured: number;
  unknown: number;
}

/** Licence attribution that a data source asks for. */
export interface DataAttribution {
  name: string;
  licence: string;
  url: string;
  notice: string;
}

export interface AnalysisSummary {
  generatedAt: string;
  home: string;
  input: {
    files: FileSummary[];
    lines: number;
    parsed: number;
    rejected: number;
    /** Rejections by reason. */
    rejectedReasons: Record<string, number>;
    rejectedSamples: RejectedSample[];
  };
  period: { from: number | null; to: number | null };
  attribution: { all: OriginSplit; attacks: OriginSplit };
  top: { ips: TopEntry[]; asns: TopEntry[]; countries: TopEntry[] };
  timeline: { bucketMs: number; points: TimelinePoint[] };
  /** Requests carrying each attack tag, and findings per behaviour category. */
  categories: Partial<Record<FindingCategory, number>>;
  statuses: Record<string, number>;
  /** The most severe findings (at most a few thousand: all of them go to the store). */
  findings: Finding[];
  /** How many findings there were in all. */
  findingsTotal: number;
  /** Limits of what the data can say, as message keys understood by the i18n catalogue. */
  caveats: string[];
  dataSources: DataAttribution[];
}
