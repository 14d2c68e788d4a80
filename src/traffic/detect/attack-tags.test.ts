import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../model/index.js';
import { createAttackTagsDetector } from './attack-tags.js';
import { loadBehaviour } from './behaviour.js';
import { createTagEngine, loadSignatures } from './tagger.js';
import { T0, event } from './test-events.js';

const behaviour = loadBehaviour();
const engine = createTagEngine(loadSignatures());
const match = (e: HttpEvent) => engine.match(e.method, e.path, e.userAgent, e.referer);

/** An event tagged by the real tagger. */
function tagged(overrides: Partial<HttpEvent>): HttpEvent {
  const e = event(overrides);
  e.tags = engine.tag(e.method, e.path, e.userAgent, e.referer);
  return e;
}

function run(events: HttpEvent[]) {
  const detector = createAttackTagsDetector({ behaviour, maxKeys: 1000, match });
  for (const e of events) detector.observe(e);
  return detector.findings();
}

describe('attack-tags detector', () => {
  it('groups tagged requests per address and tag, with technique and capped evidence', () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      tagged({ ip: '203.0.113.9', time: T0 + i * 1000, path: `/item.php?id=${i}+union+select+1,2,3--` }),
    );
    const findings = run(events);
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f?.category).toBe('sqli');
    expect(f?.scope).toEqual({ kind: 'ip', value: '203.0.113.9' });
    expect(f?.count).toBe(30);
    expect(f?.technique).toBe('T1190');
    expect(f?.evidence).toHaveLength(behaviour.evidencePerFinding);
    expect(f?.evidence[0]?.line).toBe(events[0]?.line);
    expect(f?.firstSeen).toBe(T0);
    expect(f?.lastSeen).toBe(T0 + 29_000);
    expect(f?.severity).toBe('critical'); // high, raised by volume
    expect(f?.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('ignores untagged requests', () => {
    expect(run([event(), event({ path: '/about' })])).toEqual([]);
  });

  it('is more confident with several signatures and many hits than with one weak match', () => {
    const weak = run([tagged({ path: '/x?q=it%27--' })]);
    const strong = run(
      Array.from({ length: 10 }, (_, i) => tagged({ path: `/x?id=${i}%27%20or%201=1--&y=1+union+select+1,2` })),
    );
    expect(weak[0]?.category).toBe('sqli');
    expect(strong[0]?.category).toBe('sqli');
    expect(Number(strong[0]?.details.distinctSignatures)).toBeGreaterThan(1);
    expect(strong[0]?.confidence).toBeGreaterThan((weak[0]?.confidence ?? 1) + 0.2);
  });

  it('uses Wordlist Scanning for probes and Vulnerability Scanning for tools', () => {
    const findings = run([
      tagged({ path: '/wp-login.php', status: 404 }),
      tagged({ path: '/.env', status: 404 }),
      tagged({ path: '/', userAgent: 'sqlmap/1.7' }),
    ]);
    const technique = Object.fromEntries(findings.map((f) => [f.category, f.technique]));
    expect(technique).toEqual({ 'cms-probe': 'T1595.003', 'sensitive-file': 'T1595.003', 'scanner-tool': 'T1595.002' });
  });

  it('trusts a CMS probe less when the site answers it (its own CMS)', () => {
    const answered = run([tagged({ path: '/wp-admin/', status: 200 })]);
    const missing = run([tagged({ path: '/wp-admin/', status: 404 })]);
    expect(answered[0]?.confidence).toBeLessThan(missing[0]?.confidence ?? 0);
  });

  it('raises a sensitive file that was served (possible leak)', () => {
    const served = run([tagged({ path: '/.env', status: 200 })]);
    const missing = run([tagged({ path: '/.env', status: 404 })]);
    expect(missing[0]?.severity).toBe('medium');
    expect(served[0]?.severity).toBe('high');
    expect(served[0]?.details.successfulResponses).toBe(1);
  });

  it('gives the same id to the same finding in another run', () => {
    const a = run([tagged({ path: '/.git/config' })]);
    const b = run([tagged({ path: '/.git/config', time: T0 + 99 })]);
    expect(a[0]?.id).toBe(b[0]?.id);
  });
});
