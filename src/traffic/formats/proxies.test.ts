import { describe, expect, it } from 'vitest';
import { haproxyFormat } from './haproxy.js';
import { albFormat } from './alb.js';

describe('haproxy', () => {
  const SYSLOG =
    'Feb  6 12:14:14 localhost haproxy[14389]: 10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- 1/1/1/1/0 0/0 {1wt.eu} {} "GET /index.html HTTP/1.1"';

  it('reads the documented example with its syslog prefix', () => {
    expect(haproxyFormat.create({}).parse(SYSLOG)).toEqual({
      time: Date.UTC(2009, 1, 6, 12, 14, 14, 655),
      ip: '10.0.1.2',
      method: 'GET',
      path: '/index.html',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 2750,
      referer: '',
      userAgent: '',
      host: undefined,
      forwardedFor: undefined,
      durationMs: 109,
    });
  });

  it('reads lines without prefix or captures, IPv6 clients, aborted requests', () => {
    const p = haproxyFormat.create({});
    const bare = '2001:db8::5:40000 [06/Feb/2009:12:14:14.655] fe~ be/<NOSRV> 0/-1/-1/-1/+3 -1 +0 - - CR-- 1/1/0/0/0 0/0 "<BADREQ>"';
    expect(p.parse(bare)).toMatchObject({ ip: '2001:db8::5', status: 0, bytes: 0, method: '-', path: '<BADREQ>', durationMs: 3 });
    const rfc5424 = '<134>1 2009-02-06T12:14:14+00:00 lb haproxy 14389 - - 192.0.2.8:1234 [06/Feb/2009:12:14:15.001] fe be/s1 1/0/1/2/4 404 10 - - ---- 1/1/1/1/0 0/0 "GET /missing HTTP/1.1"';
    expect(p.parse(rfc5424)).toMatchObject({ ip: '192.0.2.8', status: 404, path: '/missing' });
  });

  it('gives reasons', () => {
    const p = haproxyFormat.create({});
    expect(p.parse(SYSLOG.replace('10.0.1.2:33317', 'bogus:1'))).toBe('bad client address');
    expect(p.parse(SYSLOG.replace(' 200 ', ' OK '))).toBe('bad status');
    expect(p.parse(SYSLOG.slice(0, 120))).toBe('truncated line');
    expect(p.parse('Feb  6 12:14:14 localhost haproxy[14389]: Proxy http-in started, now serving [many] requests of all kinds.')).toBe('line does not match format');
  });
});

describe('alb', () => {
  const ALB =
    'https 2024-03-10T14:02:11.186641Z app/my-lb/50dc6c495c0c9188 203.0.113.12:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET https://www.example.com:443/path?q=1 HTTP/1.1" "curl/8.5.0 \\"x\\"" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2024-03-10T14:02:11.183000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-" TID_1234';

  it('reads a documented-style line', () => {
    expect(albFormat.create({}).parse(ALB)).toEqual({
      time: Date.UTC(2024, 2, 10, 14, 2, 11, 186),
      ip: '203.0.113.12',
      method: 'GET',
      path: '/path?q=1',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 366,
      referer: '',
      userAgent: 'curl/8.5.0 "x"',
      host: 'www.example.com',
      forwardedFor: undefined,
      durationMs: 1,
    });
  });

  it('reads unparsed requests, missing status, IPv6 clients and classic ELB lines', () => {
    const p = albFormat.create({});
    const odd = 'http 2024-03-10T14:02:11.000000Z app/lb/1 [2001:db8::9]:5000 - -1 -1 -1 - - 0 0 "- - - " "-" - - - "-" "-" "-" - 2024-03-10T14:02:11.000000Z "-" "-" "-" "-" "-" "-" "-"';
    expect(p.parse(odd)).toMatchObject({ ip: '2001:db8::9', status: 0, method: '-', path: '', durationMs: undefined, host: undefined });
    const elb = '2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.38.0" - -';
    expect(p.parse(elb)).toMatchObject({ ip: '192.168.131.39', path: '/', host: 'www.example.com', bytes: 29 });
  });

  it('gives reasons', () => {
    const p = albFormat.create({});
    expect(p.parse(ALB.replace('2024-03-10T14', '2024-02-30T14'))).toBe('bad time');
    expect(p.parse(ALB.replace('203.0.113.12:2817', 'x:1'))).toBe('bad client address');
    expect(p.parse(ALB.slice(0, 150))).toBe('truncated line');
  });
});
