// Shield benchmark, side by side in one run (loopback, one process each):
//  1. clean traffic: requests/s and p99 latency straight to the origin, through a bare Node proxy
//     (for reference), through `vigie shield`, and through nginx `proxy_pass` (upstream keep-alive);
//  2. a flood from 4,096 addresses (16 /24s of one cloud AS, named in X-Forwarded-For, which both
//     proxies believe from loopback) at the highest rate one autocannon process produces, while
//     200 legitimate visitors (own addresses, cookies, and the proof of work when asked) fetch pages:
//     their success and p99, the origin's health, and the shield's memory; then again with the
//     shield's under-attack mode switched on by hand. nginx runs `limit_req` (per address, 20 r/s,
//     burst 60) against the same flood.
// Writes bench/out/shield.json. Options: --clean-seconds N (6), --flood-seconds N (12).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench', 'out');
const VIGIE = join(ROOT, 'bin', 'vigie.js');
const cpus = availableParallelism();
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
/** Extra node flags for the shield alone, e.g. SHIELD_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses --cpu-prof). */
const shieldNodeFlags = (process.env.SHIELD_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const rssMb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return null;
  }
};
const round = (n, digits = 1) => (n === null || n === undefined ? null : Math.round(n * 10 ** digits) / 10 ** digits);

function parseArgs(argv) {
  const options = { cleanSeconds: 6, floodSeconds: 12, skipClean: false, skipFlood: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--skip-clean') options.skipClean = true;
    else if (argv[i] === '--skip-flood') options.skipFlood = true;
    else if (argv[i] === '--clean-seconds') options.cleanSeconds = Number(argv[++i]);
    else if (argv[i] === '--flood-seconds') options.floodSeconds = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (expected --clean-seconds N, --flood-seconds N, --skip-clean, --skip-flood)`);
  }
  if (!(options.cleanSeconds > 0 && options.floodSeconds > 0)) throw new Error('durations must be positive');
  return options;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The origin: a small site. Pages are cheap; /search costs 0.5 ms of CPU each (what floods aim at). */
const ORIGIN_CODE = `
import http from 'node:http';
let served = 0;
const page = '<!doctype html><title>page</title>' + 'x'.repeat(2048);
const server = http.createServer((req, res) => {
  if (req.url === '/stats') return res.end(JSON.stringify({ served }));
  served++;
  if (req.url.startsWith('/search')) {
    const end = performance.now() + 0.5;
    while (performance.now() < end);
    res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    return res.end('<!doctype html><title>results</title>');
  }
  res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-cache' });
  res.end(page);
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/** The same forwarding with Node's http module and nothing else: what Node itself costs. */
const BARE_PROXY_CODE = (originPort) => `
import http from 'node:http';
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const server = http.createServer((req, res) => {
  const up = http.request({ host: '127.0.0.1', port: ${originPort}, path: req.url, method: req.method, headers: req.headers, agent }, (r) => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  up.on('error', () => res.destroy());
  req.pipe(up);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function startChild(args, ready) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 30_000);
    const onData = (chunk) => {
      out += chunk.toString();
      const found = ready(out);
      if (found) {
        clearTimeout(timer);
        resolve({ child, found });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}): ${out}`)));
  });
}

async function startNginx(dir, originPort) {
  const plain = await freePort();
  const limited = await freePort();
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join('\n');
  const proxy = 'proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} crit;
events { worker_connections 4096; }
http {
  ${temp}
  access_log off;
  set_real_ip_from 127.0.0.1;
  real_ip_header X-Forwarded-For;
  upstream origin { server 127.0.0.1:${originPort}; keepalive 64; }
  limit_req_zone $binary_remote_addr zone=perip:10m rate=20r/s;
  server { listen 127.0.0.1:${plain} backlog=4096; location / { ${proxy} } }
  server { listen 127.0.0.1:${limited} backlog=4096; limit_req zone=perip burst=60 nodelay; limit_req_status 429; location / { ${proxy} } }
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${plain}/stats`);
      return { child, plain: `http://127.0.0.1:${plain}`, limited: `http://127.0.0.1:${limited}` };
    } catch {
      await sleep(50);
    }
  }
  throw new Error('nginx did not start');
}

