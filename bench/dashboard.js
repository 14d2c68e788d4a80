// Dashboard benchmark: loads simulated events (10 million by default) into the embedded store
// (enriched, tagged with the simulator's truth, seen by the real detectors, rolled up per minute
// as `vigie serve` writes them), then measures the server time of GET /api/overview and GET /api/traffic through Fastify's
// inject (no network), unfiltered and under each traffic filter: p50 and p95 over --requests calls
// each (target p95 < 300 ms). It also sums
// the gzipped size of the dashboard's initial JavaScript (entry script and the chunks index.html
// preloads) when web/dist exists (target < 500 KB). Writes bench/out/dashboard.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const START = Date.UTC(2026, 9, 20, 22, 0, 0);
const BATCH = 20_000;

function parseArgs(argv) {
  const options = { events: 10_000_000, requests: 50, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--events') options.events = Number(argv[++i]);
    else if (argv[i] === '--requests') options.requests = Number(argv[++i]);
    else if (argv[i] === '--keep') options.keep = true;
    else throw new Error(`unknown option ${argv[i]} (expected --events N, --requests N, --keep)`);
  }
  if (!(options.events > 0 && options.requests > 0)) throw new Error('--events and --requests must be positive');
  return options;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const ms = (value) => Math.round(value * 10) / 10;

/** The gzipped size of the scripts index.html loads at once (entry and module preloads). */
function initialJs() {
  const dist = join(ROOT, 'web', 'dist');
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return null;
  const html = readFileSync(index, 'utf8');
  const files = new Set();
  for (const match of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)) files.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) files.add(match[1]);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dist, file.replace(/^\//, '')));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: [...files], rawKb: Math.round(raw / 1024), gzipKb: Math.round(gzip / 1024) };
}

/**
 * Simulated events straight from the simulator's records (no log text to write and parse again):
 * enriched by the intel module, tagged with the simulator's ground truth, observed by the real
 * detectors (for the findings the overview lists), rolled up per minute, and appended to the store.
 */
async function load(options, dir) {
  const { DuckDbStore } = await import('../dist/store/duckdb/duckdb-store.js');
  const { buildTrafficStages } = await import('../dist/pipeline/traffic-stages.js');
  const { RollupBuilder } = await import('../dist/traffic/rollup.js');
  const { ExtraRollups } = await import('../dist/server/queries/extra-rollups.js');
  const { originOf } = await import('../dist/traffic/attribution.js');
  const { simulateLabelled } = await import('../dist/traffic/simulate/index.js');
  const store = await DuckDbStore.open(dir);
  const built = await buildTrafficStages({ formatOptions: {}, trustedProxies: [], dataDir: dir });
  const { intel, detectors } = built.stages;
  const rollups = new RollupBuilder();
  const extra = new ExtraRollups();
  const runId = await store.beginRun({ kind: 'watch', inputs: ['bench'], home: 'CA', startedAt: START });
  let batch = [];
  let line = 0;
  let last = 0;
  const started = performance.now();
  const flush = async () => {
    const events = batch;
    batch = [];
    rollups.add(events);
    extra.add(events);
    await store.appendEvents(runId, events);
    const rows = [...rollups.drain(), ...extra.drain()];
    if (rows.length) await store.appendRollups(runId, rows);
    if (events.length) last = Math.max(last, events[events.length - 1].time);
  };
  for (const { request, tags } of simulateLabelled({ seed: 1, lines: options.events, start: new Date(START) })) {
    const facts = intel.lookup(request.ip, request.userAgent);
    const event = {
      ...request, file: 'access.log', line: ++line, country: facts.country, asn: facts.asn, org: facts.org,
      networkType: facts.networkType, origin: originOf(facts.country, facts.networkType, 'CA'), tags: [...tags],
    };
    for (const detector of detectors) detector.observe(event);
    batch.push(event);
    if (batch.length === BATCH) {
      await flush();
      if (line % 1_000_000 === 0) process.stdout.write(`  loaded ${line / 1_000_000} M events (${Math.round((performance.now() - started) / 1000)} s)\n`);
    }
  }
  await flush();
  await store.appendRollups(runId, rollups.drain(true));
  await store.saveFindings(runId, built.stages.collectFindings(detectors));
  await store.flushEvents();
  const loadSeconds = (performance.now() - started) / 1000;
  return { store, intel, last, loadSeconds, events: await store.countEvents() };
}

