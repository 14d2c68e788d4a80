import { describe, expect, it } from 'vitest';
import { LineWriter, escapeNginx, formatTimeLocal } from './line.js';

describe('nginx line writing', () => {
  it('escapes quotes, backslashes, control characters and non-ASCII bytes as nginx does', () => {
    expect(escapeNginx('() { :; }; /bin/bash -c "id"')).toBe('() { :; }; /bin/bash -c \\x22id\\x22');
    expect(escapeNginx('a\\b')).toBe('a\\x5Cb');
    expect(escapeNginx('tab\there')).toBe('tab\\x09here');
    expect(escapeNginx('é')).toBe('\\xC3\\xA9');
    expect(escapeNginx('plain /path?q=1')).toBe('plain /path?q=1');
  });

  it('formats $time_local in UTC', () => {
    expect(formatTimeLocal(Date.UTC(2026, 9, 20, 22, 0, 5))).toBe('20/Oct/2026:22:00:05 +0000');
    expect(formatTimeLocal(Date.UTC(2027, 0, 1, 3, 4, 59))).toBe('01/Jan/2027:03:04:59 +0000');
  });

  it('writes combined and vhost-combined lines', () => {
    const request = {
      time: Date.UTC(2026, 9, 20, 22, 0, 5), ip: '70.24.1.2', method: 'GET', path: '/en/', protocol: 'HTTP/2.0',
      status: 200, bytes: 123, referer: '-', userAgent: 'UA "x"', host: 'elections.example',
    };
    expect(new LineWriter('combined').line(request, 443)).toBe('70.24.1.2 - - [20/Oct/2026:22:00:05 +0000] "GET /en/ HTTP/2.0" 200 123 "-" "UA \\x22x\\x22"');
    expect(new LineWriter('vhost-combined').line(request, 80)).toMatch(/^elections\.example:80 70\.24\.1\.2 - - \[/);
  });
});
