/** Every word a person reads exists in English and French. Each part keeps its own catalogue. */
export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

export type Catalogue<K extends string> = Record<Lang, Record<K, string>>;
export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}

/** A translator for one language. `{name}` in a message is replaced by vars.name. */
export function translator<K extends string>(catalogue: Catalogue<K>, lang: Lang): Translate<K> {
  const messages = catalogue[lang];
  return (key, vars) => {
    const template = messages[key] ?? catalogue.en[key] ?? key;
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? formatValue(vars[name] as string | number, lang) : whole,
    );
  };
}

export function formatValue(value: string | number, lang: Lang): string {
  return typeof value === 'number' ? formatNumber(value, lang) : value;
}

export function formatNumber(value: number, lang: Lang, digits = 0): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { maximumFractionDigits: digits }).format(value);
}

export function formatPercent(part: number, whole: number, lang: Lang): string {
  const ratio = whole > 0 ? part / whole : 0;
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

export function formatDateTime(epochMs: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(epochMs));
}

/** Country name in the reader's language, from the ISO code; the code itself when unknown. */
export function countryName(code: string | null, lang: Lang): string {
  if (!code || code === '??') return lang === 'fr' ? 'Inconnu' : 'Unknown';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
