import { Option } from 'commander';
import { isLang, type Lang } from '../i18n/index.js';
import { EXIT_USAGE, UserError } from './errors.js';

/** The reader's language: `--lang`, else the environment's locale, else English. */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.VIGIE_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function langOption(): Option {
  return new Option('--lang <lang>', 'language of what Vigie writes / langue des sorties (en, fr)').choices(['en', 'fr']);
}

export function parseLang(value: string | undefined): Lang {
  if (value === undefined) return defaultLang();
  if (!isLang(value)) throw new UserError(`--lang: expected en or fr, got "${value}" / attendu : en ou fr`, EXIT_USAGE);
  return value;
}

export function parseCountry(value: string, option: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) throw new UserError(`${option}: expected a two-letter country code such as CA, got "${value}" / attendu : un code de pays à deux lettres, comme CA`, EXIT_USAGE);
  return code;
}

/** Repeatable option values, each possibly a comma-separated list. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}
