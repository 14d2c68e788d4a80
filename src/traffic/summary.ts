import type {
  AnalysisSummary,
  DataAttribution,
  Finding,
  FileSummary,
  HttpEvent,
  NetworkType,
  Origin,
  OriginSplit,
  TimelinePoint,
  TopEntry,
} from '../model/index.js';
import { BEHAVIOUR_CATEGORIES, NETWORK_TYPES } from '../model/index.js';
import { networkPrefix } from './detect/ip-prefix.js';
import { detach } from '../lib/interner.js';

const MAX_REJECTED_SAMPLES = 20;
const TOP = 20;
/** Per-IP statistics are kept for at most this many addresses (the busiest survive pruning). */
export const IP_STATS_CAP = 20_000;
const MAX_TIMELINE_BUCKETS = 2_000;
const TIMELINE_STEPS_MS = [60e3, 5 * 60e3, 15 * 60e3, 3600e3, 6 * 3600e3, 86400e3, 7 * 86400e3, 30 * 86400e3];
const TARGET_POINTS = 240;
/** Findings listed in a summary; the report, the terminal and --json stay readable and bounded. */
export const MAX_SUMMARY_FINDINGS = 5_000;

interface SourceStats {
  requests: number;
  attacks: number;
  country: string | null;
  asn: number | null;
  org: string | null;
  networkType: NetworkType;
  origin: Origin;
  /** For an address: the entries of its AS and country (never pruned), to skip their lookups. */
  asnStats: SourceStats | null;
  countryStats: SourceStats | null;
}

export function emptySplit(): OriginSplit {
  const byNetworkType = Object.fromEntries(NETWORK_TYPES.map((t) => [t, 0])) as Record<NetworkType, number>;
  return { domestic: 0, foreign: 0, obscured: 0, unknown: 0, byCountry: {}, byNetworkType };
}

export function emptySummary(home: string): AnalysisSummary {
  return {
    generatedAt: new Date().toISOString(),
    home,
    input: { files: [], lines: 0, parsed: 0, rejected: 0, rejectedReasons: {}, rejectedSamples: [] },
    period: { from: null, to: null },
    attribution: { all: emptySplit(), attacks: emptySplit() },
    top: { ips: [], asns: [], countries: [] },
    timeline: { bucketMs: TIMELINE_STEPS_MS[0] as number, points: [] },
    categories: {},
    statuses: {},
    findings: [],
    findingsTotal: 0,
    caveats: [],
    dataSources: [],
  };
}

function addToSplit(split: OriginSplit, origin: Origin, country: string | null, networkType: NetworkType, n: number): void {
  split[origin] += n;
  const key = country ?? '??';
  split.byCountry[key] = (split.byCountry[key] ?? 0) + n;
  split.byNetworkType[networkType] += n;
}

/**
 * Accumulates the analysis summary from a stream of events, in bounded memory: per-IP statistics
 * are pruned to the busiest addresses, the timeline coarsens as the period grows.
 */
export class SummaryBuilder {
  private readonly summary: AnalysisSummary;
  private readonly files = new Map<string, FileSummary>();
  private readonly ips = new Map<string, SourceStats>();
  private readonly asns = new Map<number, SourceStats>();
  private readonly countries = new Map<string, SourceStats>();
  private readonly statuses = new Map<number, number>();
  private readonly tagCounts = new Map<string, number>();
  private timeline = new Map<number, TimelinePoint>();
  /** The point the previous event fell in: lines come in time order, most share it. */
  private lastPoint: TimelinePoint | null = null;
  private stepIndex = 0;
  private ipsPruned = false;

  constructor(readonly home: string) {
    this.summary = emptySummary(home);
  }

  file(file: string, format: string): FileSummary {
    let entry = this.files.get(file);
    if (!entry) {
      entry = { file, format, lines: 0, parsed: 0, rejected: 0 };
      this.files.set(file, entry);
    }
    return entry;
  }

  /** A line that was read (parsed, rejected or skipped). */
  line(file: FileSummary): void {
    file.lines++;
    this.summary.input.lines++;
  }

