import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../model/index.js';
import { collectFindings, createDetectors, createTagger, loadSignatures } from './index.js';
import { SEVERITIES } from './finding-kit.js';
import { T0, event, nthIp } from './test-events.js';

const tag = createTagger(loadSignatures());
const claimedCrawler = (ua: string) => (ua.includes('Googlebot') ? 'googlebot' : null);

function tagged(overrides: Partial<HttpEvent>): HttpEvent {
  const e = event(overrides);
  e.tags = tag(e.method, e.path, e.userAgent, e.referer);
  return e;
}

function scenario(): HttpEvent[] {
  const events: HttpEvent[] = [];
  for (let i = 0; i < 40; i++) events.push(tagged({ ip: '192.0.2.10', time: T0 + i * 1000, path: `/admin-${i}.php`, status: 404 }));
  for (let i = 0; i < 30; i++) events.push(tagged({ ip: '192.0.2.11', time: T0 + i * 1000, method: 'POST', path: '/wp-login.php', status: 200 }));
  events.push(tagged({ ip: '192.0.2.12', time: T0, path: '/?q=%3Cscript%3Ealert(1)%3C/script%3E' }));
  events.push(tagged({ ip: '192.0.2.13', time: T0, userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)', networkType: 'hosting' }));
  return events;
}

describe('createDetectors and collectFindings', () => {
  it('wires every detector and sorts findings by severity, then count', () => {
    const detectors = createDetectors({ claimedCrawler });
    expect(detectors.map((d) => d.name)).toEqual(['attack-tags', 'scan', 'brute-force', 'flood', 'spoofed-crawler']);
    for (const e of scenario()) for (const d of detectors) d.observe(e);
    const findings = collectFindings(detectors);
    expect(new Set(findings.map((f) => f.category))).toEqual(new Set(['scan', 'brute-force', 'cms-probe', 'xss', 'spoofed-crawler']));
    for (let i = 1; i < findings.length; i++) {
      const [a, b] = [findings[i - 1], findings[i]];
      const rank = SEVERITIES.indexOf(b!.severity) - SEVERITIES.indexOf(a!.severity);
      expect(rank < 0 || (rank === 0 && a!.count >= b!.count)).toBe(true);
    }
  });

  it('gives the same ids in two runs over the same input', () => {
    const ids = () => {
      const detectors = createDetectors({ claimedCrawler });
      for (const e of scenario()) for (const d of detectors) d.observe(e);
      return collectFindings(detectors).map((f) => f.id);
    };
    const first = ids();
    expect(new Set(first).size).toBe(first.length);
    expect(ids()).toEqual(first);
  });

  it('keeps every map under its cap when fed 1,000,000 distinct addresses', () => {
    const cap = 1000;
    const detectors = createDetectors({ claimedCrawler, maxKeys: cap });
    const kinds: Partial<HttpEvent>[] = [
      { status: 404, path: '/missing' },
      { method: 'POST', path: '/login', status: 401 },
      { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1)', networkType: 'hosting' },
      { path: '/.env', tags: ['sensitive-file'], status: 404 },
    ];
    const e = event();
    for (let i = 0; i < 1_000_000; i++) {
      Object.assign(e, kinds[i & 3], { ip: nthIp(i), time: T0 + i, asn: i % 5000, country: `C${i % 300}` });
      for (const d of detectors) d.observe(e);
      e.method = 'GET';
      e.tags = [];
      e.status = 200;
      e.userAgent = 'Mozilla/5.0';
      e.networkType = 'isp';
    }
    const sizes = detectors.map((d) => d.stateSizes?.() ?? {});
    for (const map of sizes) {
      expect(Object.keys(map).length).toBeGreaterThan(0);
      for (const size of Object.values(map)) expect(size).toBeLessThanOrEqual(cap);
    }
    // the caps were reached, so the test did exercise eviction
    expect(Math.max(...sizes.flatMap((m) => Object.values(m)))).toBe(cap);
  });
});

describe('changedFindings', () => {
  const key = (f: { id: string; count: number }) => `${f.id}:${f.count}`;

  it('gives, for every detector, exactly the findings whose state changed since the last call', () => {
    const detectors = createDetectors({ claimedCrawler });
    const events = scenario();
    for (const e of events) for (const d of detectors) d.observe(e);
    const all = collectFindings(detectors);
    const changed = detectors.flatMap((d) => d.changedFindings?.() ?? []);
    expect(changed.map(key).sort()).toEqual(all.map(key).sort());
    expect(detectors.flatMap((d) => d.changedFindings?.() ?? [])).toEqual([]);
    // one more request from the scanner changes its finding (and only that one)
    const more = tagged({ ip: '192.0.2.10', time: T0 + 41_000, path: '/admin-41.php', status: 404 });
    for (const d of detectors) d.observe(more);
    const after = detectors.flatMap((d) => d.changedFindings?.() ?? []);
    expect(after.map((f) => f.scope.value)).toEqual(after.map(() => '192.0.2.10'));
    expect(after.find((f) => f.category === 'scan')?.count).toBe(all.find((f) => f.category === 'scan')!.count + 1);
  });

  it('gives every finding after more changes than it can list', () => {
    const detectors = createDetectors({ claimedCrawler, maxKeys: 3 });
    const attack = detectors.find((d) => d.name === 'attack-tags')!;
    for (let i = 0; i < 6; i++) attack.observe(tagged({ ip: nthIp(i), time: T0 + i, path: '/?q=%3Cscript%3Ealert(1)%3C/script%3E' }));
    expect(attack.changedFindings!().map(key).sort()).toEqual(attack.findings().map(key).sort());
  });
});
