import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFormat, detectFormat, formatNames, type FormatOptions } from './index.js';

const NGINX_CUSTOM = '$host|$remote_addr|$time_iso8601|$request|$status|$body_bytes_sent|$request_time';
const GOACCESS_CUSTOM = '%d %t %h "%r" %s %b';

/** A few lines of each format, as files would start. */
const SAMPLES: Record<string, string[]> = {
  combined: [
    '203.0.113.7 - - [10/Oct/2023:13:55:36 -0700] "GET / HTTP/1.1" 200 2326 "-" "Mozilla/5.0"',
    '2001:db8::1 - bob [10/Oct/2023:13:55:37 -0700] "GET /a HTTP/1.1" 404 0 "https://x.example/" "curl/8.5.0"',
    '198.51.100.2 - - [10/Oct/2023:13:55:38 -0700] "POST /login HTTP/1.1" 302 - "-" "python-requests/2.31" "203.0.113.1"',
  ],
  common: [
    '203.0.113.7 - - [10/Oct/2023:13:55:36 -0700] "GET / HTTP/1.1" 200 2326',
    '2001:db8::1 - - [10/Oct/2023:13:55:37 -0700] "GET /robots.txt HTTP/1.1" 404 -',
  ],
  'vhost-combined': [
    'www.example.org:443 203.0.113.7 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 10 "-" "ua"',
    'example.org 198.51.100.9 - - [10/Oct/2023:13:55:37 +0000] "GET /x HTTP/1.1" 200 10 "-" "ua"',
  ],
  'vhost-common': [
    'www.example.org:80 203.0.113.7 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 10',
    'api.example.org:80 198.51.100.9 - - [10/Oct/2023:13:55:37 +0000] "GET /v1 HTTP/1.1" 500 0',
  ],
  caddy: [
    '{"level":"info","ts":1710079331.52,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"192.0.2.1","proto":"HTTP/1.1","method":"GET","host":"x.example","uri":"/","headers":{"User-Agent":["curl"]}},"duration":0.001,"size":12,"status":200}',
  ],
  json: [
    '{"time":"2024-03-10T14:02:11Z","remote_addr":"192.0.2.1","request":"GET / HTTP/1.1","status":200,"body_bytes_sent":5}',
    '{"time":"2024-03-10T14:02:12Z","remote_addr":"192.0.2.2","request":"GET /a HTTP/1.1","status":404,"body_bytes_sent":0}',
  ],
  haproxy: [
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"',
    'Feb  6 12:14:15 localhost haproxy[14389]: 10.0.1.3:33318 [06/Feb/2009:12:14:15.001] http-in static/srv1 1/0/3/6/10 304 0 - - ---- 1/1/1/1/0 0/0 "GET /logo.png HTTP/1.1"',
  ],
  alb: [
    'http 2024-03-10T14:02:11.186641Z app/my-lb/50dc6c495c0c9188 203.0.113.12:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.5.0" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2024-03-10T14:02:11.183000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"',
  ],
  cloudfront: [
    '#Version: 1.0',
    '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query',
    ['2024-03-10', '14:02:11', 'SEA19-C1', '2390', '192.0.2.100', 'GET', 'd1.cloudfront.net', '/index.html', '200', '-', 'Mozilla/5.0%20(X11)', '-'].join('\t'),
    ['2024-03-10', '14:02:12', 'SEA19-C1', '100', '2001:db8::4', 'GET', 'd1.cloudfront.net', '/a.css', '304', '-', 'curl/8', 'v=2'].join('\t'),
  ],
  w3c: [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Version: 1.0',
    '#Date: 2024-03-10 14:00:00',
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
    '2024-03-10 14:02:11 10.0.0.4 GET / - 443 - 192.0.2.7 Mozilla/5.0+(Windows) - 200 0 0 15',
    '2024-03-10 14:02:12 10.0.0.4 GET /admin - 443 - 192.0.2.8 curl/8.0 - 401 2 5 3',
  ],
  nginx: ['shop.example|192.0.2.1|2024-03-10T14:02:11+00:00|GET / HTTP/1.1|200|12|0.003'],
  goaccess: ['2024-03-10 14:02:11 192.0.2.1 "GET / HTTP/1.1" 200 12'],
};

