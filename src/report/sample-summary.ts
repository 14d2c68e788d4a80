/**
 * Realistic analysis summaries for tests (and for anyone who wants to see a report without logs):
 * several countries, findings with evidence, and hostile strings where a log could put them.
 */
import type { AnalysisSummary, Evidence, Finding, OriginSplit, TimelinePoint } from '../model/index.js';

/** Strings that must come out of every renderer as inert text. */
export const HOSTILE = {
  userAgent: '"><script>alert(1)</script>',
  path: "/search?q=<img src=x onerror=alert('x')>",
  org: 'Evil <b>Org</b> & "Co" <svg onload=alert(2)>',
  file: 'logs/<iframe src=javascript:alert(3)>.log',
  terminal: 'bad\u001b[2J\u001b]0;pwned\u0007agent\u202e',
} as const;

const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);
const HOUR = 3_600_000;

function split(domestic: number, foreign: number, obscured: number, unknown: number, byCountry: Record<string, number>): OriginSplit {
  return {
    domestic,
    foreign,
    obscured,
    unknown,
    byCountry,
    byNetworkType: { isp: domestic + foreign, hosting: obscured - 40, tor: 25, vpn: 15, crawler: 0, private: 0, unknown },
  };
}

function evidence(index: number, overrides: Partial<Evidence> = {}): Evidence {
  return {
    file: 'access.log',
    line: 100 + index,
    time: T0 + index * 60_000,
    ip: '203.0.113.7',
    method: 'GET',
    path: `/index.php?id=${index}' OR 1=1--`,
    status: 403,
    userAgent: 'sqlmap/1.7',
    ...overrides,
  };
}

function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'category'>): Finding {
  return {
    scope: { kind: 'ip', value: '203.0.113.7' },
    count: 40,
    severity: 'medium',
    confidence: 0.8,
    technique: 'T1190',
    rule: 'pattern-match',
    firstSeen: T0,
    lastSeen: T0 + 5 * HOUR,
    evidence: [evidence(1), evidence(2)],
    details: {},
    ...overrides,
  };
}

/** 48 hourly buckets with a burst of attacks on the second day. */
function timeline(): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  for (let hour = 0; hour < 48; hour++) {
    const domestic = 150 + ((hour * 37) % 90);
    const foreign = 60 + ((hour * 53) % 70) + (hour >= 30 && hour < 34 ? 400 : 0);
    const obscured = 20 + ((hour * 11) % 30);
    const unknown = hour % 5;
    const attacks = 5 + ((hour * 7) % 20) + (hour >= 30 && hour < 34 ? 380 : 0);
    points.push({ t: T0 + hour * HOUR, requests: domestic + foreign + obscured + unknown, attacks, domestic, foreign, obscured, unknown });
  }
  return points;
}

