/** First run: create the administrator. There is no default password. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, ApiError } from '../lib/api';
import type { SessionInfo } from '../lib/types';
import { usePageTitle } from '../lib/title';
import { ErrorNote } from '../components/bits';
import LangSwitch from '../components/LangSwitch';

export default function SetupPage({ onDone }: { onDone: (s: SessionInfo) => void }) {
  const { t } = useTranslation();
  usePageTitle(t('setup.title'));
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < 12) return setError(t('setup.tooShort'));
    if (password !== confirm) return setError(t('setup.mismatch'));
    setBusy(true);
    try {
      onDone(await post<SessionInfo>('/api/setup', { username, password }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="auth-page">
      <div className="auth-lang">
        <LangSwitch />
      </div>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          {t('fields.username')}
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t('fields.newPassword')}
          <input name="password" type="password" autoComplete="new-password" required minLength={12} aria-describedby="pw-hint" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <p id="pw-hint" className="muted">{t('setup.hint')}</p>
        <label>
          {t('fields.confirmPassword')}
          <input name="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        <ErrorNote message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