async function measure(app, url, cookie, requests) {
  const times = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const response = await app.inject({ url, headers: { cookie } });
    times.push(performance.now() - t0);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  }
  return { p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), max: ms(Math.max(...times)) };
}

export async function run(argv) {
  const options = parseArgs(argv);
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-dashboard-'));
  process.stdout.write(`dashboard: loading ${options.events.toLocaleString('en')} simulated events into ${dir}\n`);
  const loaded = await load(options, dir);
  const { DuckDbDecisionStore } = await import('../dist/decisions/duckdb-decision-store.js');
  const { DecisionService } = await import('../dist/decisions/service.js');
  const { buildServer } = await import('../dist/server/app.js');
  const connection = await loaded.store.connect();
  const decisions = await DuckDbDecisionStore.withConnection(connection, () => connection.closeSync());
  const now = () => loaded.last + 60_000;
  const service = new DecisionService(decisions, { now });
  const app = await buildServer({ store: loaded.store, service, home: 'CA', intel: loaded.intel, now });
  const setup = await app.inject({ method: 'POST', url: '/api/setup', payload: { username: 'bench', password: 'benchmark password' } });
  const cookie = String(setup.headers['set-cookie']).split(';')[0];
  const end = now();
  const routes = {
    'overview (60 min)': '/api/overview?minutes=60',
    'overview (whole night)': '/api/overview?minutes=480',
    'traffic (last hour)': '/api/traffic',
    'traffic (whole night)': `/api/traffic?from=${START - 60_000}&to=${end}`,
  };
  // one filtered page per filter kind, and combinations: they read the store's per-minute cubes
  const night = `/api/traffic?from=${START - 60_000}&to=${end}`;
  for (const filter of ['country=US', 'country=CA', 'asn=14061', 'network=hosting', 'category=sqli', 'status=404', 'path=/wp-', 'path=/fr/', 'country=US&status=404', 'country=CN&network=hosting&category=sqli']) {
    routes[`traffic (whole night, ${filter})`] = `${night}&${filter}`;
  }
  routes['traffic (last hour, country=US)'] = '/api/traffic?country=US';
  const results = {};
  for (const [name, url] of Object.entries(routes)) {
    await measure(app, url, cookie, 3); // warm-up
    results[name] = await measure(app, url, cookie, options.requests);
  }
  const js = initialJs();
  await app.close();
  await decisions.close();
  await loaded.store.close();
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
  const report = { events: loaded.events, loadSeconds: Math.round(loaded.loadSeconds), requests: options.requests, results, initialJs: js, targets: { p95Ms: 300, initialJsGzipKb: 500 } };
  writeFileSync(join(OUT, 'dashboard.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`dashboard: ${loaded.events.toLocaleString('en')} events in the store (loaded in ${report.loadSeconds} s); server time over ${options.requests} requests each\n`);
  let ok = true;
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(`  ${name.padEnd(62)} p50 ${String(r.p50).padStart(7)} ms  p95 ${String(r.p95).padStart(7)} ms  (p95 / 300 ms target = ${(r.p95 / 300).toFixed(2)})\n`);
    if (r.p95 >= 300) ok = false;
  }
  if (js) {
    process.stdout.write(`  initial JavaScript: ${js.gzipKb} KB gzipped (${js.rawKb} KB raw, ${js.files.length} files; / 500 KB target = ${(js.gzipKb / 500).toFixed(2)})\n`);
    if (js.gzipKb >= 500) ok = false;
  } else {
    process.stdout.write('  initial JavaScript: web/dist not built (npm run build:web), not measured\n');
  }
  return ok ? 0 : 1;
}
