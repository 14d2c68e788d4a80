import { epochMs, monthFromAbbrev, offsetAt } from './time.js';

/** The parts of a timestamp read so far on one line (GoAccess may split date and time). */
export interface TimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  offset: number;
  /** Set by %s: epoch ms, which wins over the parts. */
  epoch: number;
}

export function resetTimeParts(p: TimeParts): void {
  p.year = -1;
  p.month = -1;
  p.day = -1;
  p.hour = 0;
  p.minute = 0;
  p.second = 0;
  p.millis = 0;
  p.offset = 0;
  p.epoch = NaN;
}

/** Epoch ms from the parts, or NaN when the date is missing or impossible. */
export function timeFromParts(p: TimeParts): number {
  if (!Number.isNaN(p.epoch)) return p.epoch;
  if (p.year < 0 || p.month < 0 || p.day < 0) return NaN;
  return epochMs(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millis, p.offset);
}

const SPECIFIERS = new Set(['d', 'e', 'm', 'b', 'h', 'B', 'Y', 'y', 'H', 'k', 'M', 'S', 'f', 'z', 's', 'T', 'F', 'D', 'R']);
const EXPANSIONS: Record<string, string> = { T: '%H:%M:%S', F: '%Y-%m-%d', D: '%m/%d/%y', R: '%H:%M' };
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A strftime-style date/time pattern (the subset web servers write), compiled once. */
export class TimePattern {
  private readonly tokens: { spec: boolean; text: string }[] = [];

  /** Throws an Error naming the first specifier it does not know. */
  constructor(readonly source: string) {
    this.compile(source);
  }

  /** True when the pattern reads a time of day or an epoch, not only a date. */
  get hasTime(): boolean {
    return this.tokens.some((t) => t.spec && (t.text === 'H' || t.text === 's'));
  }

  get hasDate(): boolean {
    return this.tokens.some((t) => t.spec && (t.text === 'd' || t.text === 's'));
  }

  private compile(source: string): void {
    for (let i = 0; i < source.length; i++) {
      const c = source[i] as string;
      if (c !== '%') {
        this.tokens.push({ spec: false, text: c });
        continue;
      }
      const spec = source[i + 1];
      i++;
      if (spec === '%') this.tokens.push({ spec: false, text: '%' });
      else if (spec !== undefined && EXPANSIONS[spec]) this.compile(EXPANSIONS[spec]);
      else if (spec !== undefined && SPECIFIERS.has(spec)) {
        const canonical = spec === 'e' ? 'd' : spec === 'h' ? 'b' : spec === 'k' ? 'H' : spec;
        this.tokens.push({ spec: true, text: canonical });
      } else throw new Error(`unknown date/time specifier %${spec ?? ''} in "${source}"`);
    }
  }

  /** Reads the pattern at s[pos] into parts; returns where it ended, or -1. */
  parse(s: string, pos: number, end: number, parts: TimeParts): number {
    for (const token of this.tokens) {
      if (!token.spec) {
        if (s[pos] !== token.text) return -1;
        pos++;
        continue;
      }
      switch (token.text) {
        case 'Y':
          pos = this.number(s, pos, end, 4, 4, parts, 'year');
          break;
        case 'y':
          pos = this.number(s, pos, end, 2, 2, parts, 'year');
          if (pos >= 0) parts.year += parts.year < 70 ? 2000 : 1900;
          break;
        case 'm':
          pos = this.number(s, pos, end, 1, 2, parts, 'month');
          break;
        case 'd':
          if (s.charCodeAt(pos) === 32) pos++;
          pos = this.number(s, pos, end, 1, 2, parts, 'day');
          break;
        case 'H':
          if (s.charCodeAt(pos) === 32) pos++;
          pos = this.number(s, pos, end, 1, 2, parts, 'hour');
          break;
        case 'M':
          pos = this.number(s, pos, end, 1, 2, parts, 'minute');
          break;
        case 'S':
          pos = this.number(s, pos, end, 1, 2, parts, 'second');
          break;
        case 'f': {
          let k = pos;
          let scale = 100;
          let ms = 0;
          while (k < end && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) {
            ms += (s.charCodeAt(k) - 48) * scale;
            scale /= 10;
            k++;
          }
          if (k === pos) return -1;
          parts.millis = Math.floor(ms);
          pos = k;
          break;
        }
        case 'b': {
          const month = pos + 3 <= end ? monthFromAbbrev(s, pos) : 0;
          if (month === 0) return -1;
          parts.month = month;
          pos += 3;
          break;
        }
        case 'B': {
          let k = pos;
          while (k < end && ((s.charCodeAt(k) | 0x20) >= 97 && (s.charCodeAt(k) | 0x20) <= 122)) k++;
          const month = MONTH_NAMES.indexOf(s.slice(pos, k).toLowerCase()) + 1;
          if (month === 0) return -1;
          parts.month = month;
          pos = k;
          break;
        }
        case 'z': {
          let k = pos;
          if (s.charCodeAt(k) === 90) k++;
          else {
            k++;
            while (k < end && k - pos < 6 && ((s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) || s.charCodeAt(k) === 58)) k++;
          }
          const offset = offsetAt(s, pos, k);
          if (Number.isNaN(offset)) return -1;
          parts.offset = offset;
          pos = k;
          break;
        }
        case 's': {
          let k = pos;
          while (k < end && ((s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) || s.charCodeAt(k) === 46)) k++;
          const seconds = Number(s.slice(pos, k));
          if (k === pos || !Number.isFinite(seconds)) return -1;
          parts.epoch = Math.round(seconds * 1000);
          pos = k;
          break;
        }
      }
      if (pos < 0) return -1;
    }
    return pos;
  }

  private number(
    s: string,
    pos: number,
    end: number,
    min: number,
    max: number,
    parts: TimeParts,
    key: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second',
  ): number {
    let k = pos;
    let value = 0;
    while (k < end && k - pos < max) {
      const c = s.charCodeAt(k) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      k++;
    }
    if (k - pos < min) return -1;
    parts[key] = value;
    return k;
  }
}
