/**
 * The analysis report: one self-contained HTML file. Nothing is loaded from the network, no script
 * runs (the content security policy forbids both), and every string from the logs is escaped.
 */
import { countryName, formatPercent, type Lang, type Translate } from '../i18n/index.js';
import type { AnalysisSummary, Origin, OriginSplit } from '../model/index.js';
import { ORIGINS } from '../model/index.js';
import { ORIGIN_COLOURS, originBar } from './charts.js';
import { findingsSection } from './html-findings.js';
import { legend, paragraph, raw, section, table } from './html-kit.js';
import { chartsSection, mapSection, timelineSection } from './html-traffic.js';
import { dateTime, isoDateTime, num } from './locale.js';
import { caveatMessage, originLabel, reportText, type ReportMessageKey } from './messages.js';
import { REPORT_CSS } from './style.js';
import { clip, count, escapeHtml, isWebUrl } from './text.js';

type T = Translate<ReportMessageKey>;

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderHtmlReport(summary: AnalysisSummary, lang: Lang): string {
  const t = reportText(lang);
  const sections = [
    headlineSection(summary, lang, t),
    caveatsSection(summary, lang, t),
    mapSection(summary, lang, t),
    timelineSection(summary, lang, t),
    chartsSection(summary, lang, t),
    findingsSection(summary.findings, lang, t, summary.findingsTotal),
    inputSection(summary, lang, t),
    sourcesSection(summary, t),
  ];
  const contents = sections
    .map((markup) => /<section id="([\w-]+)"[^>]*><h2 id="[\w-]+">(.*?)<\/h2>/.exec(markup))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `<li><a href="#${match[1]}">${match[2]}</a></li>`)
    .join('');
  return (
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<title>${escapeHtml(t('report.title'))}</title><style>${REPORT_CSS}</style></head><body>` +
    `<header><h1>${escapeHtml(t('report.title'))}</h1>${periodLines(summary, lang, t)}` +
    `<nav aria-label="${escapeHtml(t('report.contents'))}"><ul>${contents}</ul></nav></header>` +
    `<main>${sections.join('\n')}</main>` +
    `<footer><p>${escapeHtml(t('report.footer'))}</p></footer></body></html>\n`
  );
}

function periodLines(summary: AnalysisSummary, lang: Lang, t: T): string {
  const { from, to } = summary.period ?? { from: null, to: null };
  const period =
    typeof from === 'number' && typeof to === 'number'
      ? t('report.period', { from: dateTime(from, lang), to: dateTime(to, lang) })
      : t('report.periodUnknown');
  return (
    paragraph(t('report.generated', { date: isoDateTime(String(summary.generatedAt ?? ''), lang) }), 'meta') +
    paragraph(period, 'meta') +
    paragraph(t('report.offline'), 'meta')
  );
}

function splitTotal(split: OriginSplit | undefined): number {
  return ORIGINS.reduce((sum, origin) => sum + count(split?.[origin]), 0);
}

function splitBlock(split: OriginSplit | undefined, title: string, lang: Lang, t: T): string {
  const total = splitTotal(split);
  const values = Object.fromEntries(ORIGINS.map((origin) => [origin, count(split?.[origin])])) as Record<Origin, number>;
  const items = ORIGINS.map((origin) => ({
    colour: ORIGIN_COLOURS[origin],
    text: t('headline.split', {
      label: originLabel(origin, lang),
      percent: formatPercent(values[origin], total, lang),
      count: values[origin],
    }),
  }));
  const heading = `${title} \u2014 ${t('headline.total', { count: total })}`;
  return `<div class="split"><h3>${escapeHtml(heading)}</h3>${originBar(values, heading)}${legend(items)}</div>`;
}

function headlineSection(summary: AnalysisSummary, lang: Lang, t: T): string {
  const home = countryName(summary.home, lang);
  const attacks = summary.attribution?.attacks;
  const attackTotal = splitTotal(attacks);
  const allTotal = splitTotal(summary.attribution?.all);
  let lead: string;
  if (allTotal === 0) lead = t('headline.noTraffic');
  else if (attackTotal === 0) lead = t('headline.noAttacks');
  else {
    const share = (origin: Origin) => `${formatPercent(count(attacks?.[origin]), attackTotal, lang)} (${num(count(attacks?.[origin]), lang)})`;
    lead = t('headline.sentence', {
      total: attackTotal,
      foreign: share('foreign'),
      domestic: share('domestic'),
      obscured: share('obscured'),
      unknown: share('unknown'),
      country: home,
    });
  }
  const content =
    paragraph(t('headline.home', { country: home })) +
    paragraph(lead, 'lead') +
    splitBlock(attacks, t('headline.attacks'), lang, t) +
    splitBlock(summary.attribution?.all, t('headline.all'), lang, t);
  return section('headline', t('headline.title'), content);
}

function caveatsSection(summary: AnalysisSummary, lang: Lang, t: T): string {
  const fixed: ReportMessageKey[] = ['caveats.country', 'caveats.obscured', 'caveats.crawler', 'caveats.foreign', 'caveats.detection'];
  const items = [...fixed.map((key) => t(key)), ...[...new Set(summary.caveats ?? [])].map((key) => caveatMessage(String(key), lang))];
  const list = `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  return section('caveats', t('caveats.title'), `<div class="caveats">${list}</div>`);
}

