import { findClosingQuote } from './scan.js';

/**
 * Field boundaries of a line of space-separated fields where some are double-quoted (AWS load
 * balancer logs). Reused across lines: no allocation per line. A quoted field's bounds exclude its
 * quotes.
 */
export class FieldSplitter {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  count = 0;

  constructor(readonly max: number) {
    this.starts = new Int32Array(max);
    this.ends = new Int32Array(max);
  }

  /**
   * Splits s on `separator` (one character); with `quoted`, a field starting with a double quote
   * runs to its closing quote. Returns false on an unclosed quote.
   */
  split(s: string, separator: string, quoted = true): boolean {
    const len = s.charCodeAt(s.length - 1) === 13 ? s.length - 1 : s.length;
    const code = separator.charCodeAt(0);
    let pos = 0;
    this.count = 0;
    while (pos <= len && this.count < this.max) {
      if (quoted && s.charCodeAt(pos) === 34) {
        const close = findClosingQuote(s, pos + 1);
        if (close === -1) return false;
        this.starts[this.count] = pos + 1;
        this.ends[this.count] = close;
        this.count++;
        pos = close + 1;
        if (pos < len && s.charCodeAt(pos) !== code) return false;
        pos++;
        continue;
      }
      let end = s.indexOf(separator, pos);
      if (end === -1 || end > len) end = len;
      this.starts[this.count] = pos;
      this.ends[this.count] = end;
      this.count++;
      pos = end + 1;
    }
    return true;
  }

  text(s: string, i: number): string {
    return s.slice(this.starts[i] as number, this.ends[i] as number);
  }
}
