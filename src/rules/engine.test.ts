import { describe, expect, it } from 'vitest';
import type { Finding, HttpEvent } from '../model/index.js';
import { compileRule } from './engine.js';
import { parseRuleText } from './load.js';
import type { Rule } from './schema.js';
import { T0, event, nthIp } from './test-events.js';

const BASE = `
name: test/rule
description: { en: a test, fr: un essai }
category: scan
technique: T1595
severity: medium
confidence: 0.5
`;

function rule(yaml: string): Rule {
  const parsed = parseRuleText(`${BASE}${yaml}`, 'test.yaml');
  if (parsed.errors.length > 0) throw new Error(parsed.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return parsed.rules[0] as Rule;
}

function run(r: Rule, events: HttpEvent[], onFire?: (f: Finding, e: HttpEvent) => void): Finding[] {
  const detector = compileRule(r, onFire ? { onFire } : {});
  for (const e of events) detector.observe(e);
  return detector.findings();
}

const sec = (s: number) => T0 + s * 1000;

describe('window rules', () => {
  const windowRule = rule(`
type: window
filter: status == 404
groupBy: ip
window: 1m
threshold: 5
labels: { team: web }
`);

  it('fire when the threshold is reached within the window, and say why', () => {
    const events = Array.from({ length: 7 }, (_, i) => event({ status: 404, time: sec(i * 5), path: `/p${i}` }));
    const fires: number[] = [];
    const [finding, ...rest] = run(windowRule, events, (_f, e) => fires.push(e.line));
    expect(rest).toHaveLength(0);
    expect(fires).toEqual([events[4]?.line]);
    expect(finding).toMatchObject({ rule: 'test/rule', category: 'scan', technique: 'T1595', scope: { kind: 'ip', value: '198.51.100.7' }, count: 7 });
    expect(finding?.details).toMatchObject({ type: 'window', countInWindow: 5, threshold: 5, windowSeconds: 60, firedAtLine: events[4]?.line, 'label.team': 'web', filter: 'status == 404' });
    expect(finding?.details.simulated).toBeUndefined();
    expect(finding?.evidence.map((e) => e.line)).toEqual(events.map((e) => e.line));
  });

  it('do not fire below the threshold, on events the filter refuses, or when events are spread beyond the window', () => {
    expect(run(windowRule, Array.from({ length: 4 }, () => event({ status: 404 })))).toHaveLength(0);
    expect(run(windowRule, Array.from({ length: 10 }, () => event({ status: 200 })))).toHaveLength(0);
    // one every 20 s: never 5 within one minute
    expect(run(windowRule, Array.from({ length: 20 }, (_, i) => event({ status: 404, time: sec(i * 20) })))).toHaveLength(0);
  });

  it('forget old events: a window that expires starts again', () => {
    const early = Array.from({ length: 4 }, (_, i) => event({ status: 404, time: sec(i) }));
    const late = Array.from({ length: 4 }, (_, i) => event({ status: 404, time: sec(600 + i) }));
    expect(run(windowRule, [...early, ...late])).toHaveLength(0);
    expect(run(windowRule, [...early, ...late, event({ status: 404, time: sec(605) })])).toHaveLength(1);
  });

  it('keep groups apart', () => {
    const events = Array.from({ length: 8 }, (_, i) => event({ status: 404, ip: nthIp(i % 2) }));
    expect(run(windowRule, events)).toHaveLength(0);
  });

  it('count distinct values when asked', () => {
    const distinct = rule(`
type: window
filter: status == 404
groupBy: ip
distinct: pathOnly
window: 1m
threshold: 5
`);
    const same = Array.from({ length: 20 }, () => event({ status: 404, path: '/same?x=1' }));
    expect(run(distinct, same)).toHaveLength(0);
    const many = Array.from({ length: 5 }, (_, i) => event({ status: 404, path: `/p${i}?q` }));
    const [finding] = run(distinct, many);
    expect(finding?.details).toMatchObject({ distinctField: 'pathOnly', distinct: 5, minDistinct: 5 });
  });

  it('need both the count and the distinct minimum when minDistinct is set', () => {
    const shared = rule(`
type: window
filter: method == "POST"
groupBy: prefix
distinct: ip
minDistinct: 3
window: 10m
threshold: 6
`);
    const fromTwo = Array.from({ length: 10 }, (_, i) => event({ method: 'POST', ip: `203.0.113.${i % 2}` }));
    expect(run(shared, fromTwo)).toHaveLength(0);
    const fromThree = Array.from({ length: 6 }, (_, i) => event({ method: 'POST', ip: `203.0.113.${i % 3}` }));
    const [finding] = run(shared, fromThree);
    expect(finding?.scope).toEqual({ kind: 'prefix', value: '203.0.113.0/24' });
    expect(finding?.details).toMatchObject({ distinct: 3, countInWindow: 6 });
  });

  it('hold back while the matches are too small a share of the wider filter (ratioOf)', () => {
    const ratio = rule(`
type: window
filter: status == 401
ratioOf: status in [401, 302]
minRatio: 0.8
groupBy: prefix
window: 10m
threshold: 5
`);
    const failures = (n: number) => Array.from({ length: n }, (_, i) => event({ status: 401, ip: `203.0.113.${i}`, time: sec(i) }));
    const successes = (n: number) => Array.from({ length: n }, (_, i) => event({ status: 302, ip: `203.0.113.${50 + i}`, time: sec(i) }));
    expect(run(ratio, [...successes(3), ...failures(5)])).toHaveLength(0);
    const [finding] = run(ratio, [...successes(1), ...failures(5)]);
    expect(finding?.details).toMatchObject({ ratio: 0.83, minRatio: 0.8 });
    expect(finding?.count).toBe(5);
    // events outside both filters change nothing
    expect(run(ratio, [...Array.from({ length: 9 }, () => event({ status: 200, ip: '203.0.113.9' })), ...failures(5)])).toHaveLength(1);
  });

  it('group by several keys, and skip events without a value for a key', () => {
    const composite = rule(`
type: window
filter: "true"
groupBy: [asn, host]
window: 1m
threshold: 2
`);
    const findings = run(composite, [
      event({ asn: 1, host: 'a.example' }),
      event({ asn: 1, host: 'b.example' }),
      event({ asn: 1, host: 'a.example' }),
      event({ asn: null, host: 'a.example' }),
      event({ asn: null, host: 'a.example' }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.scope).toEqual({ kind: 'asn', value: 'AS1' });
    expect(findings[0]?.details['group.host']).toBe('a.example');
  });
});

describe('leaky rules', () => {
  const leaky = rule(`
type: leaky
filter: status == 404
groupBy: ip
capacity: 3
leakSpeed: 10s
`);

  it('overflow past capacity when events pour faster than they leak', () => {
    const fast = Array.from({ length: 4 }, (_, i) => event({ status: 404, time: sec(i) }));
    const [finding] = run(leaky, fast);
    expect(finding?.details).toMatchObject({ type: 'leaky', capacity: 3, leakSpeedSeconds: 10 });
    expect(Number(finding?.details.level)).toBeGreaterThan(3);
    expect(run(leaky, fast.slice(0, 3))).toHaveLength(0);
  });

  it('drain: the same events spread at the leak speed never overflow', () => {
    const slow = Array.from({ length: 50 }, (_, i) => event({ status: 404, time: sec(i * 10) }));
    expect(run(leaky, slow)).toHaveLength(0);
    // a burst after a long pause starts from an empty bucket
    const burst = [...Array.from({ length: 3 }, (_, i) => event({ status: 404, time: sec(i) })), ...Array.from({ length: 3 }, (_, i) => event({ status: 404, time: sec(100 + i) }))];
    expect(run(leaky, burst)).toHaveLength(0);
  });

  it('pour only new values when distinct', () => {
    const distinct = rule(`
type: leaky
filter: "true"
groupBy: ip
distinct: path
capacity: 3
leakSpeed: 1m
`);
    expect(run(distinct, Array.from({ length: 30 }, () => event({ path: '/same' })))).toHaveLength(0);
    const [finding] = run(distinct, Array.from({ length: 4 }, (_, i) => event({ path: `/p${i}` })));
    expect(finding?.details).toMatchObject({ distinctField: 'path', distinct: 4 });
  });
});

describe('trigger rules and simulation', () => {
  it('fire on the first match, once per group, and flag simulated findings', () => {
    const trigger = rule(`
type: trigger
filter: '"sqli" in tags'
groupBy: ip
simulation: true
evidence: 2
`);
    const events = [event({ tags: ['sqli'] }), event({ tags: [] }), event({ tags: ['sqli'] }), event({ tags: ['sqli'] }), event({ tags: ['sqli'], ip: nthIp(9) })];
    const findings = run(trigger, events);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ count: 3 });
    expect(findings[0]?.evidence).toHaveLength(2);
    expect(findings.every((f) => f.details.simulated === 1)).toBe(true);
    expect(findings[0]?.details.firedAtLine).toBe(events[0]?.line);
  });
});

describe('blackhole', () => {
  it('fires a group again only after its quiet time, into the same finding', () => {
    const r = rule(`
type: window
filter: status == 404
groupBy: ip
window: 1m
threshold: 2
blackhole: 5m
`);
    const fires: number[] = [];
    const at = (s: number) => event({ status: 404, time: sec(s) });
    const events = [at(0), at(1), at(2), at(60), at(61), at(400), at(401)];
    const [finding, ...rest] = run(r, events, (_f, e) => fires.push(e.line));
    expect(rest).toHaveLength(0);
    // fired at the 2nd event; quiet until 301 s; measured afresh from 400 s and fired at 401 s
    expect(fires).toEqual([events[1]?.line, events[6]?.line]);
    expect(finding?.details).toMatchObject({ fires: 2, firedAtLine: events[6]?.line });
    expect(finding?.count).toBe(7);
  });

  it('without one, a group fires once per run', () => {
    const r = rule(`
type: trigger
filter: status == 404
groupBy: ip
`);
    const fires: number[] = [];
    run(r, [event({ status: 404 }), event({ status: 404, time: sec(86_400) })], (_f, e) => fires.push(e.line));
    expect(fires).toHaveLength(1);
  });
});

describe('bounded state', () => {
  it('keeps every map under its cap across 1M distinct groups', () => {
    const r = rule(`
type: window
filter: "true"
groupBy: ip
window: 1m
threshold: 3
`);
    const detector = compileRule(r, { maxKeys: 1000 });
    const e = event();
    for (let i = 0; i < 1_000_000; i++) {
      e.ip = nthIp(i);
      detector.observe(e);
    }
    const sizes = detector.stateSizes?.() ?? {};
    expect(sizes.trackers).toBeLessThanOrEqual(1000);
    expect(sizes.fired).toBe(0);
    // a busy group still fires after the flood of one-off groups
    for (let i = 0; i < 3; i++) detector.observe(event({ ip: '192.0.2.1' }));
    expect(detector.findings().map((f) => f.scope.value)).toEqual(['192.0.2.1']);
  });

  it('lowers the group cap of rules with a large threshold', () => {
    const big = rule(`
type: window
filter: "true"
groupBy: ip
window: 1m
threshold: 10000
`);
    const detector = compileRule(big, { maxKeys: 50_000 });
    const e = event();
    for (let i = 0; i < 2000; i++) {
      e.ip = nthIp(i);
      detector.observe(e);
    }
    expect(detector.stateSizes?.().trackers).toBeLessThanOrEqual(200);
  });
});