function inputSection(summary: AnalysisSummary, lang: Lang, t: T): string {
  const input = summary.input ?? { files: [], lines: 0, parsed: 0, rejected: 0, rejectedReasons: {}, rejectedSamples: [] };
  let content = paragraph(
    t('input.summary', {
      lines: count(input.lines),
      parsed: count(input.parsed),
      rejected: count(input.rejected),
      percent: formatPercent(count(input.rejected), count(input.lines), lang),
    }),
  );
  const files = (input.files ?? []).slice(0, 500);
  if (files.length > 0) {
    content += table(
      t('input.files'),
      [
        { header: t('col.file') },
        { header: t('col.format') },
        { header: t('col.lines'), numeric: true },
        { header: t('col.parsed'), numeric: true },
        { header: t('col.rejected'), numeric: true },
      ],
      files.map((file) => [
        raw(`<code>${escapeHtml(clip(String(file.file ?? ''), 200))}</code>`),
        String(file.format ?? ''),
        num(count(file.lines), lang),
        num(count(file.parsed), lang),
        num(count(file.rejected), lang),
      ]),
    );
  }
  const reasons = Object.entries(input.rejectedReasons ?? {}).filter(([, value]) => count(value) > 0);
  if (reasons.length === 0) return section('input', t('input.title'), content + paragraph(t('input.noRejects')));
  reasons.sort((a, b) => count(b[1]) - count(a[1]));
  content += table(
    t('input.reasons'),
    [{ header: t('col.reason') }, { header: t('col.lines'), numeric: true }],
    reasons.slice(0, 100).map(([reason, value]) => [reason, num(count(value), lang)]),
  );
  const samples = (input.rejectedSamples ?? []).slice(0, 50);
  if (samples.length > 0) {
    const items = samples
      .map(
        (sample) =>
          `<li><code>${escapeHtml(`${clip(String(sample.file ?? ''), 120)}:${sample.line}`)}</code> ` +
          `${escapeHtml(String(sample.reason ?? ''))}: <code>${escapeHtml(clip(String(sample.text ?? ''), 200))}</code></li>`,
      )
      .join('');
    content += `<h3>${escapeHtml(t('input.samples'))}</h3><ul class="evidence">${items}</ul>`;
  }
  return section('input', t('input.title'), content);
}

function sourcesSection(summary: AnalysisSummary, t: T): string {
  const sources = [
    ...(summary.dataSources ?? []),
    { name: t('sources.mapName'), licence: 'ISC', url: 'https://github.com/topojson/world-atlas', notice: t('sources.mapNotice') },
  ];
  const name = (source: { name: string; url: string }) =>
    isWebUrl(String(source.url ?? ''))
      ? raw(`<a href="${escapeHtml(source.url)}" rel="noreferrer">${escapeHtml(source.name)}</a>`)
      : String(source.name ?? '');
  const rows = sources.map((source) => [name(source), String(source.licence ?? ''), String(source.notice ?? '')]);
  const content =
    (summary.dataSources ?? []).length === 0 ? paragraph(t('sources.none'), 'note') : '';
  return section(
    'sources',
    t('sources.title'),
    content + table(t('sources.title'), [{ header: t('col.name') }, { header: t('col.licence') }, { header: t('col.notice') }], rows),
  );
}