/**
 * One /16 in each of 31 access networks (ISPs, one AS each in the bundled data): clean traffic
 * spread over them stays under the shield's default limits up to ~30,000 req/s (AS 1,000 r/s,
 * /24 100 r/s, address 20 r/s). From a single /14, a quarter of it fell in one AS, which the shield
 * then rate-limited above ~4,000 req/s: cheap 429s counted as throughput.
 */
const CLEAN_NETWORKS = ['24.10', '50.60', '66.10', '67.10', '68.10', '69.120', '70.200', '71.10', '74.60', '75.120', '96.10', '97.120', '98.10', '107.10', '2.10', '5.120', '31.60', '46.120', '62.10', '77.10', '78.10', '79.10', '80.60', '82.10', '83.60', '84.10', '85.60', '86.120', '87.60', '88.120', '89.10'];
const cleanAddress = (n) => {
  const i = n % (CLEAN_NETWORKS.length * 128);
  const slot = Math.floor(i / CLEAN_NETWORKS.length);
  return `${CLEAN_NETWORKS[i % CLEAN_NETWORKS.length]}.${(slot >> 2) * 8}.${9 + (slot & 3) * 32}`;
};

/** Clean traffic from 3,968 addresses in 31 networks (under every default limit of the shield). */
async function clean(url, seconds) {
  let n = 0;
  const result = await autocannon({
    url: `${url}/page`,
    connections: 32,
    duration: seconds,
    headers: { 'user-agent': UA },
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': cleanAddress(n++) } }) }],
  });
  return { rps: round(result.requests.average, 0), p99: result.latency.p99, p50: result.latency.p50, non2xx: result.non2xx, errors: result.errors };
}

const FLOOD_CODE = (url, seconds) => `
import autocannon from 'autocannon';
let n = 0;
const result = await autocannon({
  url: ${JSON.stringify(`${url}/search`)},
  connections: 256,
  duration: ${seconds},
  timeout: 5,
  headers: { 'user-agent': 'Mozilla/5.0 (compatible; flood)' },
  requests: [{ setupRequest: (req) => { n++; return { ...req, path: '/search?q=' + n, headers: { ...req.headers, 'x-forwarded-for': '159.203.' + (n & 15) + '.' + ((n >> 4) & 255) } }; } }],
});
console.log(JSON.stringify({ rps: result.requests.average, total: result.requests.total, statuses: result.statusCodeStats, errors: result.errors, timeouts: result.timeouts }));
`;