  reject(file: FileSummary, line: number, reason: string, text: string): void {
    file.rejected++;
    const input = this.summary.input;
    input.rejected++;
    input.rejectedReasons[reason] = (input.rejectedReasons[reason] ?? 0) + 1;
    if (input.rejectedSamples.length < MAX_REJECTED_SAMPLES) {
      input.rejectedSamples.push({ file: file.file, line, reason, text: printable(text) });
    }
  }

  add(file: FileSummary, e: HttpEvent): void {
    file.parsed++;
    this.summary.input.parsed++;
    const attack = e.tags.length > 0;
    const period = this.summary.period;
    if (period.from === null || e.time < period.from) period.from = e.time;
    if (period.to === null || e.time > period.to) period.to = e.time;

    addToSplit(this.summary.attribution.all, e.origin, e.country, e.networkType, 1);
    if (attack) {
      addToSplit(this.summary.attribution.attacks, e.origin, e.country, e.networkType, 1);
      for (const tag of e.tags) this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + 1);
    }
    this.statuses.set(e.status, (this.statuses.get(e.status) ?? 0) + 1);
    const source = this.count(this.ips, e.ip, e, attack);
    if (e.asn !== null) {
      const known = source.asnStats;
      if (known !== null && known.asn === e.asn) bump(known, attack);
      else source.asnStats = this.count(this.asns, e.asn, e, attack);
    }
    const known = source.countryStats;
    if (known !== null && known.country === e.country) bump(known, attack);
    else source.countryStats = this.count(this.countries, e.country ?? '??', e, attack);
    if (this.ips.size > IP_STATS_CAP * 1.5) this.pruneIps();
    this.addToTimeline(e, attack);
  }

  private count<K>(map: Map<K, SourceStats>, key: K, e: HttpEvent, attack: boolean): SourceStats {
    let stats = map.get(key);
    if (!stats) {
      stats = {
        requests: 0, attacks: 0, country: e.country, asn: e.asn, org: e.org, networkType: e.networkType, origin: e.origin,
        asnStats: null, countryStats: null,
      };
      map.set(key, stats);
    }
    bump(stats, attack);
    return stats;
  }

  private pruneIps(): void {
    const kept = [...this.ips.entries()].sort((a, b) => weight(b[1]) - weight(a[1])).slice(0, IP_STATS_CAP);
    this.ips.clear();
    for (const [ip, stats] of kept) this.ips.set(ip, stats);
    this.ipsPruned = true;
  }

  private addToTimeline(e: HttpEvent, attack: boolean): void {
    const step = TIMELINE_STEPS_MS[this.stepIndex] as number;
    const t = Math.floor(e.time / step) * step;
    let point = this.lastPoint !== null && this.lastPoint.t === t ? this.lastPoint : this.timeline.get(t);
    if (!point) {
      point = { t, requests: 0, attacks: 0, domestic: 0, foreign: 0, obscured: 0, unknown: 0 };
      this.timeline.set(t, point);
      if (this.timeline.size > MAX_TIMELINE_BUCKETS && this.stepIndex < TIMELINE_STEPS_MS.length - 1) {
        // the new point was merged into a coarser one: count the event there, not in the stale object
        this.coarsen();
        this.addToTimeline(e, attack);
        return;
      }
    }
    this.lastPoint = point;
    point.requests++;
    if (attack) point.attacks++;
    point[e.origin]++;
  }

  private coarsen(): void {
    this.stepIndex++;
    this.lastPoint = null;
    this.timeline = rebucket(this.timeline, TIMELINE_STEPS_MS[this.stepIndex] as number);
  }

  build(findings: Finding[], extra: { caveats?: string[]; dataSources?: DataAttribution[] } = {}): AnalysisSummary {
    const s = this.summary;
    s.generatedAt = new Date().toISOString();
    s.input.files = [...this.files.values()];
    s.findings = findings.slice(0, MAX_SUMMARY_FINDINGS);
    s.findingsTotal = findings.length;
    this.countBehaviourAttacks(findings);

    while (this.timeline.size > TARGET_POINTS && this.stepIndex < TIMELINE_STEPS_MS.length - 1) this.coarsen();
    s.timeline = {
      bucketMs: TIMELINE_STEPS_MS[this.stepIndex] as number,
      points: [...this.timeline.values()].sort((a, b) => a.t - b.t),
    };
    s.statuses = Object.fromEntries([...this.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]));
    s.categories = Object.fromEntries(this.tagCounts);
    for (const f of findings) {
      if ((BEHAVIOUR_CATEGORIES as readonly string[]).includes(f.category)) {
        s.categories[f.category] = (s.categories[f.category] ?? 0) + f.count;
      }
    }
    s.top = {
      ips: top(this.ips, (ip, st) => entry(ip, st.org, st)),
      asns: top(this.asns, (asn, st) => entry(`AS${asn}`, st.org, st)),
      countries: top(this.countries, (cc, st) => ({ ...entry(cc, null, st), asn: null, networkType: null, origin: null })),
    };
    const caveats = new Set(extra.caveats ?? []);
    if (s.input.rejected > 0) caveats.add('rejected-lines');
    if (s.attribution.all.byNetworkType.private > 0) caveats.add('private-addresses');
    if (this.ipsPruned) caveats.add('bounded-top-lists');
    if (findings.length > MAX_SUMMARY_FINDINGS) caveats.add('findings-truncated');
    s.caveats = [...caveats];
    s.dataSources = extra.dataSources ?? [];
    return s;
  }

  /**
   * A source found scanning, brute-forcing, flooding or posing as a crawler attacks with every
   * request, tagged or not: its untagged requests join the attack split. So do those of the
   * addresses of a flooding /24 or /64.
   */
  private countBehaviourAttacks(findings: Finding[]): void {
    const attackers = new Set<string>();
    const prefixes = new Set<string>();
    for (const f of findings) {
      if (!(BEHAVIOUR_CATEGORIES as readonly string[]).includes(f.category)) continue;
      if (f.scope.kind === 'ip') attackers.add(f.scope.value);
      else if (f.scope.kind === 'prefix') prefixes.add(f.scope.value);
    }
    // a /24 or /64 that floods is a handful of machines; an AS or a country holds bystanders too
    if (prefixes.size > 0) {
      for (const ip of this.ips.keys()) {
        const prefix = networkPrefix(ip);
        if (prefix !== null && prefixes.has(prefix)) attackers.add(ip);
      }
    }
    for (const ip of attackers) {
      const stats = this.ips.get(ip);
      if (!stats) continue;
      const untagged = stats.requests - stats.attacks;
      if (untagged <= 0) continue;
      addToSplit(this.summary.attribution.attacks, stats.origin, stats.country, stats.networkType, untagged);
      stats.attacks = stats.requests;
      if (stats.asn !== null) {
        const asn = this.asns.get(stats.asn);
        if (asn) asn.attacks += untagged;
      }
      const country = this.countries.get(stats.country ?? '??');
      if (country) country.attacks += untagged;
    }
  }
}

