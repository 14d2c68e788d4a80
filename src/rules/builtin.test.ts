import { describe, expect, it } from 'vitest';
import type { Finding, HttpEvent } from '../model/index.js';
import { createBruteForceDetector } from '../traffic/detect/brute-force.js';
import { loadBehaviour } from '../traffic/detect/behaviour.js';
import type { Detector } from '../traffic/detect/detector.js';
import { createScanDetector } from '../traffic/detect/scan.js';
import { createRuleDetectors } from './engine.js';
import { loadRules } from './load.js';
import { T0, event, nthIp } from './test-events.js';

/** The shipped rules, as input (synthetic traffic) and expected outcome (which rule fires on whom). */
const { rules, errors } = loadRules({ dirs: [], builtin: true });
const behaviour = loadBehaviour();

function fire(events: HttpEvent[], detectors: Detector[] = createRuleDetectors(rules)): Finding[] {
  for (const e of events) for (const d of detectors) d.observe(e);
  return detectors.flatMap((d) => d.findings());
}

const who = (findings: Finding[], rule: string) =>
  findings
    .filter((f) => f.rule === rule)
    .map((f) => f.scope.value)
    .sort();

/** Traffic of four kinds: a scanner, a password guesser, a slow visitor who mistypes, a login user. */
function mixedTraffic(): HttpEvent[] {
  const events: HttpEvent[] = [];
  for (let i = 0; i < 40; i++) events.push(event({ ip: '203.0.113.10', status: 404, path: `/probe-${i}.php`, time: T0 + i * 2000 }));
  for (let i = 0; i < 25; i++) events.push(event({ ip: '203.0.113.20', method: 'POST', path: '/wp-login.php', status: 200, time: T0 + i * 3000 }));
  for (let i = 0; i < 40; i++) events.push(event({ ip: '198.51.100.30', status: 404, path: `/typo-${i}`, time: T0 + i * 60_000 }));
  for (let i = 0; i < 5; i++) events.push(event({ ip: '198.51.100.40', method: 'POST', path: '/login', status: 302, time: T0 + i * 1000 }));
  // a few under the thresholds
  for (let i = 0; i < 19; i++) events.push(event({ ip: '198.51.100.50', method: 'POST', path: '/user/login', status: 401, time: T0 + i * 1000 }));
  for (let i = 0; i < 29; i++) events.push(event({ ip: '198.51.100.60', status: 404, path: `/x${i}`, time: T0 + i * 1000 }));
  return events.sort((a, b) => a.time - b.time);
}

describe('built-in rules', () => {
  it('load cleanly', () => {
    expect(errors).toEqual([]);
  });

  it('find the scanner and the password guesser, and no one else', () => {
    const findings = fire(mixedTraffic());
    expect(who(findings, 'scan/not-found-paths')).toEqual(['203.0.113.10']);
    expect(who(findings, 'brute-force/ip')).toEqual(['203.0.113.20']);
    expect(findings.filter((f) => !['scan/not-found-paths', 'brute-force/ip'].includes(f.rule))).toEqual([]);
    const scan = findings.find((f) => f.rule === 'scan/not-found-paths');
    expect(scan).toMatchObject({ technique: behaviour.scan.technique, category: 'scan' });
    expect(scan?.details).toMatchObject({ threshold: behaviour.scan.minDistinctPaths, windowSeconds: behaviour.scan.windowSeconds });
  });

  it('flag the same addresses as the built-in scan and per-address brute-force detectors', () => {
    const traffic = mixedTraffic();
    const builtins = fire(traffic, [createScanDetector({ behaviour, maxKeys: 1000 }), createBruteForceDetector({ behaviour, maxKeys: 1000 })]);
    const fromRules = fire(traffic);
    expect(who(fromRules, 'scan/not-found-paths')).toEqual(who(builtins, 'scan/not-found-paths'));
    expect(who(fromRules, 'brute-force/ip')).toEqual(who(builtins, 'brute-force/ip'));
  });

  it('find credential stuffing from many addresses of one network', () => {
    const events = Array.from({ length: 70 }, (_, i) =>
      event({ ip: `192.0.2.${i % 12}`, asn: 64999, method: 'POST', path: '/users/sign_in', status: 401, time: T0 + i * 1000 }),
    );
    const findings = fire(events);
    expect(who(findings, 'brute-force/distributed-prefix')).toEqual(['192.0.2.0/24']);
    expect(who(findings, 'brute-force/distributed-asn')).toEqual(['AS64999']);
    expect(findings.find((f) => f.rule === 'brute-force/distributed-asn')?.technique).toBe('T1110.004');
  });

  it('spare a shared network where most logins succeed, as the built-in detector does', () => {
    const office = Array.from({ length: 200 }, (_, i) =>
      event({ ip: `192.0.2.${i % 40}`, asn: 64998, method: 'POST', path: '/login', status: i % 3 === 0 ? 401 : 302, time: T0 + i * 1000 }),
    );
    const findings = fire(office);
    expect(findings.filter((f) => f.rule.startsWith('brute-force/'))).toEqual([]);
    const builtins = fire(office, [createBruteForceDetector({ behaviour, maxKeys: 1000 })]);
    expect(builtins).toEqual([]);
  });

  it('find a probe of many sensitive files, but not of one', () => {
    const probe = ['/.env', '/.git/config', '/backup.sql', '/id_rsa', '/wp-config.php.bak'].map((path, i) =>
      event({ ip: nthIp(1), path, status: 404, tags: ['sensitive-file'], time: T0 + i * 1000 }),
    );
    const repeat = Array.from({ length: 10 }, () => event({ ip: nthIp(2), path: '/.env', tags: ['sensitive-file'] }));
    const findings = fire([...probe, ...repeat]);
    expect(who(findings, 'http/sensitive-files-probe')).toEqual([nthIp(1)]);
  });

  it('find an admin-path crawl, and spare a verified crawler', () => {
    const paths = ['/wp-admin/', '/administrator/', '/phpmyadmin/', '/pma/', '/admin/config', '/manager/html', '/cpanel', '/adminer.php', '/backend/'];
    const crawl = paths.map((path, i) => event({ ip: nthIp(3), path, status: 404, time: T0 + i * 1000 }));
    const bot = paths.map((path, i) => event({ ip: nthIp(4), path, status: 404, networkType: 'crawler', time: T0 + i * 1000 }));
    const findings = fire([...crawl, ...bot]);
    expect(who(findings, 'http/admin-path-crawl')).toEqual([nthIp(3)]);
  });

  it('find an aggressive crawl only as a simulation', () => {
    const pages = Array.from({ length: 100 }, (_, i) => event({ ip: nthIp(5), path: `/page/${i}`, time: T0 + i * 100 }));
    const assets = Array.from({ length: 100 }, (_, i) => event({ ip: nthIp(6), path: `/img/${i}.png`, time: T0 + i * 100 }));
    const findings = fire([...pages, ...assets]);
    const crawl = findings.filter((f) => f.rule === 'http/crawl-non-statics');
    expect(crawl.map((f) => f.scope.value)).toEqual([nthIp(5)]);
    expect(crawl[0]?.details.simulated).toBe(1);
  });
});