/** Solves proofs of work off the main thread, so the visitors' timings are not held up. */
function powSolver() {
  const code = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', ({ id, token, bits }) => {
  for (let n = 0; ; n++) {
    const h = createHash('sha256').update(token).update(n.toString(36)).digest();
    let z = 0;
    for (const b of h) { if (b === 0) { z += 8; continue; } z += Math.clz32(b) - 24; break; }
    if (z >= bits) return parentPort.postMessage({ id, nonce: n.toString(36) });
  }
});`;
  const worker = new Worker(code, { eval: true });
  const waiting = new Map();
  let next = 0;
  worker.on('message', ({ id, nonce }) => {
    waiting.get(id)?.(nonce);
    waiting.delete(id);
  });
  return {
    solve: (token, bits) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      worker.postMessage({ id, token, bits });
    }),
    stop: () => worker.terminate(),
  };
}

function get(agent, url, headers, method = 'GET', body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { method, agent, headers, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode, body: text, headers: res.headers, ms: performance.now() - started }));
      res.on('error', () => resolve({ status: 0, body: '', headers: {}, ms: performance.now() - started }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '', headers: {}, ms: performance.now() - started }));
    req.end(body);
  });
}

/** 200 visitors, each with its own address and cookie jar, a page every ~250 ms; solve the challenge when asked. */
async function visitors(url, seconds, solver) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  const latencies = [];
  let pages = 0;
  let ok = 0;
  let challenges = 0;
  /** Requests that failed (timeout, reset) or took over a second, by step. */
  const trouble = { page: 0, answer: 0, afterPass: 0 };
  const note = (step, reply) => {
    if (reply.status === 0 || reply.ms > 1000) trouble[step]++;
  };
  const end = performance.now() + seconds * 1000;
  const visitor = async (v) => {
    const ip = `70.${48 + (v >> 8)}.${v & 255}.20`;
    let cookie = '';
    await sleep(Math.random() * 250);
    while (performance.now() < end) {
      const headers = { 'x-forwarded-for': ip, 'user-agent': UA, ...(cookie ? { cookie } : {}) };
      let reply = await get(agent, `${url}/page?v=${v}`, headers);
      latencies.push(reply.ms);
      note('page', reply);
      pages++;
      if (reply.status === 200 && reply.body.includes('vigie-pow')) {
        challenges++;
        const token = /name="token" value="([^"]+)"/.exec(reply.body)?.[1];
        const bits = Number(/data-bits="(\d+)"/.exec(reply.body)?.[1]);
        const nonce = await solver.solve(token, bits);
        const form = new URLSearchParams({ token, nonce, back: '/' }).toString();
        const solved = await get(agent, `${url}/.vigie/pow`, { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, 'POST', form);
        latencies.push(solved.ms);
        note('answer', solved);
        cookie = (solved.headers['set-cookie']?.[0] ?? '').split(';', 1)[0];
        reply = await get(agent, `${url}/page?v=${v}`, { ...headers, cookie });
        latencies.push(reply.ms);
        note('afterPass', reply);
      }
      if (reply.status === 200 && reply.body.startsWith('<!doctype html><title>page')) ok++;
      await sleep(200 + Math.random() * 100);
    }
  };
  await Promise.all(Array.from({ length: 200 }, (_, v) => visitor(v)));
  agent.destroy();
  return { pages, successPct: round((100 * ok) / Math.max(1, pages), 2), p99: round(percentile(latencies, 99)), p50: round(percentile(latencies, 50)), challenges, slowOrFailed: trouble };
}

/** Probes the origin directly: is it still answering, and how fast. */
async function probeOrigin(originUrl, seconds) {
  const agent = new http.Agent({ keepAlive: false });
  const times = [];
  let failed = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const reply = await get(agent, `${originUrl}/page`, {});
    if (reply.status === 200 && reply.ms < 2000) times.push(reply.ms);
    else failed++;
    await sleep(250);
  }
  return { probes: times.length + failed, failed, p99: round(percentile(times, 99)) };
}

/** Requests the shield refused or challenged so far, from its metrics. */
async function shieldRefusals(url) {
  const metrics = (await get(new http.Agent(), `${url}/.vigie/metrics`, {})).body;
  let total = 0;
  for (const name of ['blocked', 'challenged', 'rate_limited_ip', 'rate_limited_prefix', 'rate_limited_asn', 'rate_limited_country']) {
    total += Number(new RegExp(`^vigie_shield_${name}_total (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
  }
  return total;
}

async function originServed(originUrl) {
  return JSON.parse((await get(new http.Agent(), `${originUrl}/stats`, {})).body).served;
}

