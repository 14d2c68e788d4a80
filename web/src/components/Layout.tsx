/** The signed-in frame: skip link, banner with navigation and language, the main region. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import LangSwitch from './LangSwitch';
import { useSession, can } from '../lib/session';
import { useLiveConnected } from '../lib/live';
import type { Role } from '../lib/types';

export const PAGES: { id: string; role: Role }[] = [
  { id: 'overview', role: 'viewer' },
  { id: 'traffic', role: 'viewer' },
  { id: 'findings', role: 'viewer' },
  { id: 'decisions', role: 'viewer' },
  { id: 'sources', role: 'viewer' },
  { id: 'infospace', role: 'viewer' },
  { id: 'settings', role: 'viewer' },
  { id: 'audit', role: 'admin' },
  { id: 'about', role: 'viewer' },
];

export default function Layout({ current, children }: { current: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { user, logout } = useSession();
  const live = useLiveConnected();

  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('nav.skip')}
      </a>
      <header className="banner">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span>Vigie</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {PAGES.filter((p) => can(user, p.role)).map((p) => (
              <li key={p.id}>
                <a href={`#/${p.id}`} aria-current={current === p.id ? 'page' : undefined}>
                  {t(`nav.${p.id}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="banner-tools">
          <span className={live ? 'live on' : 'live off'} role="status">
            {live ? t('live.on') : t('live.off')}
          </span>
          <span className="who">
            {user.username} ({t(`roles.${user.role}`)})
          </span>
          <LangSwitch />
          <button type="button" onClick={logout}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>
          {t('footer.text')} <a href="#/about">{t('nav.about')}</a>
        </p>
      </footer>
    </>
  );
}
