// Runs CrowdSec's engine in the foreground for the benchmark, with a configuration of its own in a
// temporary directory: its hub is a copy of the one Debian vendors, the nginx collection is
// installed from it by cscli (no download), the local API listens on a free loopback port, the
// online API and the console are left out, and Prometheus listens on another free port so that the
// bench can read how many lines were read and parsed while it runs.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function configYaml(dir, root, lapiPort, metricsPort) {
  return `common:
  daemonize: false
  log_media: file
  log_level: info
  log_dir: ${dir}/log/
  working_dir: ${dir}
config_paths:
  config_dir: ${dir}/etc/
  data_dir: ${dir}/data/
  simulation_path: ${dir}/etc/simulation.yaml
  hub_dir: ${dir}/hub/
  index_path: ${dir}/hub/.index.json
  notification_dir: ${dir}/etc/notifications/
  plugin_dir: ${root}/usr/lib/crowdsec/plugins/
crowdsec_service:
  acquisition_path: ${dir}/etc/acquis.yaml
  parser_routines: 1
cscli:
  output: json
  color: no
  hub_branch: master
db_config:
  log_level: warning
  type: sqlite
  db_path: ${dir}/data/crowdsec.db
  use_wal: true
  flush:
    max_items: 100000
    max_age: 1d
api:
  client:
    insecure_skip_verify: false
    credentials_path: ${dir}/etc/local_api_credentials.yaml
  server:
    log_level: warning
    listen_uri: 127.0.0.1:${lapiPort}
    profiles_path: ${dir}/etc/profiles.yaml
    console_path: ${dir}/etc/console.yaml
    trusted_ips:
      - 127.0.0.1
prometheus:
  enabled: true
  level: full
  listen_addr: 127.0.0.1
  listen_port: ${metricsPort}
`;
}

const PROFILES = `name: default_ip_remediation
filters:
 - Alert.Remediation == true && Alert.GetScope() == "Ip"
decisions:
 - type: ban
   duration: 4h
on_success: break
`;

/**
 * Enables hub items as cscli would: a symlink config_dir/<kind>[/<stage>]/<name>.yaml -> the hub's
 * file, with a collection's parsers, scenarios, postoverflows and collections in turn.
 * cscli 1.4.6 cannot do it itself offline: `cscli collections install` always downloads the item
 * from hub-cdn.crowdsec.net, even when the hub directory already holds it (Debian's postinst makes
 * the same symlinks for the same reason). Returns the scenarios enabled.
 */
function enable(dir, kind, name, index, scenarios = []) {
  const item = index[kind]?.[name];
  if (!item) throw new Error(`the vendored hub has no ${kind} ${name}`);
  const link = join(dir, 'etc', kind, item.stage ?? '', basename(item.path));
  if (!existsSync(link)) {
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(join(dir, 'hub', item.path), link);
    if (kind === 'scenarios') scenarios.push(name);
    provideData(dir, join(dir, 'hub', item.path));
  }
  for (const sub of ['parsers', 'scenarios', 'postoverflows', 'collections']) {
    for (const child of item[sub] ?? []) enable(dir, sub, child, index, scenarios);
  }
  return scenarios;
}

/**
 * An item's data files, which cscli would download from source_url to data_dir/dest_file. Debian
 * ships them in /usr/share/crowdsec/data under the source's name, which is not always dest_file
 * (path_traversal.txt for http_path_traversal.txt): without the copy, http-path-traversal-probing
 * logs an error with its whole expression library for every line, and CrowdSec crawls.
 */
function provideData(dir, file) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    for (const entry of doc.toJS()?.data ?? []) {
      const dest = join(dir, 'data', basename(String(entry.dest_file)));
      const shipped = join(dir, 'data', basename(String(entry.source_url)));
      if (!existsSync(dest) && existsSync(shipped)) cpSync(shipped, dest);
    }
  }
}

