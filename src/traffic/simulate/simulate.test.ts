import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkContaining } from './networks.js';
import { simulate, simulateLabelled, simulationTruth, writeSimulatedLog } from './simulate.js';
import { ATTACK_LABELS, TRAFFIC_LABELS, type LabelledRequest } from './types.js';

/** nginx combined: $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent". */
const COMBINED =
  /^([0-9a-f.:]+) - (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "([A-Z]+) ([^ "]+) (HTTP\/[0-9.]+)" (\d{3}) (\d+) "((?:[^"\\]|\\x[0-9A-F]{2})*)" "((?:[^"\\]|\\x[0-9A-F]{2})*)"$/;
const VHOST = /^([a-z0-9.-]+):(\d+) (.*)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function lineTime(match: RegExpExecArray): number {
  const [, , , day, month, year, h, m, s] = match;
  return Date.UTC(Number(year), MONTHS.indexOf(month as string), Number(day), Number(h), Number(m), Number(s));
}

const LINES = 60_000;
const labelled: LabelledRequest[] = [...simulateLabelled({ seed: 7, lines: LINES })];
const truth = simulationTruth({ seed: 7, lines: LINES });

describe('simulate', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    const a = [...simulate({ seed: 42, lines: 5_000 })].join('\n');
    const b = [...simulate({ seed: 42, lines: 5_000 })].join('\n');
    const c = [...simulate({ seed: 43, lines: 5_000 })].join('\n');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('writes exactly the requested number of lines, in time order, each a valid combined line', () => {
    const lines = [...simulate({ seed: 7, lines: LINES })];
    expect(lines).toHaveLength(LINES);
    let previous = -Infinity;
    const bad: string[] = [];
    for (const line of lines) {
      const match = COMBINED.exec(line);
      if (!match) {
        bad.push(line);
        continue;
      }
      const time = lineTime(match);
      expect(time).toBeGreaterThanOrEqual(previous);
      previous = time;
    }
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('writes vhost-combined lines with the host and port before the combined part', () => {
    const lines = [...simulate({ seed: 3, lines: 3_000, format: 'vhost-combined' })];
    for (const line of lines) {
      const vhost = VHOST.exec(line);
      expect(vhost?.[1]).toBe('elections.example');
      expect(['80', '443']).toContain(vhost?.[2]);
      expect(COMBINED.test(vhost?.[3] ?? '')).toBe(true);
    }
  });

  it('starts at the given time and spans the night', () => {
    const start = new Date('2030-05-01T12:00:00Z');
    const lines = [...simulate({ seed: 1, lines: 4_000, start })];
    const times = lines.map((l) => lineTime(COMBINED.exec(l) as RegExpExecArray));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start.getTime());
    expect(Math.max(...times)).toBeLessThan(start.getTime() + 6 * 3_600_000);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(4 * 3_600_000);
  });

  it('never throws and always writes the requested count, whatever the seed and size', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 1_500 }), (seed, lines) => {
        expect([...simulate({ seed, lines })]).toHaveLength(lines);
      }),
      { numRuns: 30 },
    );
  });

  it('rejects bad options with a RangeError', () => {
    expect(() => [...simulate({ seed: 1, lines: -1 })]).toThrow(RangeError);
    expect(() => [...simulate({ seed: 1.5, lines: 10 })]).toThrow(RangeError);
    expect(() => [...simulate({ seed: 1, lines: 10, home: 'ZZ' })]).toThrow(RangeError);
    expect(() => [...simulate({ seed: 1, lines: 10, start: new Date('nope') })]).toThrow(RangeError);
  });
});

describe('writeSimulatedLog', () => {
  it('writes the same bytes as the generator, newline-terminated', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const result = await writeSimulatedLog(out, { seed: 5, lines: 8_000 });
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toBe([...simulate({ seed: 5, lines: 8_000 })].join('\n') + '\n');
    expect(result).toEqual({ lines: 8_000, bytes: Buffer.byteLength(text) });
  });

  it('waits for a slow reader instead of buffering everything', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    let received = 0;
    const done = writeSimulatedLog(out, { seed: 5, lines: 30_000 });
    out.on('data', (c: Buffer) => {
      received += c.length;
      out.pause();
      setImmediate(() => out.resume());
    });
    const result = await done;
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toBe(result.bytes);
  });
});

