import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The window title names the page, in the current language (WCAG 2.4.2). */
export function usePageTitle(title: string): void {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.title = `${title} · Vigie`;
  }, [title, i18n.language]);
}