export function sampleSummary(): AnalysisSummary {
  const points = timeline();
  const sum = (key: keyof TimelinePoint) => points.reduce((total, point) => total + point[key], 0);
  const all = split(sum('domestic'), sum('foreign'), sum('obscured'), sum('unknown'), {
    CA: sum('domestic'),
    US: 2400,
    CN: 1900,
    RU: 1234,
    FR: 800,
    DE: 700,
    SG: 321,
    '??': sum('unknown'),
  });
  const attacks = split(1200, 9876, 1269, 12, { CA: 1200, US: 2469, CN: 4000, RU: 2000, DE: 1086, SG: 321, '??': 12 });
  return {
    generatedAt: new Date(T0 + 49 * HOUR).toISOString(),
    home: 'CA',
    input: {
      files: [
        { file: 'access.log', format: 'combined', lines: 20_000, parsed: 19_990, rejected: 10 },
        { file: HOSTILE.file, format: 'combined', lines: 2_345, parsed: 2_340, rejected: 5 },
      ],
      lines: 22_345,
      parsed: 22_330,
      rejected: 15,
      rejectedReasons: { 'bad-timestamp': 9, 'too-long': 5, [HOSTILE.org]: 1 },
      rejectedSamples: [
        { file: 'access.log', line: 17, reason: 'bad-timestamp', text: '203.0.113.9 - - [32/Foo/2026] "GET / HTTP/1.1" 200 12' },
        { file: HOSTILE.file, line: 3, reason: 'too-long', text: HOSTILE.userAgent },
      ],
    },
    period: { from: T0, to: T0 + 48 * HOUR - 1 },
    attribution: { all, attacks },
    top: {
      ips: [
        { key: '198.51.100.23', label: HOSTILE.org, requests: 4200, attacks: 3900, country: 'CN', asn: 64501, networkType: 'hosting', origin: 'obscured' },
        { key: '203.0.113.7', label: 'Example Telecom', requests: 2100, attacks: 2000, country: 'RU', asn: 64502, networkType: 'isp', origin: 'foreign' },
        { key: '192.0.2.44', label: 'Maple Net', requests: 900, attacks: 400, country: 'CA', asn: 64500, networkType: 'isp', origin: 'domestic' },
        { key: '2001:db8::1', label: null, requests: 120, attacks: 12, country: null, asn: null, networkType: 'unknown', origin: 'unknown' },
      ],
      asns: [
        { key: 'AS64501', label: HOSTILE.org, requests: 5000, attacks: 4200, country: 'CN', asn: 64501, networkType: 'hosting', origin: 'obscured' },
        { key: 'AS64502', label: 'Example Telecom', requests: 2500, attacks: 2100, country: 'RU', asn: 64502, networkType: 'isp', origin: 'foreign' },
        { key: 'AS64500', label: 'Maple Net', requests: 9000, attacks: 1200, country: 'CA', asn: 64500, networkType: 'isp', origin: 'domestic' },
      ],
      countries: [
        { key: 'CN', label: 'China', requests: 1900, attacks: 4000, country: 'CN', asn: null, networkType: null, origin: 'foreign' },
        { key: 'US', label: 'United States', requests: 2400, attacks: 2469, country: 'US', asn: null, networkType: null, origin: 'foreign' },
        { key: 'RU', label: 'Russia', requests: 1234, attacks: 2000, country: 'RU', asn: null, networkType: null, origin: 'foreign' },
        { key: 'CA', label: 'Canada', requests: 9000, attacks: 1200, country: 'CA', asn: null, networkType: null, origin: 'domestic' },
        { key: 'SG', label: 'Singapore', requests: 321, attacks: 321, country: 'SG', asn: null, networkType: null, origin: 'foreign' },
      ],
    },
    timeline: { bucketMs: HOUR, points },
    categories: { sqli: 5400, xss: 1200, 'path-traversal': 800, 'sensitive-file': 2100, scan: 4, 'brute-force': 2, flood: 1, 'spoofed-crawler': 1 },
    statuses: { '200': 15_000, '301': 800, '404': 4200, '403': 1900, '500': 430 },
    findings: [
      finding({ id: 'f1', category: 'sqli', count: 5400, severity: 'high', confidence: 0.95, evidence: [evidence(1), evidence(2), evidence(3)] }),
      finding({
        id: 'f2',
        category: 'xss',
        count: 1200,
        scope: { kind: 'prefix', value: '198.51.100.0/24' },
        evidence: [evidence(4, { path: HOSTILE.path, userAgent: HOSTILE.userAgent, file: HOSTILE.file, ip: '198.51.100.23' })],
      }),
      finding({
        id: 'f3',
        category: 'brute-force',
        count: 12_345,
        severity: 'critical',
        technique: 'T1110.001',
        rule: 'login-failures',
        scope: { kind: 'asn', value: 'AS64501' },
        details: { failures: 12_345, window: '10m' },
        evidence: Array.from({ length: 8 }, (_, index) => evidence(10 + index, { method: 'POST', path: '/wp-login.php', status: 401 })),
      }),
      finding({ id: 'f4', category: 'scan', count: 312, severity: 'low', confidence: 0.6, technique: 'T1595.002', scope: { kind: 'country', value: 'RU' }, details: { distinctPaths: 312 } }),
      finding({
        id: 'f5',
        category: 'spoofed-crawler',
        count: 77,
        technique: 'T1036',
        evidence: [evidence(30, { userAgent: `Googlebot/2.1 ${HOSTILE.terminal}` })],
      }),
    ],
    findingsTotal: 5,
    caveats: ['no-tor-list', 'rejected-lines', 'bounded-top-lists', 'some-future-caveat'],
    dataSources: [
      { name: 'ip-location-db (geo-whois-asn-country)', licence: 'CC0-1.0', url: 'https://github.com/sapics/ip-location-db', notice: 'Country data from ip-location-db.' },
      { name: 'Hostile source', licence: 'unknown', url: 'javascript:alert(4)', notice: HOSTILE.org },
    ],
  };
}

/** Nothing was read: every count zero, every list empty. */
export function emptySummary(): AnalysisSummary {
  const zero = (): OriginSplit => ({
    domestic: 0,
    foreign: 0,
    obscured: 0,
    unknown: 0,
    byCountry: {},
    byNetworkType: { isp: 0, hosting: 0, tor: 0, vpn: 0, crawler: 0, private: 0, unknown: 0 },
  });
  return {
    generatedAt: new Date(T0).toISOString(),
    home: 'FR',
    input: { files: [], lines: 0, parsed: 0, rejected: 0, rejectedReasons: {}, rejectedSamples: [] },
    period: { from: null, to: null },
    attribution: { all: zero(), attacks: zero() },
    top: { ips: [], asns: [], countries: [] },
    timeline: { bucketMs: HOUR, points: [] },
    categories: {},
    statuses: {},
    findings: [],
    findingsTotal: 0,
    caveats: [],
    dataSources: [],
  };
}
