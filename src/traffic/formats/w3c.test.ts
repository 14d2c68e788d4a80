import { describe, expect, it } from 'vitest';
import { w3cFormat } from './w3c.js';
import { cloudfrontFormat } from './cloudfront.js';

describe('w3c (IIS)', () => {
  it('follows #Fields and decodes + in the user agent', () => {
    const p = w3cFormat.create({});
    expect(p.parse('#Software: Microsoft Internet Information Services 10.0')).toBeNull();
    expect(p.parse('#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes time-taken')).toBeNull();
    const line = '2024-03-10 14:02:11 10.0.0.4 GET /default.aspx id=5 443 - 2001:db8::20 Mozilla/5.0+(Windows+NT+10.0) https://ref.example/ www.example.org 200 0 0 5120 31';
    expect(p.parse(line)).toEqual({
      time: Date.UTC(2024, 2, 10, 14, 2, 11),
      ip: '2001:db8::20',
      method: 'GET',
      path: '/default.aspx?id=5',
      protocol: '',
      status: 200,
      bytes: 5120,
      referer: 'https://ref.example/',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0)',
      host: 'www.example.org',
      forwardedFor: undefined,
      durationMs: 31,
    });
    expect(p.parse('2024-03-10 14:02:11 10.0.0.4 GET /')).toBe('field count mismatch');
  });

  it('assumes IIS default fields before any header', () => {
    const p = w3cFormat.create({});
    expect(p.parse('2024-03-10 14:02:11 10.0.0.4 POST /login - 80 - 192.0.2.7 curl/8.0 - 401 1 2148074254 15')).toMatchObject({ ip: '192.0.2.7', path: '/login', status: 401, durationMs: 15 });
    expect(p.parse('a b c')).toBe('no fields header');
  });

  it('gives reasons', () => {
    const p = w3cFormat.create({});
    expect(p.parse('2024-02-30 14:02:11 10.0.0.4 GET / - 80 - 192.0.2.7 x - 200 0 0 1')).toBe('bad time');
    expect(p.parse('2024-03-10 14:02:11 10.0.0.4 GET / - 80 - host.example x - 200 0 0 1')).toBe('bad client address');
    expect(p.parse('2024-03-10 14:02:11 10.0.0.4 GET / - 80 - 192.0.2.7 x - OK 0 0 1')).toBe('bad status');
  });
});

describe('cloudfront', () => {
  const FIELDS =
    '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';
  const LINE = [
    '2024-03-10', '14:02:11', 'SEA19-C1', '2390', '2001:db8:1::4', 'GET', 'd111111abcdef8.cloudfront.net', '/index.html', '200',
    'https%3A//ref.example/%3Fa=1', 'Mozilla/5.0%20(Macintosh;%20Intel%20Mac%20OS%20X%2010_15)%2520x', 'lang=fr', '-', 'Hit',
    'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==', 'www.example.org', 'https', '156', '0.001', '198.51.100.1',
    'TLSv1.3', 'TLS_AES_128_GCM_SHA256', 'Hit', 'HTTP/2.0', '-', '-', '11040', '0.001', 'Hit', 'text/html', '78', '-', '-',
  ].join('\t');

  it('reads a line after its headers, decoding header values once', () => {
    const p = cloudfrontFormat.create({});
    expect(p.parse('#Version: 1.0')).toBeNull();
    expect(p.parse(FIELDS)).toBeNull();
    expect(p.parse(LINE)).toEqual({
      time: Date.UTC(2024, 2, 10, 14, 2, 11),
      ip: '2001:db8:1::4',
      method: 'GET',
      path: '/index.html?lang=fr',
      protocol: 'HTTP/2.0',
      status: 200,
      bytes: 2390,
      referer: 'https://ref.example/?a=1',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15)%20x',
      host: 'www.example.org',
      forwardedFor: '198.51.100.1',
      durationMs: 1,
    });
  });

  it('reads lines without a header and keeps undecodable values', () => {
    const p = cloudfrontFormat.create({});
    expect(p.parse(LINE.replace('Mozilla/5.0%20', 'bad%E0%A4%A'))).toMatchObject({ userAgent: 'bad%E0%A4%A(Macintosh;%20Intel%20Mac%20OS%20X%2010_15)%2520x' });
  });
});
