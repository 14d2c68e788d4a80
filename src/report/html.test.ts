import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnalysisSummary, Finding } from '../model/index.js';
import { MAX_EVIDENCE, MAX_FINDINGS } from './html-findings.js';
import { renderHtmlReport } from './html.js';
import { renderTerminalSummary } from './terminal.js';
import { emptySummary, HOSTILE, sampleSummary } from './sample-summary.js';
import { MAP_COLOURS } from './world-map.js';

const VOID = new Set(['meta', 'br', 'link', 'img', 'input', 'hr', 'wbr']);

/** Opened tags that were never closed, or closed out of order; empty when the nesting is sound. */
function nestingErrors(html: string): string[] {
  const body = html.replace(/<style>[\s\S]*?<\/style>/, '<style></style>').replace(/<!doctype[^>]*>/i, '');
  const stack: string[] = [];
  const errors: string[] = [];
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName, selfClosing] = match;
    const name = (rawName ?? '').toLowerCase();
    if (VOID.has(name) || selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) errors.push(`</${name}> at ${match.index}`);
  }
  return [...errors, ...stack.map((name) => `<${name}> never closed`)];
}

function tagNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => (match[1] ?? '').toLowerCase()));
}

/** The fill of the map shape of one country. */
function mapFill(html: string, code: string): string | undefined {
  return new RegExp(`<path d="[^"]*" fill="(#[0-9a-f]+)" data-cc="${code}"`).exec(html)?.[1];
}

/** Text a log could hold: anything, with markup characters and escapes made likely. */
const logText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '/', '=', ' ', 's', 'c', 'r', 'i', 'p', 't', '\u001b', '\u202e'), maxLength: 60 }),
);

const en = renderHtmlReport(sampleSummary(), 'en');
const fr = renderHtmlReport(sampleSummary(), 'fr');

describe('renderHtmlReport: self-contained', () => {
  it('has no script at all and loads nothing from the network', () => {
    for (const html of [en, fr]) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<(link|img|iframe|object|embed|source|image|use)\b/i);
      expect(html).not.toMatch(/<[^>]*\bsrc\s*=/i);
      expect(html).not.toMatch(/url\(/i);
      expect(html).not.toMatch(/@import/i);
      // Web addresses appear only as the target of a plain link.
      for (const match of html.matchAll(/<(\w+)\b[^>]*\bhref="(https?:[^"]*)"/g)) {
        expect(match[1]).toBe('a');
      }
    }
  });

  it('forbids scripts and remote loads through its content security policy', () => {
    expect(en).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  });

  it('stays well under 400 KB for a typical summary', () => {
    expect(Buffer.byteLength(en)).toBeLessThan(400_000);
  });

  it('opens and closes its tags in order', () => {
    expect(nestingErrors(en)).toEqual([]);
    expect(nestingErrors(fr)).toEqual([]);
  });
});

