import { HeapPacer } from '../lib/heap-pacer.js';
import type { Readable } from 'node:stream';
import type { AnalysisSummary, AttackTag, DataAttribution, Finding, HttpEvent } from '../model/index.js';
import type { Intel } from '../intel/intel.js';
import type { Detector } from '../traffic/detect/detector.js';
import type { LogFormat } from '../traffic/formats/format.js';
import { enrichRequest } from './enrich.js';
import { InputError, readLineBatches, type InputFile } from '../traffic/sources/files.js';
import { SummaryBuilder } from '../traffic/summary.js';

const SAMPLE_LINES = 50;

/** The stages of the traffic path, built by the caller from configuration. */
export interface TrafficStages {
  /** A parser for one file, from its first lines; throws an Error naming the problem when no format fits. */
  parserFor(file: string, sample: readonly string[]): { format: string; parser: LogFormat };
  /** Resolves the client behind trusted proxies. */
  clientIp(peer: string, forwardedFor: string | undefined): string;
  intel: Intel;
  tag(method: string, target: string, userAgent: string, referer: string): AttackTag[];
  detectors: Detector[];
  collectFindings(detectors: Detector[]): Finding[];
}

/** Where events go after analysis: an events file, the store, the live bus. */
export interface EventSink {
  write(events: HttpEvent[]): Promise<void>;
}

export interface AnalyzeOptions {
  files: readonly InputFile[];
  home: string;
  stages: TrafficStages;
  sinks?: readonly EventSink[];
  caveats?: string[];
  dataSources?: DataAttribution[];
  onBytes?: (bytes: number) => void;
  /** Called after each batch of lines, with its size. */
  onBatch?: (lines: number) => void;
  stdin?: Readable;
}

export interface AnalyzeResult {
  summary: AnalysisSummary;
  /** Every finding, most severe first (the summary lists the first of them). */
  findings: Finding[];
  /** Files that could not be read or whose format is unknown; the others were analysed. */
  fileErrors: InputError[];
}

/** Batch analysis: sources, then parse, enrich, detect; the summary and findings come back. */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const { stages, home } = options;
  const sinks = options.sinks ?? [];
  const keepEvents = sinks.length > 0;
  const summary = new SummaryBuilder(home);
  const fileErrors: InputError[] = [];
  const pacer = new HeapPacer();

  for (const file of options.files) {
    let lineNo = 0;
    let parser: LogFormat | null = null;
    let fileSummary = null as ReturnType<SummaryBuilder['file']> | null;
    const pending: string[][] = [];
    let sampled = 0;

    const run = async (batch: string[]): Promise<void> => {
      const p = parser as LogFormat;
      const fs = fileSummary as ReturnType<SummaryBuilder['file']>;
      const events: HttpEvent[] = [];
      for (let i = 0; i < batch.length; i++) {
        const line = batch[i] as string;
        lineNo++;
        summary.line(fs);
        const parsed = p.parse(line);
        if (parsed === null) continue;
        if (typeof parsed === 'string') {
          summary.reject(fs, lineNo, parsed, line);
          continue;
        }
        const event = enrichRequest(stages, parsed, file.name, lineNo, home);
        for (const detector of stages.detectors) detector.observe(event);
        summary.add(fs, event);
        // without sinks the batch's events are not kept: less for the collector to move
        if (keepEvents) events.push(event);
      }
      if (keepEvents) for (const sink of sinks) await sink.write(events);
      options.onBatch?.(batch.length);
      pacer.tick();
    };

    const start = (): void => {
      const sample = pending.flat().filter((l) => l.trim() !== '').slice(0, SAMPLE_LINES);
      const chosen = stages.parserFor(file.name, sample);
      parser = chosen.parser;
      fileSummary = summary.file(file.name, chosen.format);
    };

    try {
      for await (const batch of readLineBatches(file, options.onBytes, options.stdin)) {
        if (parser) {
          await run(batch);
          continue;
        }
        pending.push(batch);
        sampled += batch.length;
        if (sampled >= SAMPLE_LINES * 4) {
          start();
          for (const b of pending.splice(0)) await run(b);
        }
      }
      if (!parser && pending.length > 0) {
        start();
        for (const b of pending.splice(0)) await run(b);
      }
      if (!parser) summary.file(file.name, 'empty');
    } catch (error) {
      fileErrors.push(error instanceof InputError ? error : new InputError(file.name, (error as Error).message));
    }
  }

  const findings = stages.collectFindings(stages.detectors);
  const built = summary.build(findings, { caveats: options.caveats, dataSources: options.dataSources });
  return { summary: built, findings, fileErrors };
}
