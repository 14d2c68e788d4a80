/**
 * Regular expressions from rule files run on every line an attacker writes, so they are checked
 * before use: a length cap, no back-references, and no repeated group that itself contains a
 * repetition (`(a+)+`, `(\w*\.)*`), the cheap-to-spot shapes of catastrophic backtracking.
 */
export const MAX_REGEX_LENGTH = 512;

export type RegexCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

interface Group {
  /** Something inside repeats (a quantifier whose maximum is above 1). */
  repeats: boolean;
}

export function compileSafeRegex(pattern: string, flags = ''): RegexCheck {
  if (pattern.length > MAX_REGEX_LENGTH) return { ok: false, reason: `longer than ${MAX_REGEX_LENGTH} characters` };
  if (!/^i?$/.test(flags)) return { ok: false, reason: `unsupported flags "${flags}" (only i)` };
  const shape = checkShape(pattern);
  if (shape) return { ok: false, reason: shape };
  try {
    return { ok: true, regex: new RegExp(pattern, flags) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** The maximum of a quantifier starting at `i`, and where it ends; null when there is none. */
function quantifierAt(pattern: string, i: number): { max: number; end: number } | null {
  const c = pattern[i];
  let end: number;
  let max: number;
  if (c === '*' || c === '+') {
    max = Infinity;
    end = i + 1;
  } else if (c === '?') {
    max = 1;
    end = i + 1;
  } else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return null;
    max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    end = i + m[0].length;
  } else {
    return null;
  }
  if (pattern[end] === '?') end++; // lazy: same worst case
  return { max, end };
}

function checkShape(pattern: string): string | null {
  const stack: Group[] = [{ repeats: false }];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    const top = stack[stack.length - 1] as Group;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'back-references are not allowed';
      i += 2;
    } else if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      stack.push({ repeats: false });
      i++;
      continue;
    } else if (c === ')') {
      if (stack.length === 1) return 'unbalanced parenthesis';
      const closed = stack.pop() as Group;
      const q = quantifierAt(pattern, i + 1);
      if (q && q.max > 1 && closed.repeats) {
        return 'a repeated group contains a repetition (exponential backtracking); rewrite it without nesting';
      }
      const parent = stack[stack.length - 1] as Group;
      parent.repeats ||= closed.repeats || (q !== null && q.max > 1);
      i = q ? q.end : i + 1;
      continue;
    } else {
      i++;
    }
    const q = quantifierAt(pattern, i);
    if (q) {
      if (q.max > 1) top.repeats = true;
      i = q.end;
    }
  }
  return stack.length === 1 ? null : 'unbalanced parenthesis';
}