const CUSTOM_OPTIONS: FormatOptions = {
  nginxLogFormat: NGINX_CUSTOM,
  goaccessLogFormat: GOACCESS_CUSTOM,
  goaccessDateFormat: '%Y-%m-%d',
};

describe('registry', () => {
  it('names every format once and creates each of them', () => {
    const names = formatNames();
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.keys(SAMPLES)) expect(names).toContain(name);
    for (const name of names) {
      const parser = createFormat(name, CUSTOM_OPTIONS);
      expect(parser.parse('')).toBeNull();
      expect(parser.parse(' \t\r')).toBeNull();
    }
  });
  it('names the unknown format and the known ones', () => {
    expect(() => createFormat('apache2', {})).toThrow(/unknown log format "apache2".*combined.*w3c/);
  });
  it('passes on custom spec errors', () => {
    expect(() => createFormat('nginx', { nginxLogFormat: '$remote_addr ${x' })).toThrow(/unterminated/);
  });
});

describe('detectFormat', () => {
  for (const [name, lines] of Object.entries(SAMPLES)) {
    it(`picks ${name} for its sample`, () => {
      const found = detectFormat(['', ...lines], name === 'nginx' || name === 'goaccess' ? CUSTOM_OPTIONS : {});
      expect(found?.factory.name).toBe(name);
      expect(found?.matched).toBe(lines.filter((l) => !l.startsWith('#')).length);
    });
  }
  it('leaves custom formats out without their option', () => {
    expect(detectFormat(SAMPLES.nginx as string[], {})).toBeNull();
  });
  it('goes with the majority when a file mixes formats', () => {
    const mixed = [...(SAMPLES.common as string[]), ...(SAMPLES.combined as string[])];
    expect(detectFormat(mixed, {})?.factory.name).toBe('combined');
  });
  it('gives null for text that is no log', () => {
    expect(detectFormat(['hello', 'world', '{"a":1}'], {})).toBeNull();
  });
  it('reads at most 50 lines', () => {
    const many = Array.from({ length: 200 }, () => SAMPLES.common?.[0] as string);
    expect(detectFormat(many, {})?.matched).toBe(50);
  });
});

describe('robustness', () => {
  const parsers = () => formatNames().map((name) => createFormat(name, CUSTOM_OPTIONS));
  const lineLike = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    // Realistic lines with a random cut or a random splice: the hard cases.
    fc.tuple(fc.constantFrom(...Object.values(SAMPLES).flat()), fc.nat(), fc.string({ maxLength: 20 })).map(
      ([line, cut, junk]) => line.slice(0, cut % (line.length + 1)) + junk + line.slice(cut % (line.length + 1) + 3),
    ),
  );

  it('no parser throws, and each returns a request, a reason or null', () => {
    fc.assert(
      fc.property(lineLike, (line) => {
        for (const p of parsers()) {
          const r = p.parse(line);
          if (r === null) continue;
          if (typeof r === 'string') expect(r.length).toBeGreaterThan(0);
          else {
            expect(Number.isFinite(r.time)).toBe(true);
            expect(r.ip.length).toBeGreaterThan(0);
            expect(r.status).toBeGreaterThanOrEqual(0);
            expect(r.bytes).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('rejects over-long lines by length alone', () => {
    const long = `${SAMPLES.combined?.[0] as string} "${'A'.repeat(70_000)}"`;
    for (const p of parsers()) expect(p.parse(long)).toBe('line too long');
  });

  it('reports bad UTF-8 replacement characters in the address as a bad address', () => {
    for (const name of ['combined', 'common']) {
      expect(createFormat(name, {}).parse('203.0.\uFFFD.7 - - [10/Oct/2023:13:55:36 -0700] "GET / HTTP/1.1" 200 1')).toBe('bad client address');
    }
  });
});
