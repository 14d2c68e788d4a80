/**
 * Syslog message parsing: RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`) and the BSD
 * format of RFC 3164 (`<PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG`), which nginx sends with
 * `access_log syslog:server=...` (tag `nginx`, hostname omitted with `nohostname`).
 * Pure functions: a frame in, a message or a reason out; nothing here throws on any input.
 */

export interface SyslogMessage {
  facility: number;
  severity: number;
  /** 1 for RFC 5424; 0 for RFC 3164 and other BSD-style messages. */
  version: 0 | 1;
  timestamp: string | null;
  host: string | null;
  app: string | null;
  procId: string | null;
  msgId: string | null;
  /** The content: for nginx, the access log line. */
  message: string;
}

export type SyslogParse = { ok: true; value: SyslogMessage } | { ok: false; reason: string };

const PRI = /^<(\d{1,3})>/;
const BSD_TIME = /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) /;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})) /;
/** `nginx:`, `nginx[123]:`; a TAG is at most 32 characters in RFC 3164, some senders use more. */
const TAG = /^([^\s:[\]]{1,64})(?:\[([^\]\s]{0,32})\])?:(?: |$)/;

const fail = (reason: string): SyslogParse => ({ ok: false, reason });

export function parseSyslog(input: string): SyslogParse {
  const frame = input.replace(/[\r\n\0]+$/, '');
  const pri = PRI.exec(frame);
  if (!pri) return fail('no <PRI> at the start');
  const value = Number(pri[1]);
  if (value > 191 || (pri[1]!.length > 1 && pri[1]!.startsWith('0'))) return fail(`invalid priority <${pri[1]}>`);
  const rest = frame.slice(pri[0].length);
  const base = { facility: value >> 3, severity: value & 7 };
  return rest.startsWith('1 ') ? parse5424(rest.slice(2), base) : parse3164(rest, base);
}

function parse5424(text: string, base: { facility: number; severity: number }): SyslogParse {
  const fields: string[] = [];
  let at = 0;
  for (let i = 0; i < 5; i++) {
    const space = text.indexOf(' ', at);
    if (space < 0) return fail('RFC 5424 header is incomplete');
    const field = text.slice(at, space);
    if (field === '') return fail('RFC 5424 header has an empty field');
    fields.push(field);
    at = space + 1;
  }
  const sdEnd = structuredDataEnd(text, at);
  if (sdEnd < 0) return fail('RFC 5424 structured data is malformed');
  let message = text.slice(sdEnd);
  if (message !== '' && !message.startsWith(' ')) return fail('RFC 5424 structured data is malformed');
  message = message.slice(1);
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  if (message.trim() === '') return fail('empty message');
  const nil = (field: string) => (field === '-' ? null : field);
  const [timestamp, host, app, procId, msgId] = fields as [string, string, string, string, string];
  return {
    ok: true,
    value: { ...base, version: 1, timestamp: nil(timestamp), host: nil(host), app: nil(app), procId: nil(procId), msgId: nil(msgId), message },
  };
}

/** End index of STRUCTURED-DATA starting at `at` ("-" or one or more [id k="v"] elements), or -1. */
function structuredDataEnd(text: string, at: number): number {
  if (text[at] === '-') return at + 1;
  if (text[at] !== '[') return -1;
  let i = at;
  while (text[i] === '[') {
    i++;
    let quoted = false;
    for (;;) {
      const c = text[i];
      if (c === undefined) return -1;
      if (quoted && c === '\\') i += 2;
      else {
        if (c === '"') quoted = !quoted;
        else if (c === ']' && !quoted) break;
        i++;
      }
    }
    i++;
  }
  return i;
}

function parse3164(text: string, base: { facility: number; severity: number }): SyslogParse {
  const time = BSD_TIME.exec(text) ?? ISO_TIME.exec(text);
  let timestamp: string | null = null;
  let host: string | null = null;
  let app: string | null = null;
  let procId: string | null = null;
  let rest = text;
  if (time) {
    timestamp = time[1]!;
    rest = text.slice(time[0].length);
    let tag = TAG.exec(rest);
    if (!tag) {
      // Not a tag, so a hostname comes first.
      const space = rest.indexOf(' ');
      if (space > 0) {
        host = rest.slice(0, space);
        rest = rest.slice(space + 1);
        tag = TAG.exec(rest);
      }
    }
    if (tag) {
      app = tag[1]!;
      procId = tag[2] ?? null;
      rest = rest.slice(tag[0].length);
    }
  }
  // RFC 3164 4.3.3: without a recognisable header, the whole text is the content.
  if (rest.trim() === '') return fail('empty message');
  return { ok: true, value: { ...base, version: 0, timestamp, host, app, procId, msgId: null, message: rest } };
}
