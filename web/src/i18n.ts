/** i18next with the two bundled catalogues; the chosen language is remembered and set on <html lang>. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fr from './locales/fr.json';

export const LANGS = ['en', 'fr'] as const;
export type Lang = (typeof LANGS)[number];
const STORAGE_KEY = 'vigie.lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'fr') return stored;
  } catch {
    // Storage may be disabled; fall back to the browser's language.
  }
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function applyLang(lang: string): void {
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembering the choice is harmless.
  }
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: initialLang(),
  fallbackLng: 'en',
  supportedLngs: [...LANGS],
  // React escapes what it renders; i18next must not escape a second time.
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyLang(i18n.language);
i18n.on('languageChanged', applyLang);

export function currentLang(): Lang {
  return i18n.language === 'fr' ? 'fr' : 'en';
}

export default i18n;
