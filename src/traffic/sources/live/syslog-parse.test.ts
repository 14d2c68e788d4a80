import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSyslog } from './syslog-parse.js';

const access = '203.0.113.7 - - [23/Nov/2026:14:45:03 +0000] "GET /login HTTP/1.1" 200 512 "-" "curl/8.0"';

describe('parseSyslog', () => {
  it('reads what nginx sends (RFC 3164 with hostname and tag)', () => {
    const parsed = parseSyslog(`<190>Nov 23 14:45:03 web1 nginx: ${access}`);
    expect(parsed).toEqual({
      ok: true,
      value: { facility: 23, severity: 6, version: 0, timestamp: 'Nov 23 14:45:03', host: 'web1', app: 'nginx', procId: null, msgId: null, message: access },
    });
  });

  it('reads nginx with nohostname, a space-padded day and a pid', () => {
    const noHost = parseSyslog(`<190>Nov  3 04:05:06 nginx: ${access}`);
    expect(noHost.ok && noHost.value).toMatchObject({ host: null, app: 'nginx', message: access, timestamp: 'Nov  3 04:05:06' });
    const pid = parseSyslog(`<13>Nov 23 14:45:03 web1 nginx[4242]: ${access}\n`);
    expect(pid.ok && pid.value).toMatchObject({ host: 'web1', app: 'nginx', procId: '4242', message: access });
  });

  it('keeps a BSD message without a header whole, as RFC 3164 asks', () => {
    const parsed = parseSyslog('<13>just some text');
    expect(parsed.ok && parsed.value).toMatchObject({ host: null, app: null, timestamp: null, message: 'just some text' });
  });

  it('reads RFC 5424 with and without structured data, and drops the BOM', () => {
    const nil = parseSyslog(`<165>1 2026-11-23T14:45:03.123Z web1.example.org nginx 4242 ACCESS - ${access}`);
    expect(nil).toEqual({
      ok: true,
      value: {
        facility: 20,
        severity: 5,
        version: 1,
        timestamp: '2026-11-23T14:45:03.123Z',
        host: 'web1.example.org',
        app: 'nginx',
        procId: '4242',
        msgId: 'ACCESS',
        message: access,
      },
    });
    const sd = parseSyslog(`<165>1 2026-11-23T14:45:03Z web1 app - - [ex@32473 a="x\\"]y" b="2"][other@1] \uFEFFhello world`);
    expect(sd.ok && sd.value).toMatchObject({ procId: null, msgId: null, message: 'hello world' });
  });

  it.each([
    ['', 'no <PRI>'],
    ['hello', 'no <PRI>'],
    ['<192>Nov 23 14:45:03 web1 nginx: x', 'invalid priority'],
    ['<013>x', 'invalid priority'],
    ['<13>Nov 23 14:45:03 web1 nginx: ', 'empty message'],
    ['<165>1 2026-11-23T14:45:03Z web1', 'incomplete'],
    ['<165>1 2026-11-23T14:45:03Z web1 app - - [unclosed x="1" msg', 'structured data'],
    ['<165>1 2026-11-23T14:45:03Z web1 app - - nope msg', 'structured data'],
  ])('rejects %j with a reason (%s)', (frame, reason) => {
    const parsed = parseSyslog(frame);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('never throws, and any message it accepts is non-empty text of the frame', () => {
    const frames = fc.oneof(
      fc.string(),
      fc.tuple(fc.integer({ min: 0, max: 300 }), fc.string()).map(([p, s]) => `<${p}>${s}`),
      fc.tuple(fc.integer({ min: 0, max: 191 }), fc.string()).map(([p, s]) => `<${p}>1 ${s}`),
    );
    fc.assert(
      fc.property(frames, (frame) => {
        const parsed = parseSyslog(frame);
        if (parsed.ok) {
          expect(parsed.value.message.trim()).not.toBe('');
          expect(frame).toContain(parsed.value.message.replace(/[\r\n\0]+$/, ''));
        }
      }),
    );
  });
});
