/** The report's traffic sections: the map, the timeline and the bar charts with their data tables. */
import { countryName, formatPercent, type Lang, type Translate } from '../i18n/index.js';
import type { AnalysisSummary, TopEntry } from '../model/index.js';
import { BEHAVIOUR_CATEGORIES, NETWORK_TYPES, ORIGINS } from '../model/index.js';
import { ATTACKS_COLOUR, ORIGIN_COLOURS, REQUESTS_COLOUR, barChart, resampleTimeline, timelineChart, type BarItem } from './charts.js';
import { dataDetails, figure, legend, paragraph, section, table } from './html-kit.js';
import { dateTime, durationLabel, num } from './locale.js';
import { categoryLabel, networkTypeLabel, originLabel, type ReportMessageKey } from './messages.js';
import { count, escapeHtml } from './text.js';
import { MAP_COLOURS, renderWorldMap } from './world-map.js';

type T = Translate<ReportMessageKey>;

/** Bars drawn per chart; the tables hold up to TABLE_ROWS. */
const CHART_ROWS = 15;
const TABLE_ROWS = 100;

export function mapSection(summary: AnalysisSummary, lang: Lang, t: T): string {
  const byCountry = summary.attribution?.attacks?.byCountry ?? {};
  const map = renderWorldMap(byCountry, { lang, home: summary.home, title: t('map.caption') });
  const classLegend = [
    { colour: MAP_COLOURS[0], text: t('map.noAttacks') },
    ...map.classes.map((item) => ({
      colour: item.colour,
      text: item.from === item.to ? num(item.from, lang) : `${num(item.from, lang)}\u2013${num(item.to, lang)}`,
    })),
  ];
  let extra = legend(classLegend);
  extra += paragraph(t('map.home'), 'note');
  if (map.offMap.length > 0) {
    const list = map.offMap.map((code) => `${countryName(code, lang)} (${num(count(byCountry[code]), lang)})`).join(', ');
    extra += paragraph(t('map.offMap', { list }), 'note');
  }
  const unknown = count(byCountry['??']);
  if (unknown > 0) extra += paragraph(t('map.unknown', { count: unknown }), 'note');
  const total = Object.values(byCountry).reduce((sum: number, value) => sum + count(value), 0);
  const rows = Object.entries(byCountry)
    .filter(([, value]) => count(value) > 0)
    .sort((a, b) => count(b[1]) - count(a[1]))
    .slice(0, 250)
    .map(([code, value]) => [countryName(code, lang), num(count(value), lang), formatPercent(count(value), total, lang)]);
  extra += dataDetails(
    t('charts.dataTable'),
    table(t('map.caption'), [{ header: t('col.country') }, { header: t('col.attacks'), numeric: true }, { header: t('col.share'), numeric: true }], rows),
  );
  const body = map.svg ? figure(map.svg, t('map.caption'), extra) : extra;
  return section('map', t('map.title'), body);
}

export function timelineSection(summary: AnalysisSummary, lang: Lang, t: T): string {
  const source = summary.timeline?.points ?? [];
  const chart = resampleTimeline(source, summary.timeline?.bucketMs, 240);
  if (chart.points.length === 0) return section('timeline', t('timeline.title'), paragraph(t('charts.empty')));
  const bucket = durationLabel(chart.bucketMs, lang);
  const titles = {
    chart: t('timeline.title'),
    requests: t('timeline.requestsCaption', { bucket }),
    attacks: t('timeline.attacksCaption', { bucket }),
  };
  const svg = timelineChart(chart.points, titles, lang);
  const tableData = resampleTimeline(source, summary.timeline?.bucketMs, 60);
  const columns = [
    { header: t('timeline.start') },
    { header: t('col.requests'), numeric: true },
    ...ORIGINS.map((origin) => ({ header: originLabel(origin, lang), numeric: true })),
    { header: t('col.attacks'), numeric: true },
  ];
  const rows = tableData.points.map((point) => [
    dateTime(point.t, lang),
    num(ORIGINS.reduce((sum, origin) => sum + point[origin], 0), lang),
    ...ORIGINS.map((origin) => num(point[origin], lang)),
    num(point.attacks, lang),
  ]);
  let extra = legend([
    ...ORIGINS.map((origin) => ({ colour: ORIGIN_COLOURS[origin], text: originLabel(origin, lang) })),
    { colour: ATTACKS_COLOUR, text: t('charts.attacks') },
  ]);
  const merged = tableData.bucketMs !== chart.bucketMs ? paragraph(t('timeline.merged', { bucket: durationLabel(tableData.bucketMs, lang) }), 'note') : '';
  extra += dataDetails(t('charts.dataTable'), merged + table(titles.requests, columns, rows));
  return section('timeline', t('timeline.title'), figure(svg, `${titles.requests}. ${titles.attacks}.`, extra));
}

const REQUESTS_LEGEND = (lang: Lang, t: T) =>
  legend([
    { colour: REQUESTS_COLOUR, text: t('charts.requests') },
    { colour: ATTACKS_COLOUR, text: t('charts.ofWhichAttacks') },
  ]);

function topLabel(entry: TopEntry, kind: 'country' | 'asn' | 'ip', lang: Lang): string {
  if (kind === 'country') return countryName(entry.key, lang);
  return entry.key;
}

function topSublabel(entry: TopEntry, kind: 'country' | 'asn' | 'ip', lang: Lang): string | undefined {
  if (kind === 'country') return undefined;
  const parts = [entry.label ?? ''];
  if (entry.country) parts.push(countryName(entry.country, lang));
  if (entry.networkType) parts.push(networkTypeLabel(entry.networkType, lang));
  if (entry.origin) parts.push(originLabel(entry.origin, lang));
  return parts.filter(Boolean).join(' \u00b7 ');
}