describe('the traffic mix', () => {
  const count = (label: string) => labelled.filter((r) => r.label === label).length;

  it('matches the ground truth, request for request', () => {
    for (const label of TRAFFIC_LABELS) expect(count(label)).toBe(truth.requests[label]);
    for (const label of ATTACK_LABELS) {
      const ips = [...new Set(labelled.filter((r) => r.label === label).map((r) => r.request.ip))].sort();
      expect(ips).toEqual(truth.ips[label]);
    }
    const tags: Record<string, number> = {};
    for (const r of labelled) for (const t of r.tags) tags[t] = (tags[t] ?? 0) + 1;
    expect(tags).toEqual(truth.tags);
  });

  it('is mostly legitimate, with every kind of attack present', () => {
    const legit = count('legit') / LINES;
    expect(legit).toBeGreaterThan(0.8);
    expect(legit).toBeLessThan(0.9);
    for (const label of ATTACK_LABELS) expect(count(label)).toBeGreaterThan(0);
    expect(count('crawler')).toBeGreaterThan(0);
    for (const tag of ['sqli', 'xss', 'path-traversal', 'command-injection', 'code-injection', 'ssrf', 'rfi', 'sensitive-file', 'cms-probe', 'scanner-tool']) {
      expect(truth.tags[tag as keyof typeof truth.tags] ?? 0, tag).toBeGreaterThan(0);
    }
  });

  it('never gives an attacker address to a visitor', () => {
    const attackers = new Set(truth.attackerIps);
    expect(labelled.filter((r) => r.label === 'legit' && attackers.has(r.request.ip))).toEqual([]);
  });

  it('sends visitors mostly from home ISPs, some from abroad, some over IPv6', () => {
    const visitors = labelled.filter((r) => r.label === 'legit');
    const nets = visitors.map((r) => networkContaining(r.request.ip));
    expect(nets.every((n) => n?.kind === 'isp')).toBe(true);
    const home = nets.filter((n) => n?.country === 'CA').length / visitors.length;
    expect(home).toBeGreaterThan(0.8);
    expect(home).toBeLessThan(0.97);
    const asns = new Set(nets.map((n) => n?.asn));
    for (const asn of [577, 812, 5769, 852, 6327]) expect(asns.has(asn)).toBe(true);
    expect(visitors.some((r) => r.request.ip.includes(':'))).toBe(true);
  });

  it('moves visitors to another home country on request', () => {
    const french = [...simulateLabelled({ seed: 7, lines: 5_000, home: 'FR' })].filter((r) => r.label === 'legit');
    const share = french.filter((r) => networkContaining(r.request.ip)?.country === 'FR').length / french.length;
    expect(share).toBeGreaterThan(0.8);
  });

  it('shapes visitor sessions: pages then their assets, mostly 200 and 304, a few 404', () => {
    const visitors = labelled.filter((r) => r.label === 'legit').map((r) => r.request);
    const status = (s: number) => visitors.filter((r) => r.status === s).length / visitors.length;
    expect(status(200) + status(304)).toBeGreaterThan(0.9);
    expect(status(304)).toBeGreaterThan(0.03);
    expect(status(404)).toBeGreaterThan(0.001);
    expect(status(404)).toBeLessThan(0.03);
    const assets = visitors.filter((r) => r.path.startsWith('/assets/'));
    expect(assets.length).toBeGreaterThan(visitors.length * 0.1);
    expect(assets.every((r) => r.referer.startsWith('https://elections.example/'))).toBe(true);
    expect(visitors.some((r) => r.path.startsWith('/fr/'))).toBe(true);
    expect(visitors.some((r) => r.path.startsWith('/api/results?riding='))).toBe(true);
  });

  it('ramps visitors up towards results time', () => {
    const visitors = labelled.filter((r) => r.label === 'legit');
    const start = truth.start;
    const hours = (from: number, to: number) => visitors.filter((r) => r.request.time >= start + from * 3.6e6 && r.request.time < start + to * 3.6e6).length;
    expect(hours(4, 5)).toBeGreaterThan(hours(0, 1) * 2);
  });

  it('sends real crawlers from their own networks and spoofed ones from hosting networks', () => {
    for (const r of labelled.filter((x) => x.label === 'crawler')) {
      const net = networkContaining(r.request.ip);
      expect(net?.kind).toBe('crawler');
      const claimed = /Googlebot/.test(r.request.userAgent) ? 'googlebot' : /bingbot/.test(r.request.userAgent) ? 'bingbot' : 'applebot';
      expect(net?.id).toBe(claimed);
    }
    const spoofed = labelled.filter((x) => x.label === 'spoofed-crawler');
    expect(spoofed.every((r) => /Googlebot|bingbot/.test(r.request.userAgent))).toBe(true);
    expect(spoofed.every((r) => networkContaining(r.request.ip)?.kind === 'hosting')).toBe(true);
  });

  it('has scanners hitting missing paths from many countries and network kinds', () => {
    const scans = labelled.filter((r) => r.label === 'scan');
    expect(scans.filter((r) => r.request.status === 404).length / scans.length).toBeGreaterThan(0.6);
    const paths = new Set(scans.map((r) => r.request.path));
    for (const path of ['/.env', '/.git/config', '/wp-login.php', '/phpmyadmin/']) expect(paths.has(path), path).toBe(true);
    const nets = truth.actors.filter((a) => a.label === 'scan' || a.label === 'injection');
    expect(new Set(nets.map((a) => a.country)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(nets.map((a) => a.networkKind))).toEqual(new Set(['isp', 'hosting', 'tor']));
    expect(truth.torExits.length).toBeGreaterThan(0);
    expect(truth.torExits.every((ip) => networkContaining(ip)?.kind === 'tor')).toBe(true);
  });

  it('carries injection payloads in paths and user agents, with tool user agents', () => {
    const injections = labelled.filter((r) => r.label === 'injection').map((r) => r.request);
    expect(injections.some((r) => r.userAgent.includes('${jndi:'))).toBe(true);
    expect(injections.some((r) => r.path.includes('169.254.169.254'))).toBe(true);
    expect(injections.some((r) => /UNION|union/.test(r.path) && r.path.includes('/**/'))).toBe(true);
    expect(injections.some((r) => r.path.includes('%27'))).toBe(true);
    expect(injections.some((r) => r.userAgent.startsWith('sqlmap/'))).toBe(true);
  });

  it('has a credential-stuffing botnet: many addresses, few failed logins each', () => {
    const stuffing = labelled.filter((r) => r.label === 'credential-stuffing').map((r) => r.request);
    expect(stuffing.every((r) => r.method === 'POST' && (r.path === '/login' || r.path === '/wp-login.php'))).toBe(true);
    expect(stuffing.filter((r) => r.status === 401 || r.status === 200).length / stuffing.length).toBeGreaterThan(0.95);
    const perIp = new Map<string, number>();
    for (const r of stuffing) perIp.set(r.ip, (perIp.get(r.ip) ?? 0) + 1);
    expect(perIp.size).toBeGreaterThan(50);
    expect(Math.max(...perIp.values())).toBeLessThanOrEqual(24);
    const nets = new Set([...perIp.keys()].map((ip) => networkContaining(ip)?.kind));
    expect(nets).toEqual(new Set(['isp']));
  });

  it('has a flood from a few /24s of one network, more requests per minute than all visitors', () => {
    const flood = truth.flood;
    expect(flood).not.toBeNull();
    const requests = labelled.filter((r) => r.label === 'flood').map((r) => r.request);
    const subnets = new Set(requests.map((r) => r.ip.split('.').slice(0, 3).join('.')));
    expect(subnets.size).toBeLessThanOrEqual(3);
    expect(new Set(requests.map((r) => networkContaining(r.ip)?.asn))).toEqual(new Set([flood?.asn]));
    expect(requests.every((r) => r.time >= (flood?.from ?? 0) - 1000 && r.time <= (flood?.to ?? 0))).toBe(true);
    const minutes = ((flood?.to ?? 0) - (flood?.from ?? 0)) / 60_000;
    const visitorsDuring = labelled.filter((r) => r.label === 'legit' && r.request.time >= (flood?.from ?? 0) && r.request.time < (flood?.to ?? 0)).length;
    expect(requests.length / minutes).toBeGreaterThan((visitorsDuring / minutes) * 1.2);
  });
});
