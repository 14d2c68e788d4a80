import { describe, expect, it } from 'vitest';
import { nginxFormat, compileNginx } from './nginx.js';
import { goaccessFormat } from './goaccess.js';
import { combinedFormat } from './combined.js';

const NGINX_MAIN =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time $host $upstream_response_time';

describe('nginx custom format', () => {
  it('reads the variables it knows and skips the others', () => {
    const p = nginxFormat.create({ nginxLogFormat: NGINX_MAIN });
    const line =
      '10.1.2.3 - - [10/Mar/2024:14:02:11 +0100] "GET /api/items?id=1 HTTP/1.1" 502 157 "-" "Mozilla/5.0 \\"quoted\\"" "203.0.113.50" 0.120 shop.example.org 0.050, 0.070';
    expect(p.parse(line)).toEqual({
      time: Date.UTC(2024, 2, 10, 13, 2, 11),
      ip: '10.1.2.3',
      method: 'GET',
      path: '/api/items?id=1',
      protocol: 'HTTP/1.1',
      status: 502,
      bytes: 157,
      referer: '',
      userAgent: 'Mozilla/5.0 "quoted"',
      host: 'shop.example.org',
      forwardedFor: '203.0.113.50',
      durationMs: 120,
    });
  });

  it('builds the path from $uri and $args, reads $time_iso8601 and ${var}', () => {
    const p = nginxFormat.create({ nginxLogFormat: '${remote_addr}|$time_iso8601|$request_method|$uri|$args|$status|$bytes_sent|$upstream_response_time|$connection' });
    expect(p.parse('2001:db8::5|2024-03-10T14:02:11+01:00|POST|/login|next=%2F|401|512|0.004 : 0.002|1234')).toMatchObject({
      ip: '2001:db8::5',
      time: Date.UTC(2024, 2, 10, 13, 2, 11),
      method: 'POST',
      path: '/login?next=%2F',
      status: 401,
      bytes: 512,
      durationMs: 6,
    });
  });

  it('accepts the whole log_format directive', () => {
    const p = nginxFormat.create({
      nginxLogFormat: `log_format main '$remote_addr [$msec] "$request" '\n  '$status';`,
    });
    expect(p.parse('192.0.2.9 [1710079331.250] "GET / HTTP/1.1" 200')).toMatchObject({ time: 1710079331250, status: 200 });
  });

  it('reads the same as the combined parser on combined lines', () => {
    const p = nginxFormat.create({ nginxLogFormat: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"' });
    const line = '198.51.100.4 - bob [10/Oct/2023:13:55:36 -0700] "GET /a?b HTTP/1.1" 301 0 "https://r.example/" "UA/1.0"';
    expect(p.parse(line)).toEqual(combinedFormat.create({}).parse(line));
  });

  it('names the bad variable or what is missing', () => {
    expect(() => compileNginx('$remote_addr [$time_local] "$request" ${oops')).toThrow(/unterminated variable/);
    expect(() => compileNginx('$remote_addr [$time_local] "$request" $ x')).toThrow(/bad variable "\$"/);
    expect(() => compileNginx('$remote_addr [$time_local] $status')).toThrow(/request/);
    expect(() => compileNginx('${remote_addr}${status} [$time_local] "$request"')).toThrow(/\$remote_addr and \$status/);
    expect(() => nginxFormat.create({})).toThrow(/nginxLogFormat/);
  });

  it('gives reasons for lines that do not fit', () => {
    const p = nginxFormat.create({ nginxLogFormat: NGINX_MAIN });
    expect(p.parse('garbage - x')).toBe('bad client address');
    expect(p.parse('garbage')).toBe('truncated line');
    expect(p.parse('10.1.2.3 - - [10/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1" abc 1 "-" "-" "-" 0.1 h -')).toBe('bad status');
    expect(p.parse('10.1.2.3 - - [10/Mar/2024:14:02:11 +0100] "GET / HTTP/1.1')).toBe('truncated line');
    const bracketFirst = nginxFormat.create({ nginxLogFormat: '[$time_local] $remote_addr "$request"' });
    expect(bracketFirst.parse('10.1.2.3 [10/Mar/2024:14:02:11 +0100] "GET /"')).toBe('line does not match format');
  });
});

describe('GoAccess custom format', () => {
  it('reads the GoAccess form of combined and applies the zone it skips', () => {
    const p = goaccessFormat.create({ goaccessLogFormat: '%h %^[%d:%t %^] "%r" %s %b "%R" "%u"' });
    const line = '2001:db8::1 - - [10/Oct/2023:13:55:36 -0700] "GET /x HTTP/1.1" 200 12 "-" "curl/8"';
    expect(p.parse(line)).toEqual(combinedFormat.create({}).parse(line));
  });

  it('reads split date and time with custom formats, vhost, and durations', () => {
    const p = goaccessFormat.create({
      goaccessLogFormat: '%d %t %v %h %m %U %q %H %s %b %L "%u"',
      goaccessDateFormat: '%Y-%m-%d',
      goaccessTimeFormat: '%T',
    });
    expect(p.parse('2024-03-10 14:02:11 app.example.org 192.0.2.44 GET /search q=x HTTP/2.0 200 99 12.5 "Mozilla/5.0 (Mac)"')).toEqual({
      time: Date.UTC(2024, 2, 10, 14, 2, 11),
      ip: '192.0.2.44',
      method: 'GET',
      path: '/search?q=x',
      protocol: 'HTTP/2.0',
      status: 200,
      bytes: 99,
      referer: '',
      userAgent: 'Mozilla/5.0 (Mac)',
      host: 'app.example.org',
      forwardedFor: undefined,
      durationMs: 12.5,
    });
  });

  it('reads %x as ISO 8601, epoch, or a given date format, and %~ skips spaces', () => {
    const iso = goaccessFormat.create({ goaccessLogFormat: '%x %~%h "%r" %s %D' });
    expect(iso.parse('2024-03-10T14:02:11.5Z    192.0.2.1 "GET / HTTP/1.1" 200 1500')).toMatchObject({
      time: Date.UTC(2024, 2, 10, 14, 2, 11, 500),
      durationMs: 1.5,
      bytes: 0,
    });
    const epoch = goaccessFormat.create({ goaccessLogFormat: '%x %h "%r" %s', goaccessDateFormat: '%s', goaccessTimeFormat: '%s' });
    expect(epoch.parse('1710079331 192.0.2.1 "GET / HTTP/1.1" 200')).toMatchObject({ time: 1710079331000 });
  });

  it('maps predefined names to the built-in parsers', () => {
    expect(goaccessFormat.create({ goaccessLogFormat: 'COMBINED' }).name).toBe('combined');
    expect(goaccessFormat.create({ goaccessLogFormat: 'vcommon' }).name).toBe('vhost-common');
    expect(goaccessFormat.create({ goaccessLogFormat: 'CLOUDFRONT' }).name).toBe('cloudfront');
    expect(() => goaccessFormat.create({ goaccessLogFormat: 'SQUIDISH' })).toThrow(/unknown predefined format SQUIDISH/);
  });

  it('names a bad specifier', () => {
    expect(() => goaccessFormat.create({ goaccessLogFormat: '%h [%d:%t] "%r" %Q' })).toThrow(/unknown specifier %Q/);
    expect(() => goaccessFormat.create({ goaccessLogFormat: '%h [%d:%t] "%r"', goaccessDateFormat: '%Y-%J' })).toThrow(/%J/);
    expect(() => goaccessFormat.create({ goaccessLogFormat: '%h "%r" %s' })).toThrow(/time/);
  });

  it('rejects impossible dates', () => {
    const p = goaccessFormat.create({ goaccessLogFormat: '%h %^[%d:%t %^] "%r" %s %b' });
    expect(p.parse('192.0.2.1 - - [31/Feb/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1')).toBe('bad time');
  });
});
