/**
 * Making untrusted text safe to show. Everything that comes from a log (paths, user agents, file
 * names) or from intel data (organisation names) goes through here before it reaches a reader.
 */

/**
 * Control characters and bidirectional overrides, which could rewrite a terminal or reorder what a
 * reader sees, are replaced by a visible escape such as `\x1b` or `\u202e`.
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return text.replace(INVISIBLE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cuts to at most `max` characters (code points), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '\u2026';
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return printable(value).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** A number fit for an SVG attribute: finite, rounded, never "NaN". */
export function svgNum(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '0';
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A count as the summary gives it, made safe for arithmetic. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** Only http(s) addresses become links: a `javascript:` URL from data must never be clickable. */
export function isWebUrl(value: string): boolean {
  return /^https?:\/\/[^\s"'<>]+$/i.test(value);
}
