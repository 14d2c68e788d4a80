/** The findings table, each finding with its evidence folded under it. */
import { countryName, type Lang, type Translate } from '../i18n/index.js';
import type { Evidence, Finding } from '../model/index.js';
import { raw, section, table, paragraph } from './html-kit.js';
import { confidence, dateTime, num } from './locale.js';
import { categoryLabel, scopeKindLabel, severityLabel, type ReportMessageKey } from './messages.js';
import { clip, count, escapeHtml } from './text.js';

type T = Translate<ReportMessageKey>;

/** Keeps the file readable and bounded whatever the number of findings. */
export const MAX_FINDINGS = 300;
export const MAX_EVIDENCE = 5;
const MAX_FIELD = 400;

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/** Most severe first, then the largest. */
export function orderFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) || count(b.count) - count(a.count),
  );
}

/** A MITRE ATT&CK page, only for well-formed technique ids such as T1190 or T1110.001. */
export function techniqueUrl(technique: string): string | null {
  const match = /^T(\d{4})(?:\.(\d{3}))?$/.exec(technique);
  if (!match) return null;
  return `https://attack.mitre.org/techniques/T${match[1]}/${match[2] ? `${match[2]}/` : ''}`;
}

function scopeCell(finding: Finding, lang: Lang): string {
  const scope = finding.scope ?? { kind: '', value: '' };
  const value = scope.kind === 'country' ? `${countryName(scope.value, lang)} (${scope.value})` : scope.value;
  return `${escapeHtml(scopeKindLabel(scope.kind, lang))}<br><code>${escapeHtml(clip(String(value ?? ''), 80))}</code>`;
}

function evidenceItem(evidence: Evidence, lang: Lang, t: T): string {
  const where = `${clip(String(evidence.file ?? ''), 120)}:${evidence.line}`;
  const request = `${clip(String(evidence.method ?? ''), 16)} ${clip(String(evidence.path ?? ''), MAX_FIELD)} \u2192 ${evidence.status}`;
  return (
    `<li><code>${escapeHtml(where)}</code> \u00b7 ${escapeHtml(dateTime(evidence.time, lang))} \u00b7 ` +
    `${escapeHtml(t('findings.from', { ip: String(evidence.ip ?? '') }))}<br>` +
    `<code>${escapeHtml(request)}</code><br>` +
    `${escapeHtml(t('findings.userAgent', { ua: clip(String(evidence.userAgent ?? ''), MAX_FIELD) }))}</li>`
  );
}

function evidenceCell(finding: Finding, lang: Lang, t: T): string {
  const evidence = Array.isArray(finding.evidence) ? finding.evidence : [];
  const shown = evidence.slice(0, MAX_EVIDENCE);
  let inner = `<ul class="evidence">${shown.map((item) => evidenceItem(item, lang, t)).join('')}</ul>`;
  const hidden = evidence.length - shown.length;
  if (hidden > 0) inner += paragraph(t(isOne(hidden, lang) ? 'findings.moreEvidenceOne' : 'findings.moreEvidence', { count: hidden }), 'note');
  inner += paragraph(t('findings.rule', { rule: String(finding.rule ?? '') }), 'note');
  const details = Object.entries(finding.details ?? {})
    .map(([key, value]) => `${key}=${typeof value === 'number' ? num(value, lang, 2) : String(value)}`)
    .join(', ');
  if (details) inner += paragraph(t('findings.details', { details: clip(details, MAX_FIELD) }), 'note');
  const summary = t(isOne(evidence.length, lang) ? 'findings.showEvidenceOne' : 'findings.showEvidence', { count: evidence.length });
  return `<details><summary>${escapeHtml(summary)}</summary>${inner}</details>`;
}

/** French puts 0 and 1 in the singular, English only 1. */
function isOne(value: number, lang: Lang): boolean {
  return new Intl.PluralRules(lang).select(value) === 'one';
}

function techniqueCell(technique: string): string {
  const url = techniqueUrl(technique);
  return url ? `<a href="${url}" rel="noreferrer">${escapeHtml(technique)}</a>` : escapeHtml(technique ?? '');
}

function severityCell(severity: string, lang: Lang): string {
  const known = severity in SEVERITY_RANK ? severity : 'low';
  return `<span class="sev sev-${known}">${escapeHtml(severityLabel(severity, lang))}</span>`;
}

export function findingsSection(findings: Finding[], lang: Lang, t: T, findingsTotal = 0): string {
  const list = Array.isArray(findings) ? findings : [];
  if (list.length === 0) return section('findings', t('findings.title'), paragraph(t('findings.none')));
  const ordered = orderFindings(list);
  const shown = ordered.slice(0, MAX_FINDINGS);
  const columns = [
    { header: t('col.category') },
    { header: t('col.scope') },
    { header: t('col.requests'), numeric: true },
    { header: t('col.severity') },
    { header: t('col.confidence'), numeric: true },
    { header: t('col.technique') },
    { header: t('col.firstSeen') },
    { header: t('col.lastSeen') },
    { header: t('col.evidence') },
  ];
  const rows = shown.map((finding) => [
    categoryLabel(finding.category, lang),
    raw(scopeCell(finding, lang)),
    num(count(finding.count), lang),
    raw(severityCell(finding.severity, lang)),
    confidence(finding.confidence, lang),
    raw(techniqueCell(finding.technique)),
    dateTime(finding.firstSeen, lang),
    dateTime(finding.lastSeen, lang),
    raw(evidenceCell(finding, lang, t)),
  ]);
  let content = table(t('findings.caption'), columns, rows, 'findings');
  const total = Math.max(ordered.length, Number(findingsTotal) || 0);
  if (total > shown.length) content += paragraph(t('findings.more', { count: total - shown.length }), 'note');
  return section('findings', t('findings.title'), content);
}
