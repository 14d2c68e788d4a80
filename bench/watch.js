// Live benchmark: appends simulator lines to a file that `vigie watch` follows, at a set rate, and
// measures how long a new attacker takes to become a decision visible in the bouncer API (p50, p99),
// the sustained rate, and the watcher's memory over time (it must stay flat). Writes
// bench/out/watch.json. CrowdSec is compared only where its engine is installed (`crowdsec`).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const VIGIE = join(ROOT, 'bin', 'vigie.js');

function parseArgs(argv) {
  const options = { rate: 50_000, seconds: 60 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rate') options.rate = Number(argv[++i]);
    else if (argv[i] === '--seconds') options.seconds = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (expected --rate N, --seconds N)`);
  }
  if (!(options.rate > 0 && options.seconds > 0)) throw new Error('--rate and --seconds must be positive');
  return options;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const rssMb = (pid) => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
};

/** A probe: one SQL injection from a fresh address, whose ban the bouncer must see. */
function probeLine(index) {
  const ip = `178.64.${100 + Math.floor(index / 250)}.${1 + (index % 250)}`;
  const now = new Date();
  const stamp = `${String(now.getUTCDate()).padStart(2, '0')}/Oct/2026:22:00:00 +0000`;
  return { ip, line: `${ip} - - [${stamp}] "GET /results?id=1'%20UNION%20SELECT%20password%20FROM%20users-- HTTP/1.1" 200 512 "-" "Mozilla/5.0"` };
}

export async function run(argv) {
  const options = parseArgs(argv);
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-watch-'));
  const log = join(dir, 'access.log');
  const dataDir = join(dir, 'data');
  writeFileSync(log, '');
  const add = spawnSync(process.execPath, [VIGIE, '--data-dir', dataDir, 'bouncers', 'add', 'bench', '--lang', 'en'], { encoding: 'utf8' });
  const key = /^\s{4}(\S+)$/m.exec(add.stdout)?.[1];
  if (!key) throw new Error(`could not add a bouncer: ${add.stderr || add.stdout}`);
  const port = 20_000 + (process.pid % 20_000);
  const nodeArgs = (process.env.VIGIE_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const watcher = spawn(process.execPath, [...nodeArgs, VIGIE, '--data-dir', dataDir, 'watch', log, '--listen', `127.0.0.1:${port}`, '--lang', 'en'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  watcher.stdout.on('data', (c) => (output += c));
  watcher.stderr.on('data', (c) => (output += c));
  const api = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 200) throw new Error(`vigie watch did not start:\n${output}`);
    if (output.includes('Bouncer API on')) break;
    await sleep(50);
  }

  // Lines from the simulator, generated up front so that writing costs the benchmark nothing.
  const total = options.rate * options.seconds;
  const { simulate } = await import(join(ROOT, 'dist', 'traffic', 'simulate', 'index.js'));
  const lines = [];
  for (const line of simulate({ seed: 3, lines: total })) lines.push(line);

  const pending = new Map();
  const delays = [];
  const memory = [];
  let polling = true;
  const poller = (async () => {
    await fetch(`${api}/v1/decisions/stream?startup=true`, { headers: { 'X-Api-Key': key } });
    while (polling) {
      const response = await fetch(`${api}/v1/decisions/stream?startup=false`, { headers: { 'X-Api-Key': key } }).catch(() => null);
      const body = response && response.ok ? await response.json() : null;
      for (const decision of body?.new ?? []) {
        const written = pending.get(decision.value);
        if (written !== undefined) {
          delays.push(performance.now() - written);
          pending.delete(decision.value);
        }
      }
      await sleep(20);
    }
  })();

  const tickMs = 100;
  const perTick = Math.max(1, Math.round((options.rate * tickMs) / 1000));
  const started = performance.now();
  let written = 0;
  let probes = 0;
  let nextProbe = started;
  while (written < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.rate) + perTick);
    if (due > written) {
      let chunk = lines.slice(written, due).join('\n') + '\n';
      if (performance.now() >= nextProbe) {
        const probe = probeLine(probes++);
        chunk += probe.line + '\n';
        pending.set(probe.ip, performance.now());
        nextProbe += 1000;
      }
      appendFileSync(log, chunk);
      written = due;
    }
    const rss = rssMb(watcher.pid);
    if (rss !== null) memory.push({ at: (performance.now() - started) / 1000, rssMb: rss });
    await sleep(tickMs);
  }
  const writeSeconds = (performance.now() - started) / 1000;
  for (let i = 0; i < 100 && pending.size > 0; i++) await sleep(100);
  polling = false;
  await poller;
  watcher.kill('SIGINT');
  await new Promise((r) => watcher.once('exit', r));
  const analysed = Number(/Stopped: ([\d,]+) requests/.exec(output)?.[1]?.replace(/,/g, '') ?? NaN);

  const third = Math.max(1, Math.floor(memory.length / 3));
  const mean = (xs) => (xs.length ? xs.reduce((n, x) => n + x.rssMb, 0) / xs.length : null);
  const result = {
    benchmark: 'watch',
    date: new Date().toISOString(),
    target: { linesPerSecond: options.rate, seconds: options.seconds },
    written: { lines: written + probes, seconds: writeSeconds, linesPerSecond: (written + probes) / writeSeconds },
    analysed: Number.isFinite(analysed) ? analysed : null,
    decisionDelayMs: { probes, seen: delays.length, p50: percentile(delays, 50), p99: percentile(delays, 99), max: percentile(delays, 100) },
    memory: { peakMb: Math.max(...memory.map((m) => m.rssMb)), firstThirdMeanMb: mean(memory.slice(0, third)), lastThirdMeanMb: mean(memory.slice(-third)) },
    crowdsec: existsSync('/usr/bin/crowdsec') ? 'installed, comparison not automated yet' : 'not installed: no comparison',
  };
  writeFileSync(join(OUT, 'watch.json'), JSON.stringify(result, null, 2) + '\n');
  const f = (v, d = 0) => (v === null || v === undefined ? '-' : Number(v).toLocaleString('en-CA', { maximumFractionDigits: d }));
  process.stdout.write(
    [
      '',
      `Live: ${f(result.written.lines)} lines appended in ${f(writeSeconds, 1)} s (${f(result.written.linesPerSecond)} lines/s; target ${f(options.rate)})`,
      `vigie watch analysed ${f(result.analysed)} requests`,
      `decision visible in the bouncer API after a new attacker's line: p50 ${f(result.decisionDelayMs.p50)} ms, p99 ${f(result.decisionDelayMs.p99)} ms (${result.decisionDelayMs.seen}/${probes} probes seen; target p99 < 1000 ms)`,
      `memory: peak ${f(result.memory.peakMb, 1)} MB; mean first third ${f(result.memory.firstThirdMeanMb, 1)} MB, last third ${f(result.memory.lastThirdMeanMb, 1)} MB`,
      `crowdsec: ${result.crowdsec}`,
      `written: bench/out/watch.json`,
      '',
    ].join('\n'),
  );
  return delays.length === probes ? 0 : 1;
}
