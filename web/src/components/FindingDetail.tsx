/** One finding's evidence and measured facts, and the false-positive action with its suggested fix. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, ApiError } from '../lib/api';
import { useSession, can } from '../lib/session';
import { fmtNumber, fmtPercent, iso } from '../lib/format';
import type { FalsePositiveAnswer, Finding } from '../lib/types';
import DataTable from './DataTable';
import { ErrorNote, ScopeLink, Severity, When } from './bits';

export default function FindingDetail({ finding, onClose }: { finding: Finding; onClose: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState<FalsePositiveAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const markFalsePositive = async () => {
    setBusy(true);
    setError(null);
    try {
      setAnswer(await post<FalsePositiveAnswer>(`/api/findings/${encodeURIComponent(finding.id)}/false-positive`, note.trim() ? { note: note.trim() } : {}));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel finding-detail" aria-labelledby="finding-h">
      <h2 id="finding-h" tabIndex={-1}>
        {t(`category.${finding.category}`, { defaultValue: finding.category })} — <ScopeLink kind={finding.scope.kind} value={finding.scope.value} />
      </h2>
      <dl className="facts">
        <dt>{t('col.severity')}</dt>
        <dd><Severity value={finding.severity} /></dd>
        <dt>{t('col.confidence')}</dt>
        <dd>{fmtPercent(finding.confidence, 1)}</dd>
        <dt>{t('col.rule')}</dt>
        <dd><code>{finding.rule}</code></dd>
        <dt>{t('col.technique')}</dt>
        <dd>
          <a href={`https://attack.mitre.org/techniques/${finding.technique.replace('.', '/')}/`} rel="noreferrer noopener" target="_blank">
            {finding.technique}
            <span className="visually-hidden"> {t('common.newWindow')}</span>
          </a>
        </dd>
        <dt>{t('col.requests')}</dt>
        <dd>{fmtNumber(finding.count)}</dd>
        <dt>{t('col.firstSeen')}</dt>
        <dd><When at={finding.firstSeen} /></dd>
        <dt>{t('col.lastSeen')}</dt>
        <dd><When at={finding.lastSeen} /></dd>
        {Object.entries(finding.details).map(([k, v]) => (
          <div key={k} className="fact-extra">
            <dt>{t(`details.${k}`, { defaultValue: k })}</dt>
            <dd>{typeof v === 'number' ? fmtNumber(v, 2) : k === 'networkType' ? t(`network.${v}`, { defaultValue: v }) : v}</dd>
          </div>
        ))}
      </dl>
      <DataTable
        caption={t('findings.evidence')}
        rows={finding.evidence}
        rowKey={(e, i) => `${e.file}:${e.line}:${i}`}
        columns={[
          { header: t('col.time'), value: (e) => iso(e.time), render: (e) => <When at={e.time} /> },
          { header: t('col.ip'), value: (e) => e.ip },
          { header: t('col.method'), value: (e) => e.method },
          { header: t('col.path'), value: (e) => e.path, render: (e) => <code className="path">{e.path}</code> },
          { header: t('col.status'), value: (e) => e.status, numeric: true },
          { header: t('col.userAgent'), value: (e) => e.userAgent, render: (e) => <span className="ua">{e.userAgent}</span> },
          { header: t('col.line'), value: (e) => `${e.file}:${e.line}` },
        ]}
      />
      {can(user, 'analyst') && !answer && (
        <div className="inline-form">
          <label>
            {t('findings.note')}
            <input maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="button" disabled={busy} onClick={() => void markFalsePositive()}>
            {t('findings.falsePositive')}
          </button>
        </div>
      )}
      <ErrorNote message={error} />
      {answer && (
        <div className="suggestion" role="status">
          <h3>{t(`findings.suggestion.${answer.suggestion.kind}`)}</h3>
          <p>{t('findings.suggestionFile', { file: answer.suggestion.file })}</p>
          <pre tabIndex={0} aria-label={t('findings.suggestionText')}>{answer.suggestion.text}</pre>
          <button type="button" onClick={() => void navigator.clipboard?.writeText(answer.suggestion.text)}>
            {t('findings.copy')}
          </button>
        </div>
      )}
      <p>
        <button type="button" className="link-button" onClick={onClose}>
          {t('common.close')}
        </button>
      </p>
    </section>
  );
}
