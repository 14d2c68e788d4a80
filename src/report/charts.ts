/**
 * Charts as inline SVG strings, drawn on the server so that the report needs no script. Every chart
 * has a <title> and an aria-label; the data behind it is given as a table by the caller.
 */
import type { Lang } from '../i18n/index.js';
import type { Origin, TimelinePoint } from '../model/index.js';
import { ORIGINS } from '../model/index.js';
import { dateTime, num } from './locale.js';
import { clip, count, escapeHtml, svgNum } from './text.js';

/** Distinguishable for colour-blind readers; every chart also names its series in text. */
export const ORIGIN_COLOURS: Record<Origin, string> = {
  domestic: '#0072b2',
  foreign: '#d55e00',
  obscured: '#7b3294',
  unknown: '#8c8c8c',
};
export const REQUESTS_COLOUR = '#a6bddb';
export const ATTACKS_COLOUR = '#b2182b';

const WIDTH = 720;

function svgOpen(width: number, height: number, title: string): string {
  const label = escapeHtml(title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${svgNum(width, 0)} ${svgNum(height, 0)}" ` +
    `role="img" aria-label="${label}" class="chart"><title>${label}</title>`
  );
}

/** The smallest 1, 2 or 5 times a power of ten that is at least `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** One stacked horizontal bar of the four origins, 100 % wide. */
export function originBar(split: Record<Origin, number>, title: string): string {
  const height = 28;
  const total = ORIGINS.reduce((sum, origin) => sum + count(split[origin]), 0);
  let out = svgOpen(WIDTH, height, title);
  if (total === 0) {
    out += `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#eeeeee"/>`;
  } else {
    let x = 0;
    for (const origin of ORIGINS) {
      const width = (count(split[origin]) / total) * WIDTH;
      if (width <= 0) continue;
      out += `<rect x="${svgNum(x)}" y="0" width="${svgNum(width)}" height="${height}" fill="${ORIGIN_COLOURS[origin]}"/>`;
      x += width;
    }
  }
  return out + '</svg>';
}

export interface BarItem {
  label: string;
  /** A second, smaller line under the label, e.g. organisation and network type. */
  sublabel?: string;
  value: number;
  /** Drawn over the bar, darker: the part of `value` that was attacks. */
  part?: number;
  colour?: string;
}

/** Horizontal bars, one row per item, with the value written after each bar. */
export function barChart(items: BarItem[], title: string, lang: Lang): string {
  const withSub = items.some((item) => item.sublabel);
  const rowHeight = withSub ? 34 : 22;
  const labelWidth = 240;
  const valueWidth = 110;
  const barSpace = WIDTH - labelWidth - valueWidth;
  const height = Math.max(rowHeight, items.length * rowHeight) + 4;
  const max = Math.max(0, ...items.map((item) => count(item.value)), ...items.map((item) => count(item.part)));
  let out = svgOpen(WIDTH, height, title);
  items.forEach((item, index) => {
    const top = 2 + index * rowHeight;
    const value = count(item.value);
    const width = max > 0 ? (value / max) * barSpace : 0;
    const barY = top + 4;
    out += `<g><title>${escapeHtml(item.label)}${item.sublabel ? ' \u2014 ' + escapeHtml(item.sublabel) : ''}: ${escapeHtml(num(value, lang))}</title>`;
    out += `<text x="0" y="${svgNum(top + 14)}" class="bar-label">${escapeHtml(clip(item.label, 34))}</text>`;
    if (item.sublabel) {
      out += `<text x="0" y="${svgNum(top + 28)}" class="bar-sublabel">${escapeHtml(clip(item.sublabel, 42))}</text>`;
    }
    out += `<rect x="${labelWidth}" y="${svgNum(barY)}" width="${svgNum(Math.max(width, value > 0 ? 1 : 0))}" height="14" fill="${item.colour ?? REQUESTS_COLOUR}"/>`;
    if (item.part !== undefined && count(item.part) > 0 && max > 0) {
      const partWidth = Math.max(1, (count(item.part) / max) * barSpace);
      out += `<rect x="${labelWidth}" y="${svgNum(barY + 3)}" width="${svgNum(partWidth)}" height="8" fill="${ATTACKS_COLOUR}"/>`;
    }
    const valueText = item.part !== undefined ? `${num(value, lang)} / ${num(count(item.part), lang)}` : num(value, lang);
    out += `<text x="${svgNum(labelWidth + width + 6)}" y="${svgNum(top + 15)}" class="bar-value">${escapeHtml(valueText)}</text></g>`;
  });
  return out + '</svg>';
}

/**
 * Fills the buckets that the summary left out (no traffic) with zeros, then merges neighbours so
 * that at most `maxPoints` remain. Returns the points and the width of one merged bucket.
 */
