import { describe, expect, it } from 'vitest';
import { combinedFormat } from './combined.js';
import { commonFormat } from './common.js';
import { vhostCombinedFormat } from './vhost-combined.js';
import { vhostCommonFormat } from './vhost-common.js';

const combined = () => combinedFormat.create({});

describe('combined', () => {
  it('reads a full line', () => {
    const line =
      '203.0.113.7 - alice [10/Oct/2023:13:55:36 -0700] "GET /search?q=%27or HTTP/1.1" 200 2326 "https://example.org/start" "Mozilla/5.0 (X11; Linux x86_64)"';
    expect(combined().parse(line)).toEqual({
      time: Date.UTC(2023, 9, 10, 20, 55, 36),
      ip: '203.0.113.7',
      method: 'GET',
      path: '/search?q=%27or',
      protocol: 'HTTP/1.1',
      status: 200,
      bytes: 2326,
      referer: 'https://example.org/start',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
  });

  it('reads IPv6 clients, "-" fields and escaped quotes in the user agent', () => {
    const line = '2001:db8::42 - - [01/Jan/2024:00:00:05 +0100] "POST /wp-login.php HTTP/2.0" 403 - "-" "sqlmap/1.7 (\\"test\\")"';
    const r = combined().parse(line);
    expect(r).toMatchObject({
      ip: '2001:db8::42',
      time: Date.UTC(2023, 11, 31, 23, 0, 5),
      method: 'POST',
      status: 403,
      bytes: 0,
      referer: '',
      userAgent: 'sqlmap/1.7 ("test")',
    });
  });

  it('keeps a trailing quoted X-Forwarded-For and ignores other extra fields', () => {
    const line =
      '10.0.0.5 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0" "198.51.100.9, 10.0.0.1" 0.003 upstream=1';
    expect(combined().parse(line)).toMatchObject({ ip: '10.0.0.5', forwardedFor: '198.51.100.9, 10.0.0.1', userAgent: 'curl/8.5.0' });
    const dash = '10.0.0.5 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.5.0" "-"';
    expect(combined().parse(dash)).toMatchObject({ forwardedFor: undefined });
  });

  it('keeps junk requests whole and unescaped quotes in the request', () => {
    const tls = '198.51.100.1 - - [10/Oct/2023:13:55:36 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01" 400 157 "-" "-"';
    expect(combined().parse(tls)).toMatchObject({ method: '-', path: '\\x16\\x03\\x01\\x02\\x00\\x01', status: 400, userAgent: '' });
    const quoted = '198.51.100.1 - - [10/Oct/2023:13:55:36 +0000] "GET /a"b HTTP/1.1" 404 0 "-" "x"';
    expect(combined().parse(quoted)).toMatchObject({ method: 'GET', path: '/a"b', status: 404 });
  });

  it('gives reasons for bad lines', () => {
    const p = combined();
    const good = '203.0.113.7 - - [10/Oct/2023:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "ua"';
    expect(p.parse(good.replace('203.0.113.7', 'example.org'))).toBe('bad client address');
    expect(p.parse(good.replace('10/Oct', '32/Oct'))).toBe('bad time');
    expect(p.parse(good.replace(' 200 ', ' 2x0 '))).toBe('bad status');
    expect(p.parse(good.replace(' 200 1 ', ' 200 1k '))).toBe('bad bytes');
    expect(p.parse(good.slice(0, 70))).toBe('truncated line');
    expect(p.parse(good.slice(0, 20))).toBe('truncated line');
    expect(p.parse('203.0.113.7 hello world')).toBe('line does not match format');
    expect(p.parse('x'.repeat(70_000))).toBe('line too long');
    expect(p.parse('')).toBeNull();
  });

  it('does not accept common lines', () => {
    expect(combined().parse('203.0.113.7 - - [10/Oct/2023:13:55:36 -0700] "GET / HTTP/1.1" 200 1')).toBe('truncated line');
  });
});

describe('common', () => {
  it('reads a line and rejects combined ones', () => {
    const p = commonFormat.create({});
    expect(p.parse('192.0.2.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326\r')).toEqual({
      time: Date.UTC(2000, 9, 10, 20, 55, 36),
      ip: '192.0.2.1',
      method: 'GET',
      path: '/apache_pb.gif',
      protocol: 'HTTP/1.0',
      status: 200,
      bytes: 2326,
      referer: '',
      userAgent: '',
    });
    expect(p.parse('192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "-" "x"')).toBe('line does not match format');
  });
});

describe('vhost variants', () => {
  it('reads Apache %v:%p and nginx $host prefixes', () => {
    const apache = 'www.example.org:443 203.0.113.7 - - [10/Oct/2023:13:55:36 +0200] "GET / HTTP/1.1" 200 10 "-" "ua"';
    expect(vhostCombinedFormat.create({}).parse(apache)).toMatchObject({ host: 'www.example.org', ip: '203.0.113.7', time: Date.UTC(2023, 9, 10, 11, 55, 36) });
    const nginx = 'example.org 2001:db8::9 - - [10/Oct/2023:13:55:36 +0000] "GET /x HTTP/1.1" 404 0';
    expect(vhostCommonFormat.create({}).parse(nginx)).toMatchObject({ host: 'example.org', ip: '2001:db8::9', path: '/x' });
  });
  it('rejects plain lines as a bad address (the host sits where the address should)', () => {
    const plain = '203.0.113.7 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 10 "-" "ua"';
    expect(vhostCombinedFormat.create({}).parse(plain)).toBe('bad client address');
    expect(combinedFormat.create({}).parse(`example.org ${plain}`)).toBe('bad client address');
  });
});
