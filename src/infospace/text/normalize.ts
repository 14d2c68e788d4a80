import { foldChineseCode, isHan } from './chinese.js';

/** Unicode NFKC: full-width letters, ligatures and compatibility forms become their plain form. */
export function nfkc(text: string): string {
  return text.normalize('NFKC');
}

/** Punctuation, symbols, emoji and marks outside ASCII: separators for matching. */
function isSeparator(c: number): boolean {
  if (c < 0x80) return !((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90));
  return (
    c < 0xc0 || c === 0xd7 || c === 0xf7 ||
    (c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xd800 && c <= 0xdfff) ||
    (c >= 0xfe00 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20) || (c >= 0xff3b && c <= 0xff40) || (c >= 0xff5b && c <= 0xff65)
  );
}

const SPACE = 32;
const URL_START = /^https?:\/\//i;

/**
 * The text as coordination detection compares it, written as UTF-16 code units into `out`: NFKC,
 * lower case, Traditional folded to Simplified, links and mentions removed (their own methods
 * compare them, and they would make unrelated posts look alike), punctuation, emoji and spacing
 * collapsed to one space. One pass without intermediate strings: it runs on every post. Returns the
 * length written (at most out.length).
 */
export function normalizeInto(text: string, out: Uint16Array): number {
  // ASCII is its own NFKC form and lower-cases in the loop below: most posts skip two string copies
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  const s = ascii ? text : text.normalize('NFKC').toLowerCase();
  let n = 0;
  let pendingSpace = false;
  const max = out.length;
  for (let i = 0; i < s.length && n < max; i++) {
    const c = s.charCodeAt(i);
    const wordStart = i === 0 || s.charCodeAt(i - 1) <= SPACE;
    if (((c === 104 || c === 72) && wordStart && URL_START.test(s.slice(i, i + 8))) || (c === 64 && wordStart)) {
      while (i + 1 < s.length && s.charCodeAt(i + 1) > SPACE) i++;
      pendingSpace = true;
      continue;
    }
    if (isSeparator(c)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && n > 0) out[n++] = SPACE;
    pendingSpace = false;
    if (n < max) out[n++] = c >= 0x3400 ? foldChineseCode(c) : c >= 65 && c <= 90 ? c + 32 : c;
  }
  return n;
}

const buffer = new Uint16Array(8192);
const decoder = new TextDecoder('utf-16le');

/** normalizeInto as a string. */
export function normalizeForMatch(text: string): string {
  const n = normalizeInto(text, buffer);
  return decoder.decode(buffer.subarray(0, n));
}

/** Share of Han characters among the non-space code units of a normalised buffer. */
export function hanShareOf(codes: Uint16Array, length: number): number {
  let han = 0;
  let other = 0;
  for (let i = 0; i < length; i++) {
    const c = codes[i] as number;
    if (c === SPACE) continue;
    if (isHan(c)) han++;
    else other++;
  }
  return han + other === 0 ? 0 : han / (han + other);
}
