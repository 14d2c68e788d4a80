import type { Finding, HttpEvent, ParsedRequest } from '../model/index.js';
import type { LogFormat } from '../traffic/formats/format.js';
import type { LiveLine } from '../traffic/sources/live/index.js';
import { enrichRequest } from './enrich.js';
import type { TrafficStages } from './analyze.js';

const SAMPLE_LINES = 50;
const MAX_TRACKED_FINDINGS = 100_000;

/** Why a live line was not analysed. */
export interface LiveRejection {
  source: string;
  line: number;
  reason: string;
}

/**
 * The live path: the same parsers, enrichment and detectors as `analyze`, fed batch by batch.
 * Formats are detected per file (or per source) from its first lines; findings are handed out as
 * soon as they are new, so that decisions follow within the batch that caused them.
 */
export class LiveAnalyzer {
  private readonly parsers = new Map<string, { format: string; parser: LogFormat } | Error>();
  /** The latest version of each finding that changed since the store last took them. */
  private changedForStore = new Map<string, Finding>();
  /** Finding id -> its severity and confidence when last handed out. */
  private readonly reported = new Map<string, string>();
  events = 0;
  rejected = 0;

  constructor(
    private readonly stages: TrafficStages,
    /** The home country: events enriched from now on count it as domestic. */
    public home: string,
    private readonly onRejected: (rejection: LiveRejection) => void = () => undefined,
    private readonly onFormat: (source: string, format: string | Error) => void = () => undefined,
  ) {}

  /** Parses, enriches and detects one batch; returns its events in order. */
  process(lines: readonly LiveLine[]): HttpEvent[] {
    const out: HttpEvent[] = [];
    for (const line of lines) {
      const key = line.file ?? line.source;
      const chosen = this.parserOf(key, lines);
      if (chosen instanceof Error) {
        this.reject(key, line.line, chosen.message);
        continue;
      }
      const parsed = chosen.parser.parse(line.text);
      if (parsed === null) continue;
      if (typeof parsed === 'string') {
        this.reject(key, line.line, parsed);
        continue;
      }
      const event = enrichRequest(this.stages, parsed, key, line.line, this.home);
      for (const detector of this.stages.detectors) detector.observe(event);
      out.push(event);
    }
    this.events += out.length;
    return out;
  }

  /**
   * Enriches and detects requests that arrive already parsed (the shield sees them as objects:
   * writing them out as log lines to parse them back cost it a tenth of its time).
   */
  processParsed(requests: readonly { parsed: ParsedRequest; file: string; line: number }[]): HttpEvent[] {
    const out: HttpEvent[] = [];
    for (const request of requests) {
      const event = enrichRequest(this.stages, request.parsed, request.file, request.line, this.home);
      for (const detector of this.stages.detectors) detector.observe(event);
      out.push(event);
    }
    this.events += out.length;
    return out;
  }

  /**
   * Findings that appeared since the last call, and those whose severity or confidence changed
   * since they were last handed out (a probe that looked harmless at first may not stay so). Only
   * what the detectors changed is rebuilt: all of their state is far too much to walk each time.
   */
  newFindings(): Finding[] {
    const fresh: Finding[] = [];
    for (const detector of this.stages.detectors) {
      const changed = detector.changedFindings ? detector.changedFindings() : detector.findings();
      for (const finding of changed) {
        if (this.changedForStore.size < MAX_TRACKED_FINDINGS) this.changedForStore.set(finding.id, finding);
        // confidence in steps of 0.05: a rise that can change a decision, not every new request
        const grade = `${finding.severity}|${Math.floor(finding.confidence * 20)}`;
        if (this.reported.get(finding.id) === grade) continue;
        if (this.reported.size >= MAX_TRACKED_FINDINGS) this.reported.clear();
        this.reported.set(finding.id, grade);
        fresh.push(finding);
      }
    }
    return fresh;
  }

  /**
   * The findings that changed since the last call, as they are now: what a live run writes to the
   * store (rewriting all of them every few seconds did not keep up). Call `newFindings()` first.
   */
  takeChangedFindings(): Finding[] {
    const changed = [...this.changedForStore.values()];
    this.changedForStore = new Map();
    return changed;
  }

  /** Gives back findings the store could not take, unless a newer version came meanwhile. */
  restoreChangedFindings(findings: readonly Finding[]): void {
    for (const finding of findings) if (!this.changedForStore.has(finding.id)) this.changedForStore.set(finding.id, finding);
  }

  private parserOf(key: string, batch: readonly LiveLine[]): { format: string; parser: LogFormat } | Error {
    let chosen = this.parsers.get(key);
    if (chosen) return chosen;
    const sample = batch.filter((l) => (l.file ?? l.source) === key && l.text.trim() !== '').slice(0, SAMPLE_LINES).map((l) => l.text);
    try {
      chosen = this.stages.parserFor(key, sample);
      this.onFormat(key, chosen.format);
    } catch (error) {
      chosen = error instanceof Error ? error : new Error(String(error));
      this.onFormat(key, chosen);
      // an unknown format is decided on the next batch again: a file may start with odd lines
      return chosen;
    }
    this.parsers.set(key, chosen);
    return chosen;
  }

  private reject(source: string, line: number, reason: string): void {
    this.rejected++;
    this.onRejected({ source, line, reason });
  }
}
