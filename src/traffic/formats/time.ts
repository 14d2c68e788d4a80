/** Timestamp parsing without Date objects: log lines are many, their formats few and fixed. */

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Epoch ms of a wall-clock time at a UTC offset (minutes east), or NaN when a part is out of range
 * (31 February, hour 25...). Leap second 60 is accepted as the next second.
 */
export function epochMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): number {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1) return NaN;
  if (day > (DAYS_IN_MONTH[month - 1] as number) || (month === 2 && day === 29 && !isLeap(year))) return NaN;
  if (hour > 23 || minute > 59 || second > 60 || hour < 0 || minute < 0 || second < 0) return NaN;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60000 + second * 1000 + millis;
}

/** Month 1..12 from an English abbreviation in s at i (any case), or 0. */
export function monthFromAbbrev(s: string, i: number): number {
  const key = ((s.charCodeAt(i) | 0x20) << 16) | ((s.charCodeAt(i + 1) | 0x20) << 8) | (s.charCodeAt(i + 2) | 0x20);
  return MONTH_BY_KEY.get(key) ?? 0;
}

const MONTH_BY_KEY = new Map<number, number>(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((name, index) => [
    (name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2),
    index + 1,
  ]),
);

/** n digits at s[i..i+n) as a number, or -1. */
export function digitsAt(s: string, i: number, n: number): number {
  let value = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Reads an optional fraction ".ddd" at s[i] into out: its milliseconds and where it ends. */
function fractionAt(s: string, i: number, end: number, out: { ms: number; end: number }): void {
  out.ms = 0;
  out.end = i;
  if (i >= end || s.charCodeAt(i) !== 46) return;
  let k = i + 1;
  let scale = 100;
  let ms = 0;
  while (k < end) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) break;
    ms += c * scale;
    scale /= 10;
    k++;
  }
  if (k === i + 1) return;
  out.ms = Math.floor(ms);
  out.end = k;
}

/** Minutes east of UTC from "Z", "+hhmm", "+hh:mm" or "+hh" at s[i..end), or NaN. */
export function offsetAt(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  const sign = s.charCodeAt(i);
  if (sign === 90 || sign === 122) return end === i + 1 ? 0 : NaN;
  if (sign !== 43 && sign !== 45) return NaN;
  const hh = digitsAt(s, i + 1, 2);
  let mm: number;
  if (end === i + 3) mm = 0;
  else if (end === i + 5) mm = digitsAt(s, i + 3, 2);
  else if (end === i + 6 && s.charCodeAt(i + 3) === 58) mm = digitsAt(s, i + 4, 2);
  else return NaN;
  if (hh < 0 || mm < 0 || hh > 23 || mm > 59) return NaN;
  return (sign === 45 ? -1 : 1) * (hh * 60 + mm);
}

const scratch = { ms: 0, end: 0 };

/**
 * "10/Oct/2000:13:55:36 -0700" (Apache/nginx $time_local; optional ".mmm" after the seconds, an
 * absent zone read as UTC) in s[start, end), or NaN.
 */
export function parseClfTime(s: string, start: number, end: number): number {
  if (end - start < 20 || s.charCodeAt(start + 2) !== 47 || s.charCodeAt(start + 6) !== 47) return NaN;
  if (s.charCodeAt(start + 11) !== 58 || s.charCodeAt(start + 14) !== 58 || s.charCodeAt(start + 17) !== 58) return NaN;
  const day = digitsAt(s, start, 2);
  const month = monthFromAbbrev(s, start + 3);
  const year = digitsAt(s, start + 7, 4);
  const hour = digitsAt(s, start + 12, 2);
  const minute = digitsAt(s, start + 15, 2);
  const second = digitsAt(s, start + 18, 2);
  if ((day | month | year | hour | minute | second) < 0) return NaN;
  fractionAt(s, start + 20, end, scratch);
  let i = scratch.end;
  let offset = 0;
  if (i < end) {
    if (s.charCodeAt(i) !== 32) return NaN;
    i++;
    offset = offsetAt(s, i, end);
  }
  return epochMs(year, month, day, hour, minute, second, scratch.ms, offset);
}

/**
 * ISO 8601 "2024-03-10T14:02:11.123+01:00" (or "Z", "+0100", no zone = UTC, a space instead of
 * "T") in s[start, end), or NaN.
 */
export function parseIsoTime(s: string, start: number, end: number): number {
  if (end - start < 19 || s.charCodeAt(start + 4) !== 45 || s.charCodeAt(start + 7) !== 45) return NaN;
  const t = s.charCodeAt(start + 10);
  if ((t !== 84 && t !== 116 && t !== 32) || s.charCodeAt(start + 13) !== 58 || s.charCodeAt(start + 16) !== 58) {
    return NaN;
  }
  const year = digitsAt(s, start, 4);
  const month = digitsAt(s, start + 5, 2);
  const day = digitsAt(s, start + 8, 2);
  const hour = digitsAt(s, start + 11, 2);
  const minute = digitsAt(s, start + 14, 2);
  const second = digitsAt(s, start + 17, 2);
  if ((year | month | day | hour | minute | second) < 0) return NaN;
  fractionAt(s, start + 19, end, scratch);
  const offset = offsetAt(s, scratch.end, end);
  if (Number.isNaN(offset)) return NaN;
  return epochMs(year, month, day, hour, minute, second, scratch.ms, offset);
}

/**
 * An epoch number as seconds, milliseconds, microseconds or nanoseconds by its magnitude (logs from
 * 1973 to 2286 are told apart this way), or NaN.
 */
export function epochFromNumber(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return NaN;
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return Math.round(value / 1e6);
}

/** "1710079331.123" or "1710079331123" text to epoch ms, or NaN. */
export function parseEpochText(text: string): number {
  if (text === '' || text.length > 24) return NaN;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 48 || c > 57) && c !== 46) return NaN;
  }
  return epochFromNumber(Number(text));
}

/** Any of the timestamp texts above, tried in turn. */
export function parseAnyTime(text: string): number {
  const c = text.charCodeAt(2);
  if (c === 47) return parseClfTime(text, 0, text.length);
  if (text.charCodeAt(4) === 45) return parseIsoTime(text, 0, text.length);
  return parseEpochText(text);
}

/**
 * Remembers the last timestamp text and its value: consecutive log lines mostly share their second,
 * so most lines skip parsing. (Slicing and comparing with === measured faster than comparing in
 * place with charCodeAt or startsWith: the slice is a view, the compare a memcmp.)
 */
export class TimeCache {
  private text = '';
  private value = NaN;

  constructor(private readonly parse: (s: string, start: number, end: number) => number) {}

  get(s: string, start: number, end: number): number {
    const text = s.slice(start, end);
    if (text === this.text) return this.value;
    const value = this.parse(text, 0, text.length);
    if (!Number.isNaN(value)) {
      this.text = text;
      this.value = value;
    }
    return value;
  }
}
