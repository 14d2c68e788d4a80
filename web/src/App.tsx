/** First run -> setup; no session -> login; otherwise the dashboard, one lazily loaded page at a time. */
import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, setCsrfToken, onUnauthorised } from './lib/api';
import { SessionContext, can } from './lib/session';
import { startLive, stopLive } from './lib/live';
import { useRoute } from './lib/router';
import type { SessionInfo, SetupStatus, User } from './lib/types';
import Layout, { PAGES } from './components/Layout';
import { Loading, ErrorNote } from './components/bits';
import SetupPage from './pages/Setup';
import LoginPage from './pages/Login';

const pages: Record<string, ComponentType<{ parts: string[]; params: URLSearchParams }>> = {
  overview: lazy(() => import('./pages/Overview')),
  traffic: lazy(() => import('./pages/Traffic')),
  ip: lazy(() => import('./pages/Entity')),
  asn: lazy(() => import('./pages/Entity')),
  country: lazy(() => import('./pages/Entity')),
  findings: lazy(() => import('./pages/Findings')),
  decisions: lazy(() => import('./pages/Decisions')),
  sources: lazy(() => import('./pages/Sources')),
  infospace: lazy(() => import('./pages/Infospace')),
  settings: lazy(() => import('./pages/Settings')),
  audit: lazy(() => import('./pages/Audit')),
  about: lazy(() => import('./pages/About')),
};

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'setup' } | { kind: 'login' } | { kind: 'in'; user: User };

export default function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const route = useRoute();

  const signedIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ kind: 'in', user: session.user });
  }, []);

  const check = useCallback(async () => {
    try {
      const setup = await get<SetupStatus>('/api/setup', { quiet401: true });
      if (setup.needed) return setState({ kind: 'setup' });
      try {
        signedIn(await get<SessionInfo>('/api/me', { quiet401: true }));
      } catch {
        setState({ kind: 'login' });
      }
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }, [signedIn]);

  useEffect(() => {
    void check();
    return onUnauthorised(() => {
      setCsrfToken(null);
      setState({ kind: 'login' });
    });
  }, [check]);

  const inside = state.kind === 'in';
  useEffect(() => {
    if (!inside) return;
    startLive();
    return stopLive;
  }, [inside]);

  const logout = useCallback(() => {
    void post('/api/logout')
      .catch(() => undefined)
      .finally(() => {
        setCsrfToken(null);
        setState({ kind: 'login' });
      });
  }, []);

  if (state.kind === 'loading') return <main id="main"><Loading /></main>;
  if (state.kind === 'error') return <main id="main"><h1>Vigie</h1><ErrorNote message={state.message} /></main>;
  if (state.kind === 'setup') return <SetupPage onDone={signedIn} />;
  if (state.kind === 'login') return <LoginPage onDone={signedIn} />;

  const first = route.parts[0] ?? 'overview';
  const allowed = PAGES.find((p) => p.id === first);
  const Page = pages[first] && (!allowed || can(state.user, allowed.role)) ? pages[first] : null;
  return (
    <SessionContext.Provider value={{ user: state.user, logout }}>
      <Layout current={first}>
        <Suspense fallback={<Loading />}>
          {Page ? <Page key={route.parts.join('/')} parts={route.parts} params={route.params} /> : <NotFound />}
        </Suspense>
      </Layout>
    </SessionContext.Provider>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>{t('notFound.title')}</h1>
      <p>
        <a href="#/overview">{t('notFound.back')}</a>
      </p>
    </>
  );
}
