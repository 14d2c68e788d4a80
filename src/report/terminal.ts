/**
 * The summary printed at the end of `vigie analyze`: counts, the origin split with small bars, the
 * top attackers and the findings. Colour only when asked; log text is made printable first, so a
 * user agent cannot send escape sequences to the reader's terminal.
 */
import { countryName, formatPercent, type Lang, type Translate } from '../i18n/index.js';
import type { AnalysisSummary, Origin, OriginSplit, TopEntry } from '../model/index.js';
import { ORIGINS } from '../model/index.js';
import { orderFindings } from './html-findings.js';
import { dateTime, num } from './locale.js';
import { categoryLabel, networkTypeLabel, originLabel, reportText, severityLabel, type ReportMessageKey } from './messages.js';
import { clip, count, printable } from './text.js';

export interface TerminalOptions {
  color: boolean;
  /** Columns available; 80 when not given. */
  width?: number;
}

type T = Translate<ReportMessageKey>;

const ORIGIN_ANSI: Record<Origin, string> = { domestic: '34', foreign: '33', obscured: '35', unknown: '90' };
const SEVERITY_ANSI: Record<string, string> = { critical: '1;31', high: '31', medium: '33', low: '32' };
const TOP_ROWS = 5;
const FINDING_ROWS = 10;

interface Style {
  paint(text: string, code: string | undefined): string;
}

function style(color: boolean): Style {
  return { paint: (text, code) => (color && code ? `\u001b[${code}m${text}\u001b[0m` : text) };
}

function width(text: string): number {
  return Array.from(text).length;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}

/** Log and intel text: printable, cut to fit. */
function safe(value: unknown, max: number): string {
  return clip(printable(value), max);
}

function bar(ratio: number, size: number): [string, string] {
  const filled = Math.round(Math.min(1, Math.max(0, Number.isFinite(ratio) ? ratio : 0)) * size);
  return ['\u2588'.repeat(filled), '\u2591'.repeat(size - filled)];
}

function splitLines(split: OriginSplit | undefined, lang: Lang, barSize: number, s: Style): string[] {
  const total = ORIGINS.reduce((sum, origin) => sum + count(split?.[origin]), 0);
  const labels = ORIGINS.map((origin) => originLabel(origin, lang));
  const labelSize = Math.max(...labels.map(width));
  return ORIGINS.map((origin, index) => {
    const value = count(split?.[origin]);
    const [filled, empty] = bar(total > 0 ? value / total : 0, barSize);
    return (
      `  ${padEnd(labels[index] ?? origin, labelSize)}  ${s.paint(filled, ORIGIN_ANSI[origin])}${s.paint(empty, '2')}  ` +
      `${padStart(formatPercent(value, total, lang), 7)}  ${padStart(num(value, lang), 9)}`
    );
  });
}

function topLines(entries: TopEntry[], kind: 'country' | 'asn' | 'ip', lang: Lang, t: T, lineWidth: number): string[] {
  const attackers = (entries ?? [])
    .filter((entry) => count(entry.attacks) > 0)
    .sort((a, b) => count(b.attacks) - count(a.attacks))
    .slice(0, TOP_ROWS);
  if (attackers.length === 0) return [`  ${t('terminal.none')}`];
  const keys = attackers.map((entry) => (kind === 'country' ? `${safe(countryName(entry.key, lang), 30)} (${safe(entry.key, 4)})` : safe(entry.key, 39)));
  const keySize = Math.max(...keys.map(width));
  const counts = attackers.map((entry) => t('terminal.attackCount', { count: count(entry.attacks) }));
  const countSize = Math.max(...counts.map(width));
  return attackers.map((entry, index) => {
    const key = keys[index] ?? '';
    const head = `  ${padEnd(key, keySize)}  ${padStart(counts[index] ?? '', countSize)}`;
    if (kind === 'country') return head;
    const about = [entry.label ?? '', entry.networkType ? networkTypeLabel(entry.networkType, lang) : '', entry.origin ? originLabel(entry.origin, lang) : '']
      .filter(Boolean)
      .join(' \u00b7 ');
    const room = lineWidth - width(head) - 2;
    return room >= 8 && about ? `${head}  ${safe(about, room)}` : head;
  });
}

