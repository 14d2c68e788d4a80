import { formatDateTime, formatNumber, type Lang } from '../i18n/index.js';

/** A length of time such as a timeline bucket, in words: "5 minutes", "1 heure". */
export function durationLabel(ms: number, lang: Lang): string {
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  const locale = lang === 'fr' ? 'fr-CA' : 'en-CA';
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 60_000;
  for (const [unit, size] of units) {
    if (safe >= size && safe % size === 0) {
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(safe / size);
    }
  }
  const [unit, size] = safe >= 60_000 ? (['minute', 60_000] as const) : (['second', 1000] as const);
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(safe / size);
}

/** A date that may be missing or broken in the summary; never throws. */
export function dateTime(epochMs: number | null | undefined, lang: Lang): string {
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return '\u2014';
  return formatDateTime(epochMs, lang);
}

/** The summary's ISO date string, localised, or as given when it does not parse. */
export function isoDateTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : dateTime(ms, lang);
}

export function num(value: number, lang: Lang, digits = 0): string {
  return formatNumber(Number.isFinite(value) ? value : 0, lang, digits);
}

/** A 0..1 confidence as a percentage, e.g. "85 %". */
export function confidence(value: number, lang: Lang): string {
  const ratio = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}