describe('renderHtmlReport: untrusted text', () => {
  it('shows hostile log and intel strings as text, never as markup', () => {
    for (const value of [HOSTILE.userAgent, HOSTILE.path, HOSTILE.org, HOSTILE.file]) expect(en).not.toContain(value);
    expect(en).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(en).toContain('Evil &lt;b&gt;Org&lt;/b&gt; &amp; &quot;Co&quot; &lt;svg onload=alert(2)&gt;');
    expect(en).toContain('logs/&lt;iframe src=javascript:alert(3)&gt;.log');
    expect(en).not.toMatch(/<b>|<svg onload|<iframe/i);
  });

  it('never turns a javascript: address into a link', () => {
    expect(en).not.toMatch(/href="\s*javascript:/i);
    expect(en).toContain('Hostile source');
    expect(en).toContain('<a href="https://github.com/sapics/ip-location-db" rel="noreferrer">');
  });

  it('makes control and direction-override characters visible', () => {
    expect(en).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(en).toContain('\\x1b[2J');
    expect(en).toContain('\\u202e');
  });

  it('keeps markup sound and script-free whatever the log holds', () => {
    const allowed = tagNames(en);
    fc.assert(
      fc.property(logText, logText, logText, (text, other, key) => {
        const summary = sampleSummary();
        const finding = summary.findings[0] as Finding;
        finding.evidence = [{ ...finding.evidence[0]!, path: text, userAgent: other, file: key, method: text }];
        finding.scope = { kind: 'ip', value: other };
        finding.rule = text;
        finding.details = { [key]: other };
        summary.top.ips[0]!.label = text;
        summary.top.asns[0]!.key = other;
        summary.input.rejectedReasons = { [key]: 3 };
        summary.input.rejectedSamples = [{ file: other, line: 1, reason: key, text }];
        summary.caveats = [text];
        summary.dataSources = [{ name: text, licence: other, url: other, notice: key }];
        summary.statuses = { [key]: 5 };
        const html = renderHtmlReport(summary, 'fr');
        expect(html).not.toMatch(/<script/i);
        expect([...tagNames(html)].filter((name) => !allowed.has(name))).toEqual([]);
        expect(nestingErrors(html)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe('renderHtmlReport: language', () => {
  it('writes the French report in French', () => {
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Qui nous attaque, et d’où ?');
    expect(fr).toContain('Ce que ce rapport peut dire');
    expect(fr).toMatch(/<h2 id="findings-title">Constats<\/h2>/);
    expect(fr).not.toContain('Who attacks us');
    expect(en).toContain('<html lang="en">');
    expect(en).toMatch(/<h2 id="findings-title">Findings<\/h2>/);
  });

  it('writes numbers the way each language does', () => {
    // The brute-force finding counts 12 345 requests.
    expect(en).toContain('12,345');
    expect(fr).toMatch(/12[\u00a0\u202f ]345/);
    expect(fr).not.toContain('12,345');
  });

  it('names countries in the reader’s language', () => {
    expect(fr).toContain('Chine');
    expect(en).toContain('China');
  });
});

describe('renderHtmlReport: content', () => {
  it('answers who attacks and from where, with shares and counts, naming the home country', () => {
    expect(en).toContain('Home country: Canada.');
    // 9,876 of 12,357 attack requests are foreign.
    expect(en).toContain('Foreign: 79.9% (9,876)');
    expect(en).toContain('Domestic: 9.7% (1,200)');
    expect(en).toMatch(/Of 12,357 attack requests, 79\.9% \(9,876\) came from networks registered abroad/);
  });

  it('colours the countries that attacked, darkest for the most, and leaves the others plain', () => {
    expect(mapFill(en, 'CN')).toBe(MAP_COLOURS[5]);
    expect(mapFill(en, 'DE')).not.toBe(MAP_COLOURS[0]);
    expect(mapFill(en, 'DE')).toBeDefined();
    expect(mapFill(en, 'BR')).toBe(MAP_COLOURS[0]);
    expect(mapFill(en, 'FR')).toBe(MAP_COLOURS[0]);
  });

  it('names the attacking countries the map is too small to draw', () => {
    expect(en).toMatch(/Not drawn on this map[^<]*Singapore \(321\)/);
  });

  it('explains every caveat, and shows an unknown caveat key as it is', () => {
    expect(en).toContain('No Tor exit list was imported');
    expect(en).toContain('Top lists are counted with bounded memory');
    expect(en).toContain('<li>some-future-caveat</li>');
    expect(en).toContain('verified crawler only when its user agent claims a known crawler');
  });

  it('lists findings most severe first, with technique links and folded evidence', () => {
    const findings = en.slice(en.indexOf('<section id="findings"'), en.indexOf('<section id="input"'));
    const findingRows = [...findings.matchAll(/<tr><th scope="row">([^<]+)<\/th>/g)].map((match) => match[1]);
    expect(findingRows).toHaveLength(5);
    expect(findingRows[0]).toBe('Brute force');
    expect(findingRows[findingRows.length - 1]).toBe('Scan');
    expect(en).toContain('<a href="https://attack.mitre.org/techniques/T1110/001/" rel="noreferrer">T1110.001</a>');
    expect(en).toContain('<code>access.log:110</code>');
    expect(en).toContain('8 lines of evidence');
    expect(en).toContain(`${8 - MAX_EVIDENCE} more lines are not shown.`);
    expect(en).toContain('failures=12,345, window=10m');
    expect(en).toContain('1 line of evidence');
    expect(fr).toContain('1 ligne de preuve');
    expect(fr).toContain('3 lignes de preuve');
  });

  it('reports input quality with reasons and samples', () => {
    expect(en).toContain('22,345 lines read, 22,330 parsed, 15 rejected');
    expect(en).toContain('<th scope="row">bad-timestamp</th><td class="n">9</td>');
    expect(en).toContain('<code>access.log:17</code> bad-timestamp');
  });

  it('gives every chart a title, a label and a data table', () => {
    const charts = en.match(/<svg [^>]*>/g) ?? [];
    expect(charts.length).toBeGreaterThanOrEqual(10);
    for (const open of charts) expect(open).toMatch(/role="img" aria-label="[^"]+"/);
    expect(en.match(/<svg [^>]*><title>/g)?.length).toBe(charts.length);
    expect((en.match(/<details class="data">/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(en).toMatch(/<th scope="col"/);
    expect(en).toMatch(/<caption>/);
  });

  it('credits the data sources, the map included', () => {
    expect(en).toContain('CC0-1.0');
    expect(en).toContain('world-atlas');
  });
});

describe('renderHtmlReport: edge cases', () => {
  it('renders an empty summary in both languages', () => {
    for (const lang of ['en', 'fr'] as const) {
      const html = renderHtmlReport(emptySummary(), lang);
      expect(nestingErrors(html)).toEqual([]);
      expect(html).not.toMatch(/NaN|undefined|Infinity/);
      expect(html).toContain(lang === 'en' ? 'No requests were read' : 'Aucune requête n’a été lue');
      expect(html).toContain(lang === 'en' ? 'No findings' : 'Aucun constat');
      expect(mapFill(html, 'CN')).toBe(MAP_COLOURS[0]);
    }
  });

  it('has no broken numbers in a typical report', () => {
    expect(en).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('stays bounded when there are thousands of findings with long evidence', () => {
    const summary: AnalysisSummary = sampleSummary();
    const base = summary.findings[0] as Finding;
    summary.findings = Array.from({ length: 2000 }, (_, index) => ({
      ...base,
      id: `f${index}`,
      evidence: Array.from({ length: 20 }, () => ({ ...base.evidence[0]!, path: '/x'.repeat(5000) })),
    }));
    const html = renderHtmlReport(summary, 'en');
    expect((html.match(/<details><summary>/g) ?? []).length).toBe(MAX_FINDINGS);
    expect(html).toContain(`${(2000 - MAX_FINDINGS).toLocaleString("en-CA")} more findings are not shown here`);
    expect(Buffer.byteLength(html)).toBeLessThan(3_000_000);
  });

  it('renders even a summary with every part missing', () => {
    const html = renderHtmlReport({} as AnalysisSummary, 'fr');
    expect(nestingErrors(html)).toEqual([]);
    expect(html).toContain('Aucun constat');
    const text = renderTerminalSummary({} as AnalysisSummary, 'en', { color: false });
    expect(text).toContain('Findings (0)');
  });

  it('survives malformed numbers and dates without throwing or printing NaN', () => {
    const summary = sampleSummary();
    summary.attribution.attacks.foreign = Number.NaN;
    summary.period = { from: Number.POSITIVE_INFINITY, to: 5 };
    summary.timeline.bucketMs = 0;
    summary.findings[0]!.firstSeen = Number.NaN;
    summary.findings[0]!.confidence = 7;
    summary.generatedAt = 'not a date';
    const html = renderHtmlReport(summary, 'en');
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(nestingErrors(html)).toEqual([]);
  });
});
