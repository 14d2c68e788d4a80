import { describe, expect, it } from 'vitest';
import { renderTerminalSummary } from './terminal.js';
import { emptySummary, HOSTILE, sampleSummary } from './sample-summary.js';

const ANSI = /\u001b\[[0-9;]*m/g;

function hostileSummary() {
  const summary = sampleSummary();
  summary.top.ips[0]!.label = HOSTILE.terminal;
  summary.top.asns[0]!.key = HOSTILE.terminal;
  summary.input.rejectedReasons = { [HOSTILE.terminal]: 4 };
  summary.findings[0]!.scope = { kind: 'ip', value: HOSTILE.terminal };
  return summary;
}

describe('renderTerminalSummary', () => {
  it('writes no escape sequence at all without colour, even when the data holds some', () => {
    const text = renderTerminalSummary(hostileSummary(), 'en', { color: false });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(text).toContain('bad\\x1b[2J\\x1b]0;pwned\\x07agent');
  });

  it('colours with ANSI only, and the colours are its only difference', () => {
    const plain = renderTerminalSummary(hostileSummary(), 'en', { color: false });
    const coloured = renderTerminalSummary(hostileSummary(), 'en', { color: true });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(plain);
    // Data never carries its own escape into the coloured output.
    expect(coloured.replace(ANSI, '')).not.toContain('\u001b');
  });

  it('gives input counts, both origin splits with bars, and the top attackers by attacks', () => {
    const text = renderTerminalSummary(sampleSummary(), 'en', { color: false });
    expect(text).toContain('Input: 22,345 lines, 22,330 parsed, 15 rejected');
    expect(text).toMatch(/All traffic \(17,161 requests\)/);
    expect(text).toMatch(/Attack traffic \(12,357 requests\)\n {2}Domestic {2}█+░+ +9\.7% +1,200\n {2}Foreign {3}█+░+ +79\.9% +9,876/);
    const countries = text.slice(text.indexOf('Top attacking countries'), text.indexOf('Top attacking networks'));
    expect(countries.indexOf('China (CN)')).toBeLessThan(countries.indexOf('Russia (RU)'));
    expect(countries.indexOf('Russia (RU)')).toBeLessThan(countries.indexOf('Singapore (SG)'));
    expect(text).toMatch(/198\.51\.100\.23 +3,900 attacks +Evil <b>Org<\/b>/);
  });

  it('lists findings most severe first with scope and count, and the rejected reasons', () => {
    const text = renderTerminalSummary(sampleSummary(), 'en', { color: false });
    const findings = text.slice(text.indexOf('Findings (5)'));
    expect(findings).toMatch(/^ {2}Critical +Brute force +12,345 +AS64501$/m);
    expect(findings.indexOf('Brute force')).toBeLessThan(findings.indexOf('Scan'));
    expect(text).toMatch(/Rejected lines by reason\n {2}bad-timestamp +9\n/);
  });

  it('shows at most ten findings and says how many more there are', () => {
    const summary = sampleSummary();
    summary.findings = Array.from({ length: 14 }, (_, index) => ({ ...summary.findings[0]!, id: `f${index}` }));
    const text = renderTerminalSummary(summary, 'en', { color: false });
    expect(text.match(/^ {2}High +SQL injection/gm)).toHaveLength(10);
    expect(text).toContain('… and 4 more');
  });

  it('keeps list rows within the width it is given', () => {
    for (const width of [80, 100]) {
      const text = renderTerminalSummary(sampleSummary(), 'en', { color: false, width });
      for (const line of text.split('\n').filter((row) => row.startsWith('  '))) {
        expect(Array.from(line).length).toBeLessThanOrEqual(width);
      }
    }
  });

  it('speaks French with French numbers', () => {
    const text = renderTerminalSummary(sampleSummary(), 'fr', { color: false });
    expect(text).toContain('Constats (5)');
    expect(text).toContain('Principaux pays attaquants');
    expect(text).toMatch(/12[\u00a0\u202f ]345/);
    expect(text).toContain('Chine (CN)');
  });

  it('renders an empty summary without broken numbers', () => {
    for (const lang of ['en', 'fr'] as const) {
      const text = renderTerminalSummary(emptySummary(), lang, { color: true }).replace(ANSI, '');
      expect(text).not.toMatch(/NaN|undefined|Infinity/);
      expect(text).toContain(lang === 'en' ? 'Findings (0)\n  none' : 'Constats (0)\n  aucune');
    }
  });
});