export function resampleTimeline(
  points: TimelinePoint[],
  bucketMs: number,
  maxPoints: number,
): { points: TimelinePoint[]; bucketMs: number } {
  const valid = points.filter((point) => Number.isFinite(point.t)).sort((a, b) => a.t - b.t);
  const first = valid[0];
  const last = valid[valid.length - 1];
  if (!first || !last) return { points: [], bucketMs };
  const step = Number.isFinite(bucketMs) && bucketMs > 0 ? bucketMs : 60_000;
  const span = Math.floor((last.t - first.t) / step) + 1;
  // Cheap guard against a broken bucket size turning into millions of slots.
  const slots = Math.min(span, 1_000_000);
  const factor = Math.max(1, Math.ceil(slots / Math.max(1, maxPoints)));
  const mergedStep = step * factor;
  const merged = new Map<number, TimelinePoint>();
  for (const point of valid) {
    const index = Math.floor((point.t - first.t) / mergedStep);
    if (index >= Math.ceil(slots / factor)) continue;
    const slot = merged.get(index) ?? emptyPoint(first.t + index * mergedStep);
    slot.requests += count(point.requests);
    slot.attacks += count(point.attacks);
    for (const origin of ORIGINS) slot[origin] += count(point[origin]);
    merged.set(index, slot);
  }
  const out: TimelinePoint[] = [];
  for (let index = 0; index < Math.ceil(slots / factor); index++) {
    out.push(merged.get(index) ?? emptyPoint(first.t + index * mergedStep));
  }
  return { points: out, bucketMs: mergedStep };
}

function emptyPoint(t: number): TimelinePoint {
  return { t, requests: 0, attacks: 0, domestic: 0, foreign: 0, obscured: 0, unknown: 0 };
}

interface Panel {
  top: number;
  height: number;
  max: number;
}

/**
 * Two panels on one time axis: requests stacked by origin above, attack requests below (on their
 * own scale, since attacks are often a small part of the traffic).
 */
export function timelineChart(
  points: TimelinePoint[],
  titles: { chart: string; requests: string; attacks: string },
  lang: Lang,
): string {
  const left = 64;
  const right = 12;
  const plotWidth = WIDTH - left - right;
  const requestsPanel: Panel = { top: 22, height: 170, max: 0 };
  const attacksPanel: Panel = { top: 236, height: 90, max: 0 };
  const height = attacksPanel.top + attacksPanel.height + 30;
  requestsPanel.max = niceCeiling(Math.max(0, ...points.map((p) => ORIGINS.reduce((s, o) => s + count(p[o]), 0))));
  attacksPanel.max = niceCeiling(Math.max(0, ...points.map((p) => count(p.attacks))));
  const slot = points.length > 0 ? plotWidth / points.length : plotWidth;
  const barWidth = Math.max(0.5, slot * 0.9);

  let out = svgOpen(WIDTH, height, titles.chart);
  for (const [panel, label] of [
    [requestsPanel, titles.requests],
    [attacksPanel, titles.attacks],
  ] as const) {
    out += `<text x="${left}" y="${panel.top - 8}" class="panel-title">${escapeHtml(label)}</text>`;
    for (const fraction of [0, 0.5, 1]) {
      const y = panel.top + panel.height - fraction * panel.height;
      out += `<line x1="${left}" x2="${WIDTH - right}" y1="${svgNum(y)}" y2="${svgNum(y)}" class="grid"/>`;
      out += `<text x="${left - 6}" y="${svgNum(y + 4)}" class="axis" text-anchor="end">${escapeHtml(num(panel.max * fraction, lang))}</text>`;
    }
  }

  // One path per series keeps the file small: each bar is a closed sub-path.
  const stacks = points.map(() => 0);
  for (const origin of ORIGINS) {
    let d = '';
    points.forEach((point, index) => {
      const value = count(point[origin]);
      if (value <= 0) return;
      const base = stacks[index] ?? 0;
      stacks[index] = base + value;
      d += barPath(left + index * slot, barWidth, requestsPanel, base, value);
    });
    if (d) out += `<path d="${d}" fill="${ORIGIN_COLOURS[origin]}"/>`;
  }
  let attacks = '';
  points.forEach((point, index) => {
    const value = count(point.attacks);
    if (value > 0) attacks += barPath(left + index * slot, barWidth, attacksPanel, 0, value);
  });
  if (attacks) out += `<path d="${attacks}" fill="${ATTACKS_COLOUR}"/>`;

  const first = points[0];
  const last = points[points.length - 1];
  if (first && last) {
    const axisY = attacksPanel.top + attacksPanel.height + 18;
    const middle = points[Math.floor(points.length / 2)] ?? first;
    out += `<text x="${left}" y="${axisY}" class="axis">${escapeHtml(dateTime(first.t, lang))}</text>`;
    if (points.length > 2) {
      out += `<text x="${svgNum(left + Math.floor(points.length / 2) * slot)}" y="${axisY}" class="axis" text-anchor="middle">${escapeHtml(dateTime(middle.t, lang))}</text>`;
    }
    out += `<text x="${WIDTH - right}" y="${axisY}" class="axis" text-anchor="end">${escapeHtml(dateTime(last.t, lang))}</text>`;
  }
  return out + '</svg>';
}

function barPath(x: number, width: number, panel: Panel, base: number, value: number): string {
  const scale = panel.height / panel.max;
  const bottom = panel.top + panel.height - base * scale;
  const barHeight = Math.max(0.5, value * scale);
  return `M${svgNum(x)} ${svgNum(bottom)}h${svgNum(width, 2)}v${svgNum(-barHeight)}h${svgNum(-width, 2)}z`;
}
