import { basename, dirname, resolve } from 'node:path';

/**
 * A followed path: either one file, or a directory plus a name pattern with `*` and `?`
 * (`/var/log/nginx/*.log`). Wildcards are allowed in the last segment only: log directories are
 * fixed places, and a recursive glob on a busy /var/log would make every poll costly.
 */
export interface PathPattern {
  /** As configured, for messages. */
  text: string;
  dir: string;
  /** The last segment; a literal name when `wild` is false. */
  name: string;
  wild: boolean;
}

export class PatternError extends Error {
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(`${pattern}: ${message}`);
    this.name = 'PatternError';
  }
}

const WILD = /[*?]/;

export function parsePattern(text: string): PathPattern {
  if (text.trim() === '') throw new PatternError(text, 'empty path');
  const absolute = resolve(text);
  const dir = dirname(absolute);
  const name = basename(absolute);
  if (WILD.test(dir)) throw new PatternError(text, 'wildcards (* ?) are allowed only in the file name, not in directories');
  if (name === '' || name === '.' || name === '..') throw new PatternError(text, 'not a file name');
  return { text, dir, name, wild: WILD.test(name) };
}

/**
 * Shell-style name match: `*` any run of characters, `?` one character, everything else literal.
 * As in a shell, a wildcard does not match a leading dot (editors' and tools' hidden files).
 * Iterative with backtracking to the last `*`, so no pattern can make it exponential.
 */
export function matchName(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starN = n;
    } else if (pc !== undefined && (pc === '?' || pc === name[n])) {
      p++;
      n++;
    } else if (starP >= 0) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
