/** Add a decision (ban, challenge, throttle) on an IP, a range, an AS or a country. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, ApiError } from '../lib/api';
import type { AddDecisionRequest, Decision } from '../lib/types';
import { ErrorNote, Notice } from './bits';

const TYPES = ['ban', 'challenge', 'throttle'] as const;
const SCOPES = ['ip', 'range', 'asn', 'country'] as const;
const DURATIONS = ['30m', '4h', '24h', '7d', '30d'];

interface Props {
  id: string;
  scope?: (typeof SCOPES)[number];
  value?: string;
  onAdded: (d: Decision) => void;
}

export default function DecisionForm({ id, scope: fixedScope, value: fixedValue, onAdded }: Props) {
  const { t } = useTranslation();
  const [type, setType] = useState<(typeof TYPES)[number]>('ban');
  const [scope, setScope] = useState<(typeof SCOPES)[number]>(fixedScope ?? 'ip');
  const [value, setValue] = useState(fixedValue ?? '');
  const [duration, setDuration] = useState('4h');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    const body: AddDecisionRequest = { type, scope, value: value.trim(), duration, reason: reason.trim() || 'manual' };
    try {
      const added = await post<Decision>('/api/decisions', body);
      setDone(t('decisions.added', { type: t(`decisionType.${type}`), value: body.value }));
      if (!fixedValue) setValue('');
      setReason('');
      onAdded(added);
    } catch (err) {
      setError(err instanceof ApiError ? (err.field ? `${err.message} (${err.field})` : err.message) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-legend`}>
      <h3 id={`${id}-legend`}>{t('decisions.add')}</h3>
      <label>
        {t('col.type')}
        <select value={type} onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}>
          {TYPES.map((x) => (
            <option key={x} value={x}>{t(`decisionType.${x}`)}</option>
          ))}
        </select>
      </label>
      {!fixedScope && (
        <label>
          {t('col.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value as (typeof SCOPES)[number])}>
            {SCOPES.map((x) => (
              <option key={x} value={x}>{t(`scope.${x}`)}</option>
            ))}
          </select>
        </label>
      )}
      {!fixedValue && (
        <label>
          {t('col.value')}
          <input name="value" required maxLength={64} value={value} onChange={(e) => setValue(e.target.value)} placeholder={t(`decisions.placeholder.${scope}`)} />
        </label>
      )}
      <label>
        {t('col.duration')}
        <select value={duration} onChange={(e) => setDuration(e.target.value)}>
          {DURATIONS.map((x) => (
            <option key={x} value={x}>{t(`duration.${x}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('col.reason')}
        <input name="reason" maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('decisions.reasonPlaceholder')} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {fixedValue ? t('decisions.addFor', { type: t(`decisionType.${type}`), value: fixedValue }) : t('decisions.submit')}
      </button>
      <ErrorNote message={error} />
      {done && <Notice>{done}</Notice>}
    </form>
  );
}