/** Writes the configuration, installs the nginx collection and registers a machine and a bouncer. */
export async function prepareCrowdsec({ root, dir, log }) {
  const bin = (name) => join(root, 'usr', 'bin', name);
  const [lapiPort, metricsPort] = [await freePort(), await freePort()];
  for (const sub of ['etc', 'data', 'log', 'etc/notifications']) mkdirSync(join(dir, sub), { recursive: true });
  cpSync(join(root, 'usr', 'share', 'crowdsec', 'hub'), join(dir, 'hub'), { recursive: true });
  cpSync(join(root, 'etc', 'crowdsec', 'patterns'), join(dir, 'etc', 'patterns'), { recursive: true });
  // The scenarios' data files (bad user agents, SQL injection patterns...): cscli would download
  // them from GitHub if they were missing, as Debian's postinst knows.
  cpSync(join(root, 'usr', 'share', 'crowdsec', 'data'), join(dir, 'data'), { recursive: true });
  const config = join(dir, 'etc', 'config.yaml');
  writeFileSync(config, configYaml(dir, root, lapiPort, metricsPort));
  writeFileSync(join(dir, 'etc', 'profiles.yaml'), PROFILES);
  writeFileSync(join(dir, 'etc', 'simulation.yaml'), 'simulation: off\n');
  writeFileSync(join(dir, 'etc', 'console.yaml'), 'share_manual_decisions: false\nshare_custom: false\nshare_tainted: false\n');
  writeFileSync(join(dir, 'etc', 'acquis.yaml'), `filenames:\n  - ${log}\nlabels:\n  type: nginx\n`);

  const cscli = (...args) => {
    const r = spawnSync(bin('cscli'), ['-c', config, ...args], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`cscli ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  };
  const index = JSON.parse(readFileSync(join(dir, 'hub', '.index.json'), 'utf8'));
  // nginx: its parser and the generic HTTP scenarios. From the linux collection, as Debian enables
  // it: dateparse-enrich, so that events carry their line's time, and syslog-logs, without which
  // (no s00-raw parser at all) every line of the file is counted unparsed.
  const scenarios = enable(dir, 'collections', 'crowdsecurity/nginx', index);
  enable(dir, 'parsers', 'crowdsecurity/dateparse-enrich', index);
  enable(dir, 'parsers', 'crowdsecurity/syslog-logs', index);
  const listed = JSON.parse(cscli('--error', 'collections', 'list', '-o', 'json')).collections ?? [];
  if (listed.find((c) => c.name === 'crowdsecurity/nginx')?.status !== 'enabled') {
    throw new Error(`cscli does not see crowdsecurity/nginx enabled: ${JSON.stringify(listed)}`);
  }
  cscli('--error', 'machines', 'add', 'bench', '--auto', '--force', '-f', join(dir, 'etc', 'local_api_credentials.yaml'));
  const key = cscli('--error', 'bouncers', 'add', 'bench', '-o', 'raw').trim();
  if (!/^\S{16,}$/.test(key)) throw new Error(`cscli bouncers add printed no key: ${key}`);
  return { bin, config, lapi: `http://127.0.0.1:${lapiPort}`, metrics: `http://127.0.0.1:${metricsPort}/metrics`, key, scenarios };
}

/** Starts the engine and waits until its local API answers the bouncer key. */
export async function startCrowdsec(prepared, dir) {
  const child = spawn(prepared.bin('crowdsec'), ['-c', prepared.config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (c) => (output = (output + c).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.once('exit', (code, signal) => (exited = signal ?? code));
  const logTail = () => {
    try {
      return readFileSync(join(dir, 'log', 'crowdsec.log'), 'utf8').slice(-4000);
    } catch {
      return '';
    }
  };
  for (let i = 0; ; i++) {
    if (exited !== null) throw new Error(`crowdsec exited (${exited}):\n${output}\n${logTail()}`);
    if (i > 600) throw new Error(`crowdsec's local API did not answer within 60 s:\n${output}\n${logTail()}`);
    const ok = await fetch(`${prepared.lapi}/v1/decisions`, { headers: { 'X-Api-Key': prepared.key } }).then((r) => r.ok, () => false);
    if (ok && (await counters(prepared.metrics)) !== null) break;
    await sleep(100);
  }
  return {
    pid: child.pid,
    logTail,
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await new Promise((r) => (exited !== null ? r() : child.once('exit', r)));
        clearTimeout(killer);
      }
    },
  };
}

/**
 * Lines read by the file acquisition and lines through the parsers (parsed or not), and the time
 * spent parsing and pouring, from the Prometheus endpoint: the same counters `cscli metrics` shows as "Lines read" and
 * "Lines parsed" + "Lines unparsed". Null when the endpoint does not answer.
 */
export async function counters(url) {
  const text = await fetch(url).then((r) => (r.ok ? r.text() : null), () => null);
  if (text === null) return null;
  const sum = (name) => {
    let total = 0;
    for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'gm'))) total += Number(m[1]);
    return total;
  };
  return {
    read: sum('cs_filesource_hits_total'),
    parsed: sum('cs_parser_hits_ok_total'),
    unparsed: sum('cs_parser_hits_ko_total'),
    // wall-clock seconds spent parsing lines and pouring events into scenarios' buckets
    parseSeconds: sum('cs_parsing_time_seconds_sum'),
    pourSeconds: sum('cs_bucket_pour_seconds_sum'),
  };
}
