/** The demo offer: with no configured source, simulated election-night traffic through the real pipeline. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, ApiError } from '../lib/api';
import { useApi } from '../lib/use-api';
import { useSession, can } from '../lib/session';
import { fmtNumber } from '../lib/format';
import type { DemoStatus } from '../lib/types';
import { ErrorNote, When } from './bits';

export default function Demo() {
  const { t } = useTranslation();
  const { user } = useSession();
  const demo = useApi<DemoStatus>('/api/demo', 5000);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!demo.data) return null;
  const { running, offered, startedAt, lines, linesPerSecond } = demo.data;
  if (!running && !offered) return null;

  const act = async (what: 'start' | 'stop') => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/demo/${what}`);
      demo.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="demo" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('demo.title')}</h2>
      {running ? (
        <p role="status">
          {t('demo.running', { lines: fmtNumber(lines), rate: fmtNumber(linesPerSecond) })} <When at={startedAt} />
        </p>
      ) : (
        <p>{t('demo.offer')}</p>
      )}
      {can(user, 'analyst') && (
        <button type="button" className={running ? undefined : 'primary'} disabled={busy} onClick={() => void act(running ? 'stop' : 'start')}>
          {running ? t('demo.stop') : t('demo.start')}
        </button>
      )}
      <ErrorNote message={error} />
    </section>
  );
}
