import { describe, expect, it } from 'vitest';
import { caddyFormat } from './caddy.js';
import { jsonFormat } from './json.js';

const CADDY = JSON.stringify({
  level: 'info',
  ts: 1710079331.5241024,
  logger: 'http.log.access.log0',
  msg: 'handled request',
  request: {
    remote_ip: '10.0.0.2',
    remote_port: '41342',
    client_ip: '2001:db8::77',
    proto: 'HTTP/2.0',
    method: 'GET',
    host: 'www.example.org:8443',
    uri: '/search?q=%3Cscript%3E',
    headers: { 'User-Agent': ['Mozilla/5.0 "quoted"'], Referer: ['https://ref.example/'], 'X-Forwarded-For': ['2001:db8::77'] },
  },
  bytes_read: 0,
  duration: 0.000929675,
  size: 10900,
  status: 200,
});

describe('caddy', () => {
  it('reads an access entry', () => {
    expect(caddyFormat.create({}).parse(CADDY)).toEqual({
      time: 1710079331524,
      ip: '2001:db8::77',
      method: 'GET',
      path: '/search?q=%3Cscript%3E',
      protocol: 'HTTP/2.0',
      status: 200,
      bytes: 10900,
      referer: 'https://ref.example/',
      userAgent: 'Mozilla/5.0 "quoted"',
      host: 'www.example.org',
      forwardedFor: '2001:db8::77',
      durationMs: 0.929675,
    });
  });
  it('falls back to remote_ip and gives reasons', () => {
    const p = caddyFormat.create({});
    const entry = JSON.parse(CADDY) as { request: Record<string, unknown>; status: unknown; ts: unknown };
    delete entry.request.client_ip;
    expect(p.parse(JSON.stringify(entry))).toMatchObject({ ip: '10.0.0.2' });
    expect(p.parse(JSON.stringify({ ...entry, status: 'ok' }))).toBe('bad status');
    expect(p.parse(JSON.stringify({ ...entry, ts: 'yesterday' }))).toBe('bad time');
    expect(p.parse(JSON.stringify({ level: 'info', msg: 'server running' }))).toBe('missing field');
    expect(p.parse(CADDY.slice(0, 80))).toBe('not json');
  });
});

describe('json', () => {
  it('guesses nginx escape=json keys', () => {
    const line = JSON.stringify({
      time_local: '10/Mar/2024:14:02:11 +0100',
      remote_addr: '198.51.100.23',
      request: 'POST /xmlrpc.php HTTP/1.1',
      status: '405',
      body_bytes_sent: '0',
      request_time: '0.012',
      http_referer: '-',
      http_user_agent: 'python-requests/2.31',
      http_x_forwarded_for: '-',
    });
    expect(jsonFormat.create({}).parse(line)).toEqual({
      time: Date.UTC(2024, 2, 10, 13, 2, 11),
      ip: '198.51.100.23',
      method: 'POST',
      path: '/xmlrpc.php',
      protocol: 'HTTP/1.1',
      status: 405,
      bytes: 0,
      referer: '',
      userAgent: 'python-requests/2.31',
      host: undefined,
      forwardedFor: undefined,
      durationMs: 12,
    });
  });
  it('reads epoch and ISO times and absolute URLs', () => {
    const p = jsonFormat.create({});
    expect(p.parse('{"@timestamp":"2024-03-10T14:02:11.250+02:00","ip":"192.0.2.1","method":"GET","url":"https://shop.example:443/a?b=1","status":200}')).toMatchObject({
      time: Date.UTC(2024, 2, 10, 12, 2, 11, 250),
      path: '/a?b=1',
      host: 'shop.example',
    });
    expect(p.parse('{"ts":1710079331123,"client_ip":"192.0.2.1:5555","path":"/","status":404}')).toMatchObject({ time: 1710079331123, ip: '192.0.2.1' });
  });
  it('does not take application logs for access logs', () => {
    expect(jsonFormat.create({}).parse('{"time":"2024-03-10T14:02:11Z","ip":"192.0.2.1","msg":"user logged in"}')).toBe('missing field');
  });
  it('follows a mapping with dotted keys', () => {
    const p = jsonFormat.create({
      jsonMapping: { ip: 'client.address', time: 'when', path: 'http.target', status: 'http.code', userAgent: 'http.headers.ua', durationMs: 'took' },
    });
    const line = '{"client":{"address":"2001:db8::3"},"when":1710079331,"http":{"target":"/x","code":302,"headers":{"ua":"bot"}},"took":7}';
    expect(p.parse(line)).toMatchObject({ ip: '2001:db8::3', time: 1710079331000, path: '/x', status: 302, userAgent: 'bot', durationMs: 7, method: '-' });
    expect(p.parse('{"client":{"address":"nope"},"when":1}')).toBe('bad client address');
  });
  it('rejects a mapping to an unknown field', () => {
    expect(() => jsonFormat.create({ jsonMapping: { color: 'c' } as never })).toThrow(/unknown field "color"/);
  });
});