async function flood(url, originUrl, seconds, solver, pid) {
  const before = await originServed(originUrl);
  const rss = [];
  const sampler = pid ? setInterval(() => rss.push(rssMb(pid)), 500) : null;
  const floodRun = startChild(['--input-type=module', '-e', FLOOD_CODE(url, seconds)], (out) => (out.includes('"rps"') && out.trim().endsWith('}') ? out : null));
  const [legit, origin, floodOut] = await Promise.all([visitors(url, seconds, solver), probeOrigin(originUrl, seconds), floodRun]);
  if (sampler) clearInterval(sampler);
  const floodResult = JSON.parse(floodOut.found.trim().split('\n').pop());
  const served = (await originServed(originUrl)) - before;
  return {
    legit,
    flood: { rps: round(floodResult.rps, 0), statuses: Object.fromEntries(Object.entries(floodResult.statuses).map(([k, v]) => [k, v.count])), errors: floodResult.errors, timeouts: floodResult.timeouts },
    origin: { ...origin, servedPerSecond: round(served / seconds, 0) },
    maxRssMb: rss.length ? round(Math.max(...rss.filter((r) => r !== null)), 0) : null,
  };
}

export async function run(argv) {
  const options = parseArgs(argv);
  if (!NGINX) throw new Error('nginx is not installed (apt-get install nginx): the peer is needed');
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-shield-'));
  const children = [];
  const solver = powSolver();
  try {
    const origin = await startChild(['--input-type=module', '-e', ORIGIN_CODE], (out) => /^(\d+)\n/.exec(out)?.[1]);
    children.push(origin.child);
    const originUrl = `http://127.0.0.1:${origin.found}`;
    const shield = await startChild(
      [...shieldNodeFlags, VIGIE, '--data-dir', join(dir, 'data'), 'shield', '--origin', originUrl, '--listen', '127.0.0.1:0', '--trust-forwarded', '--pow-bits', '12', '--lang', 'en'],
      (out) => /listening on (http:\/\/\S+),/.exec(out)?.[1],
    );
    children.push(shield.child);
    const nginx = await startNginx(dir, origin.found);
    children.push(nginx.child);
    const bare = await startChild(['--input-type=module', '-e', BARE_PROXY_CODE(origin.found)], (out) => /^(\d+)\n/.exec(out)?.[1]);
    children.push(bare.child);
    const bareUrl = `http://127.0.0.1:${bare.found}`;
    process.stdout.write(`shield ${shield.found}, nginx ${nginx.plain} (limit_req ${nginx.limited}), origin ${originUrl}\n`);
    const loadBefore = loadavg()[0];
    process.stdout.write(`note: ${cpus} cores, load average ${loadBefore.toFixed(1)} before the run: other work on this machine (and the load generators) competes with what is measured\n\n`);

    const skipped = { rps: null, p99: null, p50: null, non2xx: null, errors: null };
    const measure = (target) => (options.skipClean ? skipped : clean(target, options.cleanSeconds));
    const direct = await measure(originUrl);
    const viaBare = await measure(bareUrl);
    const refusedBefore = await shieldRefusals(shield.found);
    const viaShield = await measure(shield.found);
    // a challenge page is a 200 too: what the shield refused or challenged is counted apart
    viaShield.refusedOrChallenged = (await shieldRefusals(shield.found)) - refusedBefore;
    const viaNginx = await measure(nginx.plain);
    const cleanReport = {
      direct, bareNodeProxy: viaBare, shield: viaShield, nginx: viaNginx,
      rpsRatio: round(viaShield.rps / viaNginx.rps, 2),
      addedP99VsNginxMs: viaShield.p99 - viaNginx.p99,
      addedP99VsOriginMs: { shield: viaShield.p99 - direct.p99, nginx: viaNginx.p99 - direct.p99 },
    };
    process.stdout.write('1. clean traffic (32 connections, 3,968 addresses in 31 networks)\n');
    process.stdout.write(`   origin direct   ${direct.rps} req/s  p99 ${direct.p99} ms\n`);
    process.stdout.write(`   bare node proxy ${viaBare.rps} req/s  p99 ${viaBare.p99} ms  (Node's http module alone, for reference)\n`);
    process.stdout.write(`   vigie shield    ${viaShield.rps} req/s  p99 ${viaShield.p99} ms  (non-2xx ${viaShield.non2xx}, refused or challenged ${viaShield.refusedOrChallenged})\n`);
    process.stdout.write(`   nginx proxy     ${viaNginx.rps} req/s  p99 ${viaNginx.p99} ms  (non-2xx ${viaNginx.non2xx})\n`);
    process.stdout.write(`   shield/nginx req/s ${cleanReport.rpsRatio} (target >= 0.5); p99 added vs nginx ${cleanReport.addedP99VsNginxMs} ms (target <= 5)\n\n`);

    if (options.skipFlood) {
      writeFileSync(join(OUT, 'shield.json'), JSON.stringify({ at: new Date().toISOString(), options, loadAverage: { before: loadBefore, after: loadavg()[0] }, cpus, clean: cleanReport }, null, 2));
      return 0;
    }
    const shieldFlood = await flood(shield.found, originUrl, options.floodSeconds, solver, shield.child.pid);
    await sleep(1000);
    // the operator switches under-attack mode on by hand (SIGUSR2), then off again
    process.kill(shield.child.pid, 'SIGUSR2');
    const underAttackFlood = await flood(shield.found, originUrl, options.floodSeconds, solver, shield.child.pid);
    process.kill(shield.child.pid, 'SIGUSR2');
    await sleep(1000);
    const nginxFlood = await flood(nginx.limited, originUrl, options.floodSeconds, solver, null);
    const line = (name, r) =>
      `   ${name.padEnd(15)} legit ok ${r.legit.successPct}% of ${r.legit.pages} (p99 ${r.legit.p99} ms, ${r.legit.challenges} challenges solved, slow or failed ${JSON.stringify(r.legit.slowOrFailed)}); ` +
      `flood ${r.flood.rps} req/s ${JSON.stringify(r.flood.statuses)}; origin served ${r.origin.servedPerSecond}/s, probes failed ${r.origin.failed}/${r.origin.probes} (p99 ${r.origin.p99} ms)` +
      (r.maxRssMb !== null ? `; shield RSS max ${r.maxRssMb} MB` : '') +
      '\n';
    process.stdout.write('2. flood from 4,096 addresses (one cloud AS, 256 connections) + 200 visitors\n');
    process.stdout.write(line('vigie shield', shieldFlood));
    process.stdout.write(line('shield, attack', underAttackFlood));
    process.stdout.write(line('nginx limit_req', nginxFlood));
    const metrics = (await get(new http.Agent(), `${shield.found}/.vigie/metrics`, {})).body;
    const loopDelay = /^vigie_shield_event_loop_delay_p99_ms ([\d.]+)/m.exec(metrics)?.[1];
    const loopMax = /^vigie_shield_event_loop_delay_max_ms ([\d.]+)/m.exec(metrics)?.[1];
    const pick = (name) => Number(new RegExp(`^vigie_shield_${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
    const shieldCounts = {
      requests: pick('requests_total'), blocked: pick('blocked_total'), challenged: pick('challenged_total'),
      rateLimitedPrefix: pick('rate_limited_prefix_total'), rateLimitedAsn: pick('rate_limited_asn_total'), rateLimitedIp: pick('rate_limited_ip_total'),
      underAttackAuto: pick('under_attack_auto_total'), eventsDropped: pick('events_dropped'),
    };
    process.stdout.write(`   shield counters ${JSON.stringify(shieldCounts)}; its event loop delay p99 ${loopDelay} ms, max ${loopMax} ms (this minute)\n`);
    process.stdout.write(`   load average after the run ${loadavg()[0].toFixed(1)}\n`);
    process.stdout.write('   (the shield runs --pow-bits 12: one bench thread solves for all 200 visitors, where each browser would solve its own)\n');
    writeFileSync(join(OUT, 'shield.json'), JSON.stringify({ at: new Date().toISOString(), options, loadAverage: { before: loadBefore, after: loadavg()[0] }, cpus, clean: cleanReport, flood: { shield: shieldFlood, shieldUnderAttack: underAttackFlood, nginx: nginxFlood, shieldCounts } }, null, 2));
    return 0;
  } finally {
    await solver.stop();
    for (const child of children) child.kill('SIGTERM');
  }
}
