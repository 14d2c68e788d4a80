// Live benchmark: the same simulator lines, at the same rate, appended to a file that `vigie watch`
// follows, then (one engine after the other, so that they do not share the CPU) to a file that
// CrowdSec's engine follows. For each: lines analysed and the rate, the delay from an attacker's
// first line to a ban visible in its bouncer API (p50, p99), and peak memory; then the ratios
// vigie/CrowdSec. Writes bench/out/watch.json. CrowdSec is Debian's package, unpacked under
// bench/out/crowdsec/ when it is not installed (see bench/crowdsec/).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drive } from './crowdsec/drive.js';
import { counters, freePort, prepareCrowdsec, startCrowdsec } from './crowdsec/engine.js';
import { findCrowdsec } from './crowdsec/install.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const VIGIE = join(ROOT, 'bin', 'vigie.js');
const say = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// vigie flushes its store when it stops: past this, it is killed (its checkpoints are kill-safe)
const STOP_WAIT_MS = 15_000;

function parseArgs(argv) {
  const options = { rate: 50_000, seconds: 20, drain: 10, crowdsec: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rate') options.rate = Number(argv[++i]);
    else if (argv[i] === '--seconds') options.seconds = Number(argv[++i]);
    else if (argv[i] === '--drain') options.drain = Number(argv[++i]);
    else if (argv[i] === '--no-crowdsec') options.crowdsec = false;
    else throw new Error(`unknown option ${argv[i]} (expected --rate N, --seconds N, --drain N, --no-crowdsec)`);
  }
  if (!(options.rate > 0 && options.seconds > 0 && options.drain >= 0)) throw new Error('--rate, --seconds and --drain must be positive');
  return options;
}

/** Percentile over the probes, an unseen probe counting as later than any seen one. */
function percentile(result, p) {
  const values = [...result.delays].sort((a, b) => a - b);
  const index = Math.min(result.probes - 1, Math.floor((p / 100) * result.probes));
  return result.probes === 0 ? null : index < values.length ? values[index] : Infinity;
}

