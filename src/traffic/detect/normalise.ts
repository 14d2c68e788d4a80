/**
 * Puts a request value into one canonical form before signatures look at it, so that an encoding
 * trick (double encoding, %u, overlong UTF-8, entities, comments, case) cannot hide a payload.
 * Work is bounded: the input is cut at MAX_INPUT characters and decoded at most MAX_ROUNDS times.
 */
export const MAX_INPUT = 8192;
export const MAX_ROUNDS = 4;

const WHITESPACE = /\s/;
const WHITESPACE_RUNS = /\s+/g;

/** Path and query as logged. '+' in the query (first round only) means a space, as in forms. */
export function normaliseTarget(rawPathAndQuery: string): string {
  return normalise(rawPathAndQuery, true);
}

/** A header value (user agent, referer): same decoding, but '+' stays '+'. */
export function normaliseHeader(raw: string): string {
  return normalise(raw, false);
}

/**
 * The same result as `normaliseTarget` for a value made only of characters that the pre-filter lets
 * through (no %, &#, ;, \\, *, whitespace...): nothing to decode, so only case and '+' remain.
 */
export function normaliseSafeTarget(raw: string): string {
  const value = (raw.length > MAX_INPUT ? raw.slice(0, MAX_INPUT) : raw).toLowerCase();
  const query = value.indexOf('?');
  if (query < 0 || value.indexOf('+', query) < 0) return value;
  return (value.slice(0, query) + value.slice(query).replace(/\+/g, ' ')).replace(/ {2,}/g, ' ').trim();
}

/** The same result as `normaliseHeader` for a user agent the user-agent pre-filter lets through. */
export function normaliseSafeHeader(raw: string): string {
  const value = (raw.length > MAX_INPUT ? raw.slice(0, MAX_INPUT) : raw).toLowerCase();
  return value.includes(' ') ? value.replace(/ {2,}/g, ' ').trim() : value;
}

function normalise(raw: string, plusIsSpaceInQuery: boolean): string {
  let value = raw.length > MAX_INPUT ? raw.slice(0, MAX_INPUT) : raw;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = decodeRound(value, plusIsSpaceInQuery && round === 0);
    if (next === value) break;
    value = next;
  }
  if (value.includes('\0')) value = value.replace(/\0/g, '');
  if (value.includes('\\')) value = value.replace(/\\/g, '/');
  value = stripSqlComments(value.toLowerCase());
  return WHITESPACE.test(value) ? value.replace(WHITESPACE_RUNS, ' ').trim() : value;
}

/** One round of percent, %u and HTML-entity decoding; returns the same string when nothing changed. */
function decodeRound(s: string, plusIsSpaceInQuery: boolean): string {
  const n = s.length;
  const query = s.indexOf('?');
  const plusFrom = plusIsSpaceInQuery && query >= 0 ? query : n;
  let out = '';
  let last = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 37 /* % */) {
      if ((s.charCodeAt(i + 1) | 32) === 117 /* u */ && hexAt(s, i + 2, 4)) {
        const code = (hexValue(s, i + 2) << 8) | hexValue(s, i + 4);
        out += s.slice(last, i) + String.fromCharCode(code);
        i += 6;
        last = i;
        continue;
      }
      if (hexAt(s, i + 1, 2)) {
        const bytes: number[] = [];
        let j = i;
        while (s.charCodeAt(j) === 37 && hexAt(s, j + 1, 2)) {
          bytes.push(hexValue(s, j + 1));
          j += 3;
        }
        out += s.slice(last, i) + decodeBytes(bytes);
        i = j;
        last = j;
        continue;
      }
    } else if (c === 43 /* + */ && i > plusFrom) {
      out += s.slice(last, i) + ' ';
      i++;
      last = i;
      continue;
    } else if (c === 38 /* & */) {
      const entity = entityAt(s, i);
      if (entity) {
        out += s.slice(last, i) + entity.text;
        i = entity.end;
        last = i;
        continue;
      }
    }
    i++;
  }
  return last === 0 ? s : out + s.slice(last);
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 102);
}

/** The byte spelled by the two hex digits at `at`. */
function hexValue(s: string, at: number): number {
  return (nibble(s.charCodeAt(at)) << 4) | nibble(s.charCodeAt(at + 1));
}

