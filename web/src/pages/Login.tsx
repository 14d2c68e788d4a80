import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, ApiError } from '../lib/api';
import type { SessionInfo } from '../lib/types';
import { usePageTitle } from '../lib/title';
import { ErrorNote } from '../components/bits';
import LangSwitch from '../components/LangSwitch';

export default function LoginPage({ onDone }: { onDone: (s: SessionInfo) => void }) {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onDone(await post<SessionInfo>('/api/login', { username, password }));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="auth-page">
      <div className="auth-lang">
        <LangSwitch />
      </div>
      <h1>{t('login.title')}</h1>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          {t('fields.username')}
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('fields.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorNote message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
