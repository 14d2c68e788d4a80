import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, escapeHtml, isWebUrl, printable, svgNum } from './text.js';

describe('text helpers', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('never lets a markup character through, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|#39);)/);
        expect(escaped).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });

  it('makes control and direction characters visible, and leaves ordinary text alone', () => {
    expect(printable('a\u001b[31mb\u202ec')).toBe('a\\x1b[31mb\\u202ec');
    expect(printable('Québec 北京 tab\there')).toBe('Québec 北京 tab\there');
    expect(printable(null)).toBe('');
    expect(printable(42)).toBe('42');
  });

  it('cuts long text on a character boundary with an ellipsis', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
    expect(Array.from(clip('😀😀😀😀😀', 3))).toEqual(['😀', '😀', '…']);
  });

  it('writes SVG numbers that are always finite', () => {
    expect([Number.NaN, Number.POSITIVE_INFINITY, -0.04, 1.26].map((value) => svgNum(value))).toEqual(['0', '0', '0', '1.3']);
  });

  it('accepts only http and https addresses as links', () => {
    expect(isWebUrl('https://example.org/a')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('https://x.org/"onmouseover=1')).toBe(false);
    expect(isWebUrl(' data:text/html,x')).toBe(false);
  });
});