function topChart(entries: TopEntry[], kind: 'country' | 'asn' | 'ip', title: string, lang: Lang, t: T): string {
  const list = (entries ?? []).slice(0, TABLE_ROWS);
  if (list.length === 0) return heading(title) + paragraph(t('charts.empty'));
  const items: BarItem[] = list.slice(0, CHART_ROWS).map((entry) => {
    const sublabel = topSublabel(entry, kind, lang);
    return { label: topLabel(entry, kind, lang), value: count(entry.requests), part: count(entry.attacks), ...(sublabel ? { sublabel } : {}) };
  });
  const firstColumn = kind === 'country' ? t('col.country') : kind === 'asn' ? t('col.asn') : t('col.ip');
  const columns = [
    { header: firstColumn },
    ...(kind === 'country' ? [] : [{ header: t('col.organisation') }, { header: t('col.country') }]),
    { header: t('col.networkType') },
    { header: t('col.origin') },
    { header: t('col.requests'), numeric: true },
    { header: t('col.attacks'), numeric: true },
  ];
  const rows = list.map((entry) => [
    topLabel(entry, kind, lang),
    ...(kind === 'country' ? [] : [entry.label ?? '', entry.country ? countryName(entry.country, lang) : '']),
    entry.networkType ? networkTypeLabel(entry.networkType, lang) : '',
    entry.origin ? originLabel(entry.origin, lang) : '',
    num(count(entry.requests), lang),
    num(count(entry.attacks), lang),
  ]);
  const note = list.length > CHART_ROWS ? paragraph(t('charts.topNote', { count: CHART_ROWS }), 'note') : '';
  return (
    heading(title) +
    figure(barChart(items, title, lang), title, REQUESTS_LEGEND(lang, t) + note + dataDetails(t('charts.dataTable'), table(title, columns, rows)))
  );
}

function simpleChart(title: string, header: string, entries: [string, number][], lang: Lang, t: T, colourOf?: (key: string) => string): string {
  const list = entries.filter(([, value]) => count(value) > 0).sort((a, b) => b[1] - a[1]);
  if (list.length === 0) return heading(title) + paragraph(t('charts.empty'));
  const items: BarItem[] = list.slice(0, CHART_ROWS).map(([label, value]) => ({ label, value, ...(colourOf ? { colour: colourOf(label) } : {}) }));
  const rows = list.slice(0, TABLE_ROWS).map(([label, value]) => [label, num(value, lang)]);
  return (
    heading(title) +
    figure(
      barChart(items, title, lang),
      title,
      dataDetails(t('charts.dataTable'), table(title, [{ header }, { header: t('col.count'), numeric: true }], rows)),
    )
  );
}

function statusColour(status: string): string {
  const first = status.charAt(0);
  return first === '2' ? '#1b7837' : first === '3' ? '#2166ac' : first === '4' ? '#e08214' : first === '5' ? '#b2182b' : '#8c8c8c';
}

function networkChart(summary: AnalysisSummary, lang: Lang, t: T): string {
  const title = t('networks.title');
  const all = summary.attribution?.all?.byNetworkType ?? {};
  const attacks = summary.attribution?.attacks?.byNetworkType ?? {};
  const types = [...new Set([...NETWORK_TYPES, ...Object.keys(all)])].filter((type) => count((all as Record<string, number>)[type]) > 0);
  if (types.length === 0) return heading(title) + paragraph(t('charts.empty'));
  types.sort((a, b) => count((all as Record<string, number>)[b]) - count((all as Record<string, number>)[a]));
  const value = (record: Record<string, number>, type: string) => count(record[type]);
  const items: BarItem[] = types.map((type) => ({
    label: networkTypeLabel(type, lang),
    value: value(all, type),
    part: value(attacks, type),
  }));
  const rows = types.map((type) => [networkTypeLabel(type, lang), num(value(all, type), lang), num(value(attacks, type), lang)]);
  const columns = [{ header: t('col.networkType') }, { header: t('col.requests'), numeric: true }, { header: t('col.attacks'), numeric: true }];
  return heading(title) + figure(barChart(items, title, lang), title, REQUESTS_LEGEND(lang, t) + dataDetails(t('charts.dataTable'), table(title, columns, rows)));
}

export function chartsSection(summary: AnalysisSummary, lang: Lang, t: T): string {
  const behaviours = new Set<string>(BEHAVIOUR_CATEGORIES);
  const categories = (wanted: boolean) =>
    Object.entries(summary.categories ?? {})
      .filter(([key]) => behaviours.has(key) === wanted)
      .map(([key, value]): [string, number] => [categoryLabel(key, lang), count(value)]);
  const statuses = Object.entries(summary.statuses ?? {}).map(([key, value]): [string, number] => [key, count(value)]);
  const statusColourOf = (key: string) => statusColour(key);
  const content =
    topChart(summary.top?.countries ?? [], 'country', t('top.countries'), lang, t) +
    topChart(summary.top?.asns ?? [], 'asn', t('top.asns'), lang, t) +
    topChart(summary.top?.ips ?? [], 'ip', t('top.ips'), lang, t) +
    simpleChart(t('categories.patterns'), t('col.category'), categories(false), lang, t) +
    simpleChart(t('categories.behaviours'), t('col.category'), categories(true), lang, t) +
    simpleChart(t('statuses.title'), t('col.status'), statuses, lang, t, statusColourOf) +
    networkChart(summary, lang, t);
  return section('charts', t('charts.title'), content);
}

function heading(title: string): string {
  return `<h3>${escapeHtml(title)}</h3>`;
}