function findingLines(summary: AnalysisSummary, lang: Lang, t: T, lineWidth: number, s: Style): string[] {
  const findings = Array.isArray(summary.findings) ? orderFindings(summary.findings) : [];
  if (findings.length === 0) return [`  ${t('terminal.none')}`];
  const shown = findings.slice(0, FINDING_ROWS);
  const severities = shown.map((finding) => severityLabel(String(finding.severity), lang));
  const categories = shown.map((finding) => safe(categoryLabel(String(finding.category), lang), 32));
  const counts = shown.map((finding) => num(count(finding.count), lang));
  const sevSize = Math.max(...severities.map(width));
  const catSize = Math.max(...categories.map(width));
  const countSize = Math.max(...counts.map(width));
  const lines = shown.map((finding, index) => {
    const head =
      `  ${s.paint(padEnd(severities[index] ?? '', sevSize), SEVERITY_ANSI[finding.severity])}  ` +
      `${padEnd(categories[index] ?? '', catSize)}  ${padStart(counts[index] ?? '', countSize)}  `;
    const used = 2 + sevSize + 2 + catSize + 2 + countSize + 2;
    return head + safe(finding.scope?.value ?? '', Math.max(12, lineWidth - used));
  });
  const total = Math.max(findings.length, Number(summary.findingsTotal) || 0);
  if (total > shown.length) lines.push(`  ${t('terminal.moreFindings', { count: total - shown.length })}`);
  return lines;
}

export function renderTerminalSummary(summary: AnalysisSummary, lang: Lang, options: TerminalOptions): string {
  const t = reportText(lang);
  const s = style(options.color);
  const lineWidth = Math.max(40, Math.min(200, Math.floor(options.width ?? 80)));
  const barSize = Math.max(8, Math.min(40, lineWidth - 44));
  const heading = (text: string) => s.paint(text, '1');
  const input = summary.input;
  const attacks = summary.attribution?.attacks;
  const all = summary.attribution?.all;
  const total = (split: OriginSplit | undefined) => ORIGINS.reduce((sum, origin) => sum + count(split?.[origin]), 0);
  const { from, to } = summary.period ?? { from: null, to: null };

  const lines: string[] = [heading(t('terminal.title'))];
  lines.push(t('terminal.input', { lines: count(input?.lines), parsed: count(input?.parsed), rejected: count(input?.rejected) }));
  lines.push(
    typeof from === 'number' && typeof to === 'number'
      ? t('report.period', { from: dateTime(from, lang), to: dateTime(to, lang) })
      : t('report.periodUnknown'),
  );
  lines.push(t('headline.home', { country: countryName(summary.home, lang) }), '');
  lines.push(heading(t('terminal.all', { count: total(all) })), ...splitLines(all, lang, barSize, s), '');
  lines.push(heading(t('terminal.attacks', { count: total(attacks) })), ...splitLines(attacks, lang, barSize, s), '');
  lines.push(heading(t('terminal.topCountries')), ...topLines(summary.top?.countries ?? [], 'country', lang, t, lineWidth), '');
  lines.push(heading(t('terminal.topAsns')), ...topLines(summary.top?.asns ?? [], 'asn', lang, t, lineWidth), '');
  lines.push(heading(t('terminal.topIps')), ...topLines(summary.top?.ips ?? [], 'ip', lang, t, lineWidth), '');
  lines.push(heading(t('terminal.findings', { count: Math.max(summary.findings?.length ?? 0, Number(summary.findingsTotal) || 0) })), ...findingLines(summary, lang, t, lineWidth, s));

  const reasons = Object.entries(input?.rejectedReasons ?? {})
    .filter(([, value]) => count(value) > 0)
    .sort((a, b) => count(b[1]) - count(a[1]));
  if (reasons.length > 0) {
    lines.push('', heading(t('terminal.rejected')));
    const shown = reasons.slice(0, 8).map(([reason, value]): [string, string] => [safe(reason, 40), num(count(value), lang)]);
    const reasonSize = Math.max(...shown.map(([reason]) => width(reason)));
    const countSize = Math.max(...shown.map(([, value]) => width(value)));
    for (const [reason, value] of shown) lines.push(`  ${padEnd(reason, reasonSize)}  ${padStart(value, countSize)}`);
    if (reasons.length > shown.length) lines.push(`  ${t('terminal.moreFindings', { count: reasons.length - shown.length })}`);
  }
  return lines.join('\n') + '\n';
}
