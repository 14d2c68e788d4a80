/** Chart options shared by the pages, and the sentences that describe them to screen readers. */
import type { TFunction } from 'i18next';
import type { ChartOption } from './echarts';
import { ORIGIN_COLOURS } from './echarts';
import type { Count, OriginSplit, TimelinePoint } from '../lib/types';
import { fmtNumber, fmtTime, fmtPercent } from '../lib/format';

/** `range`: the period asked for, so that a few minutes of data are not stretched over days. */
export function timelineOption(t: TFunction, points: TimelinePoint[], range?: { from: number; to: number }): ChartOption {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmtNumber(Number(v)) },
    legend: { data: [t('metric.requests'), t('metric.attacks')], top: 0 },
    grid: { left: 56, right: 56, top: 36, bottom: 40 },
    xAxis: { type: 'time', ...(range ? { min: range.from, max: range.to } : {}), axisLabel: { formatter: (v: number) => fmtTime(v), hideOverlap: true } },
    yAxis: [
      { type: 'value', name: t('metric.requests'), axisLabel: { formatter: (v: number) => fmtNumber(v) } },
      { type: 'value', name: t('metric.attacks'), axisLabel: { formatter: (v: number) => fmtNumber(v) } },
    ],
    series: [
      { name: t('metric.requests'), type: 'line', showSymbol: points.length < 20, areaStyle: { opacity: 0.15 }, data: points.map((p) => [p.minute, p.requests]) },
      { name: t('metric.attacks'), type: 'line', showSymbol: points.length < 20, yAxisIndex: 1, lineStyle: { width: 2 }, data: points.map((p) => [p.minute, p.attacks]) },
    ],
  };
}

export function timelineSummary(t: TFunction, points: TimelinePoint[]): string {
  if (points.length === 0) return t('chart.noData');
  const requests = points.reduce((s, p) => s + p.requests, 0);
  const attacks = points.reduce((s, p) => s + p.attacks, 0);
  const peak = points.reduce((best, p) => (p.attacks > best.attacks ? p : best), points[0]!);
  return t('chart.timelineSummary', {
    minutes: fmtNumber(points.length),
    requests: fmtNumber(requests),
    attacks: fmtNumber(attacks),
    peak: fmtNumber(peak.attacks),
    at: fmtTime(peak.minute),
  });
}

const ORIGINS = ['domestic', 'foreign', 'obscured', 'unknown'] as const;

export function splitOption(t: TFunction, split: { all: OriginSplit; attacks: OriginSplit }): ChartOption {
  const names = ORIGINS.map((o) => t(`origin.${o}`));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmtNumber(Number(v)) },
    legend: { top: 0 },
    grid: { left: 110, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtNumber(v) } },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      { name: t('metric.requests'), type: 'bar', data: ORIGINS.map((o) => ({ value: split.all[o], itemStyle: { color: ORIGIN_COLOURS[o], opacity: 0.45 } })) },
      { name: t('metric.attacks'), type: 'bar', data: ORIGINS.map((o) => ({ value: split.attacks[o], itemStyle: { color: ORIGIN_COLOURS[o] } })) },
    ],
  };
}

export function splitSummary(t: TFunction, split: { all: OriginSplit; attacks: OriginSplit }): string {
  const total = ORIGINS.reduce((s, o) => s + split.attacks[o], 0);
  return t('chart.splitSummary', {
    list: ORIGINS.map((o) => `${t(`origin.${o}`)} ${fmtNumber(split.attacks[o])} (${fmtPercent(split.attacks[o], total)})`).join(', '),
  });
}

/** Horizontal bars of the top keys: requests and attacks side by side. */
export function barsOption(t: TFunction, counts: Count[], label: (c: Count) => string): ChartOption {
  const top = counts.slice(0, 10);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => fmtNumber(Number(v)) },
    legend: { top: 0 },
    grid: { left: 150, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmtNumber(v) } },
    yAxis: { type: 'category', inverse: true, data: top.map(label), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      { name: t('metric.requests'), type: 'bar', data: top.map((c) => c.requests) },
      { name: t('metric.attacks'), type: 'bar', data: top.map((c) => c.attacks) },
    ],
  };
}

export function barsSummary(t: TFunction, counts: Count[], label: (c: Count) => string): string {
  if (counts.length === 0) return t('chart.noData');
  return t('chart.barsSummary', {
    list: counts
      .slice(0, 5)
      .map((c) => `${label(c)}: ${fmtNumber(c.requests)} / ${fmtNumber(c.attacks)}`)
      .join('; '),
  });
}