function nibble(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

function hexAt(s: string, from: number, count: number): boolean {
  if (from + count > s.length) return false;
  for (let k = from; k < from + count; k++) if (!isHex(s.charCodeAt(k))) return false;
  return true;
}

const isContinuation = (b: number | undefined): b is number => b !== undefined && (b & 0xc0) === 0x80;

/**
 * Lenient UTF-8: overlong forms (%c0%af, %e0%80%af) decode to the character they spell, as some
 * servers once did; a byte that starts no valid sequence stands for itself (Latin-1).
 */
function decodeBytes(bytes: number[]): string {
  let out = '';
  let k = 0;
  while (k < bytes.length) {
    const b0 = bytes[k] as number;
    let cp = -1;
    let used = 1;
    if (b0 >= 0xc0 && b0 < 0xe0 && isContinuation(bytes[k + 1])) {
      cp = ((b0 & 0x1f) << 6) | ((bytes[k + 1] as number) & 0x3f);
      used = 2;
    } else if (b0 >= 0xe0 && b0 < 0xf0 && isContinuation(bytes[k + 1]) && isContinuation(bytes[k + 2])) {
      cp = ((b0 & 0x0f) << 12) | (((bytes[k + 1] as number) & 0x3f) << 6) | ((bytes[k + 2] as number) & 0x3f);
      used = 3;
    } else if (
      b0 >= 0xf0 &&
      b0 < 0xf8 &&
      isContinuation(bytes[k + 1]) &&
      isContinuation(bytes[k + 2]) &&
      isContinuation(bytes[k + 3])
    ) {
      cp =
        ((b0 & 0x07) << 18) |
        (((bytes[k + 1] as number) & 0x3f) << 12) |
        (((bytes[k + 2] as number) & 0x3f) << 6) |
        ((bytes[k + 3] as number) & 0x3f);
      used = 4;
    }
    if (cp < 0) out += String.fromCharCode(b0);
    else out += cp > 0x10ffff ? '\ufffd' : String.fromCodePoint(cp);
    k += used;
  }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = {
  lt: '<', gt: '>', quot: '"', apos: "'", amp: '&', nbsp: ' ', colon: ':', semi: ';', sol: '/',
  bsol: '\\', lpar: '(', rpar: ')', lsqb: '[', rsqb: ']', lcub: '{', rcub: '}', equals: '=',
  plus: '+', comma: ',', period: '.', excl: '!', num: '#', dollar: '$', percnt: '%', ast: '*',
  grave: '`', tab: '\t', newline: '\n', vert: '|', verbar: '|',
};

/** `&lt;`, `&#60;`, `&#x3c;`, or numeric forms without ';' (browsers accept those too). */
function entityAt(s: string, at: number): { text: string; end: number } | null {
  if (s.charCodeAt(at + 1) === 35 /* # */) {
    const hex = (s.charCodeAt(at + 2) | 32) === 120; /* x */
    let k = at + (hex ? 3 : 2);
    const start = k;
    while (k < s.length && k - start < 8 && (hex ? isHex(s.charCodeAt(k)) : isDigit(s.charCodeAt(k)))) k++;
    if (k === start) return null;
    const cp = parseInt(s.slice(start, k), hex ? 16 : 10);
    if (cp <= 0 || cp > 0x10ffff) return null;
    if (s.charCodeAt(k) === 59 /* ; */) k++;
    return { text: String.fromCodePoint(cp), end: k };
  }
  const semi = s.indexOf(';', at + 1);
  if (semi < 0 || semi - at > 9) return null;
  const text = NAMED_ENTITIES[s.slice(at + 1, semi).toLowerCase()];
  return text === undefined ? null : { text, end: semi + 1 };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `/**\/` becomes a space; MySQL's executable comments `/*!50000select*\/` keep their content. */
function stripSqlComments(s: string): string {
  let open = s.indexOf('/*');
  if (open < 0) return s;
  let out = '';
  let last = 0;
  while (open >= 0) {
    const close = s.indexOf('*/', open + 2);
    if (close < 0) break;
    let inner = '';
    if (s.charCodeAt(open + 2) === 33 /* ! */) {
      let k = open + 3;
      while (k < close && isDigit(s.charCodeAt(k))) k++;
      inner = s.slice(k, close);
    }
    out += s.slice(last, open) + ' ' + inner + ' ';
    last = close + 2;
    open = s.indexOf('/*', last);
  }
  return out + s.slice(last);
}
