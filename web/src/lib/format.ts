/** Dates and numbers through Intl, in Canadian English or Canadian French. */
import { currentLang } from '../i18n';

export const locale = (): string => (currentLang() === 'fr' ? 'fr-CA' : 'en-CA');

export function fmtNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(value);
}

export function fmtPercent(part: number, whole: number): string {
  const ratio = whole > 0 ? part / whole : 0;
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

export function fmtDateTime(epochMs: number | null | undefined): string {
  if (epochMs === null || epochMs === undefined) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(epochMs));
}

export function fmtTime(epochMs: number): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(new Date(epochMs));
}

/** ISO timestamp for machines (CSV, <time datetime>). */
export const iso = (epochMs: number | null | undefined): string => (epochMs ? new Date(epochMs).toISOString() : '');

export function countryName(code: string | null | undefined): string {
  if (!code || code === '??') return currentLang() === 'fr' ? 'Inconnu' : 'Unknown';
  try {
    return new Intl.DisplayNames([locale()], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "1.2 MB"-style sizes. */
export function fmtBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
}
