import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Finding } from '../model/index.js';
import type { TrafficConfig } from '../pipeline/traffic-stages.js';
import type { Store } from '../store/index.js';
import { expandInputs } from '../traffic/sources/files.js';
import { EXIT_FAILED, EXIT_USAGE, UserError } from './errors.js';
import { collectList, langOption, parseCountry, parseLang } from './options.js';
import { ProgressBar } from './progress.js';
import { cliMessages } from './messages.js';

export interface AnalyzeCliOptions {
  format?: string;
  logFormat?: string;
  goaccessFormat?: string;
  jsonMap?: string[];
  home: string;
  trustedProxy?: string[];
  json?: boolean;
  events?: string;
  report?: string;
  lang?: string;
  store: boolean;
  progress: boolean;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description(
      'Analyse web logs: detect attacks and say how much comes from home, from abroad, or from obscured networks.\n' +
        'Analyse des journaux web : détecte les attaques et dit ce qui vient du pays, de l\u2019étranger ou de réseaux qui masquent l\u2019origine.',
    )
    .argument('<inputs...>', 'log files, directories, or - for standard input (.gz read as is)')
    .option('--format <name>', 'force a format (default: detected per file): combined, common, vhost-combined, vhost-common, nginx, goaccess, caddy, json, haproxy, alb, cloudfront, w3c')
    .option('--log-format <string>', 'an nginx log_format string (implies --format nginx)')
    .option('--goaccess-format <string>', 'a GoAccess log-format string (implies --format goaccess)')
    .option('--json-map <field=key>', 'JSON lines field mapping, e.g. ip=client.addr,time=ts (repeatable)', collectList)
    .option('--home <country>', 'home country (ISO code): its networks count as domestic', 'CA')
    .option('--trusted-proxy <cidr>', 'proxy whose X-Forwarded-For names the client (repeatable, comma list)', collectList)
    .option('--json', 'print the summary as JSON on standard output')
    .option('--events <file>', 'write one JSON line per parsed request to FILE')
    .option('--report <file.html>', 'write a self-contained HTML report')
    .addOption(langOption())
    .option('--no-store', 'do not write events and findings to the store')
    .option('--no-progress', 'never show a progress bar')
    .action(async (inputs: string[], opts: AnalyzeCliOptions, command: Command) => {
      const { dataDir } = command.optsWithGlobals<{ dataDir: string }>();
      process.exitCode = await runAnalyze(inputs, opts, dataDir);
    });
}

function trafficConfig(opts: AnalyzeCliOptions): TrafficConfig {
  const jsonMapping: Record<string, string> = {};
  for (const pair of opts.jsonMap ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new UserError(`--json-map: expected field=key, got "${pair}" / attendu : champ=clé`, EXIT_USAGE);
    jsonMapping[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  let format = opts.format;
  if (opts.logFormat) format ??= 'nginx';
  if (opts.goaccessFormat) format ??= 'goaccess';
  return {
    format,
    formatOptions: {
      nginxLogFormat: opts.logFormat,
      goaccessLogFormat: opts.goaccessFormat,
      jsonMapping: Object.keys(jsonMapping).length ? jsonMapping : undefined,
    },
    trustedProxies: opts.trustedProxy ?? [],
  };
}

export async function runAnalyze(inputs: string[], opts: AnalyzeCliOptions, dataDir: string): Promise<number> {
  const started = Date.now();
  const lang = parseLang(opts.lang);
  const t = cliMessages(lang);
  const home = parseCountry(opts.home, '--home');
  const files = await expandInputs(inputs).catch((error: unknown) => {
    throw new UserError(error instanceof Error ? error.message : String(error));
  });
  if (files.length === 0) throw new UserError(t('no-input-files', { inputs: inputs.join(' ') }));
  if (files.filter((f) => f.name === '-').length > 1) throw new UserError(t('stdin-once'), EXIT_USAGE);

  // the pipeline, the store and the report load only when the command runs: every other command starts lighter
  const [{ analyze }, { EventsFileSink, StoreSink }, { buildTrafficStages }, { openStore }, { renderHtmlReport }, { renderTerminalSummary }] = await Promise.all([
    import('../pipeline/analyze.js'),
    import('../pipeline/sinks.js'),
    import('../pipeline/traffic-stages.js'),
    import('../store/index.js'),
    import('../report/html.js'),
    import('../report/terminal.js'),
  ]);
  const built = await buildTrafficStages({ ...trafficConfig(opts), dataDir });
  let store: Store | null = null;
  let runId = '';
  const eventsSink = opts.events ? new EventsFileSink(opts.events) : null;
  const sinks = [];
  if (eventsSink) sinks.push(eventsSink);
  if (opts.store) {
    store = await openStore({ dataDir });
    runId = await store.beginRun({ kind: 'analyze', inputs: files.map((f) => f.name), home, startedAt: started });
    sinks.push(new StoreSink(store, runId));
  }

  const totalBytes = files.some((f) => f.size === null) ? null : files.reduce((n, f) => n + (f.size ?? 0), 0);
  let linesRead = 0;
  const progress =
    opts.progress && !opts.json && ProgressBar.enabled(process.stderr, totalBytes)
      ? new ProgressBar(process.stderr, totalBytes, lang, () => linesRead)
      : null;

  let result;
  try {
    result = await analyze({
      files,
      home,
      stages: built.stages,
      sinks,
      caveats: built.caveats,
      dataSources: built.dataSources,
      onBytes: progress ? (bytes) => progress.advance(bytes) : undefined,
      onBatch: progress ? (lines) => (linesRead += lines) : undefined,
    });
  } finally {
    progress?.done();
    await eventsSink?.close();
  }
  const { summary, fileErrors } = result;
  if (store) {
    await store.saveFindings(runId, result.findings);
    await store.finishRun(runId, summary);
    await store.close();
  }

  const seconds = (Date.now() - started) / 1000;
  if (opts.report) await writeFile(opts.report, renderHtmlReport(summary, lang));
  if (opts.json) {
    const run = {
      seconds,
      linesPerSecond: Math.round(summary.input.lines / Math.max(seconds, 0.001)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      store: store ? { backend: store.backend, runId } : null,
    };
    process.stdout.write(`${JSON.stringify({ ...summary, findings: summary.findings.map(jsonFinding), run, errors: fileErrors.map((e) => e.message) }, null, 2)}\n`);
  } else {
    process.stdout.write(renderTerminalSummary(summary, lang, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
    process.stdout.write('\n');
    if (opts.report) process.stdout.write(`${t('report-written', { path: resolve(opts.report) })}\n`);
    if (opts.events) process.stdout.write(`${t('events-written', { path: resolve(opts.events) })}\n`);
    if (store) process.stdout.write(`${t('store-written', { path: resolve(dataDir), run: runId })}\n`);
    process.stdout.write(`${t('speed', { lines: summary.input.lines, seconds: seconds.toFixed(1) })}\n`);
  }
  for (const error of fileErrors) process.stderr.write(`vigie: ${error.message}\n`);
  return fileErrors.length > 0 ? EXIT_FAILED : 0;
}

/** A finding in the JSON output: its scope also appears as a plain key (ip, prefix, asn, country). */
function jsonFinding(f: Finding): Finding & Record<string, unknown> {
  return { ...f, [f.scope.kind]: f.scope.value };
}