function bump(stats: SourceStats, attack: boolean): void {
  stats.requests++;
  if (attack) stats.attacks++;
}

function weight(stats: SourceStats): number {
  return stats.requests + stats.attacks * 100;
}

function entry(key: string, label: string | null, st: SourceStats): TopEntry {
  return {
    key, label, requests: st.requests, attacks: st.attacks, country: st.country, asn: st.asn,
    networkType: st.networkType, origin: st.origin,
  };
}

function top<K>(map: Map<K, SourceStats>, toEntry: (key: K, stats: SourceStats) => TopEntry): TopEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1].attacks - a[1].attacks || b[1].requests - a[1].requests)
    .slice(0, TOP)
    .map(([key, stats]) => toEntry(key, stats));
}

function rebucket(points: Map<number, TimelinePoint>, step: number): Map<number, TimelinePoint> {
  const out = new Map<number, TimelinePoint>();
  for (const p of points.values()) {
    const t = Math.floor(p.t / step) * step;
    const q = out.get(t);
    if (!q) {
      out.set(t, { ...p, t });
      continue;
    }
    q.requests += p.requests;
    q.attacks += p.attacks;
    q.domestic += p.domestic;
    q.foreign += p.foreign;
    q.obscured += p.obscured;
    q.unknown += p.unknown;
  }
  return out;
}

/** A sample of a rejected line that is safe to print: control characters shown, length cut. */
export function printable(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : detach(text);
  return cut.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

