import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../src/model/index.js';
import { startWatch, type WatchHandle } from '../src/pipeline/watch.js';
import type { SyslogReceiver } from '../src/traffic/sources/live/index.js';

const line = (ip: string, method: string, path: string, status: number, at: Date) =>
  `${ip} - - [${at.getUTCDate()}/Oct/2026:${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}:${String(at.getUTCSeconds()).padStart(2, '0')} +0000] "${method} ${path} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0"`;

async function until<T>(check: () => Promise<T | null>, what: string, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('vigie watch: a log line to a decision a bouncer sees', () => {
  let watch: WatchHandle | null = null;
  afterEach(async () => {
    await watch?.stop();
    watch = null;
  });

  it('bans an attacker found in lines appended to a watched file, and keeps visitors out of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-watch-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, `${line('70.48.1.1', 'GET', '/', 200, new Date(Date.UTC(2026, 9, 20, 22)))}\n`);
    const findings: Finding[] = [];
    watch = await startWatch({
      paths: [log], dataDir: join(dir, 'data'), home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [],
      pollMs: 50, onFinding: (f) => findings.push(f),
    });
    const key = (await watch.api.service.addBouncer('test')) as string;
    const decisionsFor = async (ip: string) => {
      const response = await fetch(`${watch?.url}/v1/decisions?ip=${ip}`, { headers: { 'X-Api-Key': key } });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { value: string; type: string; scenario: string }[] | null;
      return body && body.length > 0 ? body : null;
    };

    const t0 = Date.UTC(2026, 9, 20, 22, 1);
    const lines: string[] = [];
    for (let i = 0; i < 5; i++) lines.push(line('70.48.1.1', 'GET', `/fr/page-${i}`, 200, new Date(t0 + i * 1000)));
    lines.push(line('178.64.47.34', 'GET', "/results?id=1'%20UNION%20SELECT%20password%20FROM%20users--", 200, new Date(t0 + 6000)));
    for (let i = 0; i < 25; i++) lines.push(line('158.69.250.103', 'POST', '/wp-login.php', 200, new Date(t0 + 7000 + i * 500)));
    appendFileSync(log, `${lines.join('\n')}\n`);

    const sqli = await until(() => decisionsFor('178.64.47.34'), 'the SQL injection ban');
    expect(sqli[0]).toMatchObject({ value: '178.64.47.34', type: 'ban' });
    const brute = await until(() => decisionsFor('158.69.250.103'), 'the brute-force ban');
    expect(brute[0]).toMatchObject({ value: '158.69.250.103', type: 'ban' });
    expect(await decisionsFor('70.48.1.1')).toBeNull();
    expect(findings.map((f) => f.category)).toEqual(expect.arrayContaining(['sqli', 'brute-force']));
    expect(watch.analyzer.events).toBe(31);

    // findings and complete minutes reach the store
    appendFileSync(log, `${line('70.48.1.1', 'GET', '/', 200, new Date(t0 + 5 * 60_000))}\n`);
    await until(async () => (watch && watch.analyzer.events === 32 ? true : null), 'the later line');
    await watch.flush();
    const stored = await watch.store.findings({ runId: watch.runId });
    expect(stored.map((f) => f.category)).toEqual(expect.arrayContaining(['sqli', 'brute-force']));
    const minutes = await watch.store.rollups({ runId: watch.runId, dimension: 'all' });
    expect(minutes.reduce((n, r) => n + r.requests, 0)).toBe(32);
    // the checkpoint moves only once that work is stored: it now points at the end of the file
    const saved = JSON.parse(readFileSync(join(dir, 'data', 'checkpoints.json'), 'utf8')) as unknown;
    expect(JSON.stringify(saved)).toContain(`"offset":${statSync(log).size}`);
    expect(minutes.reduce((n, r) => n + r.attacks, 0)).toBe(26); // the injection, and 25 wp-login.php posts tagged cms-probe
  });

  it('runs the operator\'s rules, acts only on those not in simulation, and keeps an export file in step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-watch-'));
    const log = join(dir, 'access.log');
    writeFileSync(log, '');
    mkdirSync(join(dir, 'rules'));
    const rule = (name: string, path: string, simulation: boolean) => `- name: ${name}
  description: { en: Contact form spam, fr: Pourriel du formulaire de contact }
  type: window
  filter: method == "POST" and pathOnly == "${path}"
  groupBy: ip
  window: 1m
  threshold: 5
  severity: high
  confidence: 0.9
  category: brute-force
  technique: T1110
  simulation: ${simulation}
`;
    writeFileSync(join(dir, 'rules', 'site.yaml'), rule('site/contact-spam', '/contact', false) + rule('site/newsletter-spam', '/newsletter', true));
    const exported = join(dir, 'bans.txt');
    const seen: [string, string | null, string][] = [];
    watch = await startWatch({
      paths: [log], dataDir: join(dir, 'data'), home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [],
      pollMs: 50, rules: [join(dir, 'rules')], exports: [{ format: 'text', path: exported }],
      onFinding: (f, d, reason) => seen.push([f.rule, d ? d.value : null, reason]),
    });
    const t0 = Date.UTC(2026, 9, 20, 22, 1);
    const lines: string[] = [];
    for (let i = 0; i < 6; i++) lines.push(line('178.64.47.34', 'POST', '/contact', 200, new Date(t0 + i * 1000)));
    for (let i = 0; i < 6; i++) lines.push(line('5.219.95.162', 'POST', '/newsletter', 200, new Date(t0 + i * 1000)));
    appendFileSync(log, `${lines.join('\n')}\n`);
    await until(async () => (existsSync(exported) && readFileSync(exported, 'utf8').includes('178.64.47.34') ? true : null), 'the export file');
    expect(seen).toContainEqual(['site/contact-spam', '178.64.47.34', expect.anything()]);
    expect(seen).toContainEqual(['site/newsletter-spam', null, 'simulation']);
    expect(readFileSync(exported, 'utf8')).not.toContain('5.219.95.162');
  });

  it('refuses a bad rule file, naming its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-watch-'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'bad.yaml'), '- name: x\n  type: window\n  filter: status ==\n');
    await expect(
      startWatch({ paths: [join(dir, 'a.log')], dataDir: join(dir, 'data'), home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [], rules: [join(dir, 'rules')] }),
    ).rejects.toThrow(/bad\.yaml:\d+/);
  });

  it('takes lines from syslog (as nginx sends them) and from the HTTP ingest endpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-watch-'));
    watch = await startWatch({
      paths: [], dataDir: join(dir, 'data'), home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [],
      syslog: { host: '127.0.0.1', udpPort: 0, tcpPort: null }, ingestTokens: ['s3cret-token'],
    });
    const key = (await watch.api.service.addBouncer('test')) as string;
    const syslog = watch.sources.find((s) => s.name === 'syslog') as SyslogReceiver;
    const port = syslog.addresses().udp?.port as number;
    const attack = line('178.64.47.34', 'GET', "/?id=1'%20UNION%20SELECT%20password%20FROM%20users--", 200, new Date(Date.UTC(2026, 9, 20, 22)));
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => socket.send(`<190>Oct 20 22:00:00 web1 nginx: ${attack}`, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    socket.close();
    const decided = async (ip: string) => {
      const response = await fetch(`${watch?.url}/v1/decisions?ip=${ip}`, { headers: { 'X-Api-Key': key } });
      const body = (await response.json()) as unknown[] | null;
      return body && body.length > 0 ? body : null;
    };
    await until(() => decided('178.64.47.34'), 'the ban from a syslog line');

    const refused = await fetch(`${watch.url}/api/ingest`, { method: 'POST', headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' }, body: '[]' });
    expect(refused.status).toBe(401);
    const shipped = line('5.219.95.162', 'GET', '/cgi-bin/test.cgi?x=;cat%20/etc/passwd', 200, new Date(Date.UTC(2026, 9, 20, 22)));
    const accepted = await fetch(`${watch.url}/api/ingest`, {
      method: 'POST',
      headers: { authorization: 'Bearer s3cret-token', 'content-type': 'application/json' },
      body: JSON.stringify([shipped]),
    });
    expect(accepted.status).toBeLessThan(300);
    await until(() => decided('5.219.95.162'), 'the ban from an ingested line');
  });

  it('adds and removes manual decisions through the admin API while watching, with a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-watch-'));
    watch = await startWatch({
      paths: [join(dir, 'a.log')], dataDir: join(dir, 'data'), home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [],
      adminTokens: ['admin-token-1'],
    });
    const key = (await watch.api.service.addBouncer('test')) as string;
    const admin = (path: string, init: RequestInit = {}, token = 'admin-token-1') =>
      fetch(`${watch?.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
    expect((await admin('/api/decisions', {}, 'wrong')).status).toBe(401);
    const bad = await admin('/api/decisions', { method: 'POST', body: JSON.stringify({ scope: 'ip', value: '203.0.113.7', duration: 'soon' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^duration/);
    const added = await admin('/api/decisions', { method: 'POST', body: JSON.stringify({ scope: 'ip', value: '203.0.113.7', duration: '2h', reason: 'manual' }) });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: number };
    const seen = async () => (await (await fetch(`${watch?.url}/v1/decisions?ip=203.0.113.7`, { headers: { 'X-Api-Key': key } })).json()) as unknown[] | null;
    expect(await seen()).toHaveLength(1);
    expect((await admin(`/api/decisions/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await seen()).toBeNull();
    const audit = await watch.api.service.audit();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['add', 'delete']));
  });

  it('names a file it cannot parse and keeps watching the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-watch-'));
    const good = join(dir, 'access.log');
    const bad = join(dir, 'notes.log');
    writeFileSync(good, '');
    writeFileSync(bad, '');
    const formats: [string, string][] = [];
    watch = await startWatch({
      paths: [join(dir, '*.log')], dataDir: join(dir, 'data'), home: 'CA', listen: '127.0.0.1:0', formatOptions: {}, trustedProxies: [],
      pollMs: 50, onFormat: (source, format) => formats.push([source, format instanceof Error ? `error: ${format.message}` : format]),
    });
    appendFileSync(bad, 'this is not a log\n');
    appendFileSync(good, `${line('70.48.1.1', 'GET', '/', 200, new Date(Date.UTC(2026, 9, 20, 22)))}\n`);
    await until(async () => (watch && watch.analyzer.events === 1 ? true : null), 'the good line');
    expect(formats).toContainEqual([good, 'combined']);
    expect(formats.find(([source]) => source === bad)?.[1]).toMatch(/^error: unknown log format/);
  });
});