async function runVigie(dir, lines, options) {
  const log = join(dir, 'access.log');
  const dataDir = join(dir, 'data');
  writeFileSync(log, '');
  const add = spawnSync(process.execPath, [VIGIE, '--data-dir', dataDir, 'bouncers', 'add', 'bench', '--lang', 'en'], { encoding: 'utf8' });
  const key = /^\s{4}(\S+)$/m.exec(add.stdout)?.[1];
  if (!key) throw new Error(`could not add a bouncer: ${add.stderr || add.stdout}`);
  const port = await freePort();
  const nodeArgs = (process.env.VIGIE_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const watcher = spawn(process.execPath, [...nodeArgs, VIGIE, '--data-dir', dataDir, 'watch', log, '--listen', `127.0.0.1:${port}`, '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  watcher.stdout.on('data', (c) => (output += c));
  watcher.stderr.on('data', (c) => (output += c));
  for (let i = 0; !output.includes('Bouncer API on'); i++) {
    if (i > 300 || watcher.exitCode !== null) throw new Error(`vigie watch did not start:\n${output}`);
    await sleep(50);
  }
  // Lines analysed so far: the checkpoint, which vigie commits once a batch's findings and
  // decisions are written (what a restart would not replay).
  const analysed = async () => {
    try {
      const saved = JSON.parse(readFileSync(join(dataDir, 'checkpoints.json'), 'utf8'));
      return (saved.files ?? []).reduce((n, file) => n + (Number(file.line) || 0), 0);
    } catch {
      return 0;
    }
  };
  const result = await drive({ log, lines, rate: options.rate, drainSeconds: options.drain, api: `http://127.0.0.1:${port}`, key, pid: watcher.pid, analysed });
  const stopping = performance.now();
  watcher.kill('SIGINT');
  const exited = await Promise.race([
    new Promise((r) => (watcher.exitCode !== null ? r(true) : watcher.once('exit', () => r(true)))),
    sleep(STOP_WAIT_MS).then(() => false),
  ]);
  if (!exited) {
    watcher.kill('SIGKILL');
    await new Promise((r) => (watcher.exitCode !== null ? r() : watcher.once('exit', r)));
  }
  const stopped = /Stopped: ([\d,]+) requests/.exec(output)?.[1]?.replace(/,/g, '');
  return {
    engine: 'vigie',
    ...result,
    stopSeconds: exited ? (performance.now() - stopping) / 1000 : null,
    requestsAtStop: stopped === undefined ? null : Number(stopped),
  };
}

async function runCrowdsec(dir, lines, options) {
  const found = findCrowdsec(OUT, say);
  if (found.error) return { engine: 'crowdsec', error: found.error };
  const log = join(dir, 'access.log');
  writeFileSync(log, '');
  const version = spawnSync(join(found.root, 'usr', 'bin', 'crowdsec'), ['-version'], { encoding: 'utf8' });
  const prepared = await prepareCrowdsec({ root: found.root, dir, log });
  const engine = await startCrowdsec(prepared, dir);
  const through = async () => {
    const c = await counters(prepared.metrics);
    return c === null ? null : c.parsed + c.unparsed;
  };
  try {
    const result = await drive({ log, lines, rate: options.rate, drainSeconds: options.drain, api: prepared.lapi, key: prepared.key, pid: engine.pid, analysed: through });
    return {
      engine: 'crowdsec',
      version: /version: (\S+)/.exec(`${version.stdout}${version.stderr}`)?.[1] ?? '?',
      how: found.how,
      scenariosEnabled: prepared.scenarios.length,
      ...result,
      counters: await counters(prepared.metrics),
    };
  } finally {
    await engine.stop();
  }
}

const f = (v, d = 0) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v === Infinity ? 'not seen' : Number(v).toLocaleString('en-CA', { maximumFractionDigits: d }));
const ratio = (a, b) => (a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toLocaleString('en-CA', { maximumFractionDigits: 2 })}×` : '-');

function figures(r) {
  if (!r || r.error) return null;
  return {
    written: r.written,
    analysed: r.analysed,
    linesPerSecond: r.analysed === null ? null : r.analysed / (r.caughtUpSeconds ?? r.runSeconds),
    caughtUp: r.caughtUpSeconds,
    probeRate: r.probeRate?.linesPerSecond ?? null,
    whileWriting: r.analysedAtWriteEnd === null ? null : r.analysedAtWriteEnd / r.writeSeconds,
    p50: percentile(r, 50),
    p99: percentile(r, 99),
    seen: `${r.delays.length}/${r.probes}`,
    peak: r.peakRssMb,
    rssFirst: r.rssThirds?.first ?? null,
    rssLast: r.rssThirds?.last ?? null,
  };
}

function table(vigie, crowdsec) {
  const v = figures(vigie);
  const c = figures(crowdsec);
  const rows = [
    ['lines appended', f(v.written), f(c?.written), ''],
    ['lines/s up to the last banned probe', f(v.probeRate), f(c?.probeRate), ratio(v.probeRate, c?.probeRate)],
    ['lines analysed by the end (counter)', f(v.analysed), f(c?.analysed), ''],
    ['all analysed after (s)', v.caughtUp === null ? 'no' : f(v.caughtUp, 1), !c ? '-' : c.caughtUp === null ? 'no' : f(c.caughtUp, 1), ''],
    ['analysed lines/s (counter)', f(v.linesPerSecond), f(c?.linesPerSecond), ratio(v.linesPerSecond, c?.linesPerSecond)],
    ['analysed lines/s while writing (counter)', f(v.whileWriting), f(c?.whileWriting), ratio(v.whileWriting, c?.whileWriting)],
    ['first probe line -> ban, p50 ms', f(v.p50), f(c?.p50), ratio(v.p50, c?.p50)],
    ['first probe line -> ban, p99 ms', f(v.p99), f(c?.p99), ratio(v.p99, c?.p99)],
    ['probes banned / sent', v.seen, c?.seen ?? '-', ''],
    ['peak RSS MB', f(v.peak, 1), f(c?.peak, 1), ratio(v.peak, c?.peak)],
    ['mean RSS MB, first third of writing', f(v.rssFirst, 1), f(c?.rssFirst, 1), ''],
    ['mean RSS MB, last third of writing', f(v.rssLast, 1), f(c?.rssLast, 1), ''],
  ];
  const head = ['', 'vigie', crowdsec?.version ? `crowdsec ${crowdsec.version}` : 'crowdsec', 'vigie/crowdsec'];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((row) => row[i].length)));
  return [head, ...rows].map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

export async function run(argv) {
  const options = parseArgs(argv);
  mkdirSync(OUT, { recursive: true });
  const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
  const loadBefore = load();

  // Lines from the simulator, generated up front so that writing costs the benchmark nothing.
  const { simulate } = await import(join(ROOT, 'dist', 'traffic', 'simulate', 'index.js'));
  const lines = [];
  for (const line of simulate({ seed: 3, lines: options.rate * options.seconds })) lines.push(line);

  say(`watch: ${f(lines.length)} simulator lines at ${f(options.rate)} lines/s, plus a probe each second; vigie watch first${options.crowdsec ? ', then CrowdSec' : ''}`);
  const vigieDir = mkdtempSync(join(tmpdir(), 'vigie-bench-watch-'));
  const vigie = await runVigie(vigieDir, lines, options);
  rmSync(vigieDir, { recursive: true, force: true });

  let crowdsec = null;
  if (options.crowdsec) {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-crowdsec-'));
    crowdsec = await runCrowdsec(dir, lines, options).catch((error) => ({ engine: 'crowdsec', error: error instanceof Error ? error.message : String(error) }));
    if (!crowdsec.error) rmSync(dir, { recursive: true, force: true });
    else crowdsec.error += ` (its files: ${dir})`;
  }
  const loadAfter = load();

  const result = {
    benchmark: 'watch',
    date: new Date().toISOString(),
    target: { linesPerSecond: options.rate, seconds: options.seconds, drainSeconds: options.drain },
    loadAverage: { before: loadBefore, after: loadAfter },
    vigie: { ...vigie, figures: figures(vigie) },
    crowdsec: crowdsec && { ...crowdsec, figures: figures(crowdsec) },
  };
  writeFileSync(join(OUT, 'watch.json'), JSON.stringify(result, (_, v) => (v === Infinity ? 'not seen' : v), 2) + '\n');
  const scenarios = (r) => Object.entries(r.scenarios).map(([name, n]) => `${name} ×${n}`).join(', ') || 'none';
  say('');
  say(table(vigie, crowdsec && !crowdsec.error ? crowdsec : null));
  say('');
  say(`probe bans by scenario: vigie: ${scenarios(vigie)}`);
  if (crowdsec && !crowdsec.error) say(`                        crowdsec: ${scenarios(crowdsec)}`);
  say(`counters: vigie's checkpoint (lines analysed and stored; committed every 5 s, so it lags), CrowdSec's lines parsed + unparsed`);
  say(`vigie: ${vigie.stopSeconds === null ? `still busy ${STOP_WAIT_MS / 1000} s after SIGINT, killed` : `stopped ${f(vigie.stopSeconds, 1)} s after SIGINT`} (${f(vigie.requestsAtStop)} requests analysed by then)`);
  if (crowdsec?.error) say(`crowdsec: ${crowdsec.error}; no comparison`);
  else if (crowdsec) {
    say(`crowdsec: ${crowdsec.how}; nginx collection (${crowdsec.scenariosEnabled} scenario files), 1 parser routine; counters: read ${f(crowdsec.counters?.read)}, parsed ${f(crowdsec.counters?.parsed)}, unparsed ${f(crowdsec.counters?.unparsed)}`);
    const perLine = (seconds) => f((1000 * seconds) / Math.max(1, crowdsec.analysed), 2);
    if (crowdsec.counters) say(`crowdsec: per line, ${perLine(crowdsec.counters.parseSeconds)} ms parsing and ${perLine(crowdsec.counters.pourSeconds)} ms pouring into scenarios (wall clock, cs_parsing_time_seconds and cs_bucket_pour_seconds)`);
  } else say('crowdsec: skipped (--no-crowdsec)');
  say(`target p99 < 1,000 ms; a probe not banned within ${options.drain} s of the last write counts as "not seen"`);
  say(`load average (1, 5, 15 min): before ${loadBefore}, after ${loadAfter}; written: bench/out/watch.json`);
  return vigie.delays.length > 0 ? 0 : 1;
}
