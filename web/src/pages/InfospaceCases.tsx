/** Cases: clusters an analyst took up, with notes, DISARM techniques, and their exports (STIX 2.1, bilingual brief). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { patch } from '../lib/api';
import { fmtNumber, fmtDateTime } from '../lib/format';
import { href, hrefWith } from '../lib/router';
import { useSession, can } from '../lib/session';
import type { InfoCaseDetail, InfoCaseSummary } from '../../../src/server/contract';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, When } from '../components/bits';
import { EvidenceTable } from './InfospaceEvidence';

export default function InfospaceCases({ parts }: { parts: string[] }) {
  const id = parts[2];
  return id ? <CaseView id={id} /> : <CaseList />;
}

function CaseList() {
  const { t } = useTranslation();
  const cases = useApi<InfoCaseSummary[]>('/api/infospace/cases');
  return (
    <>
      <p>{t('infospace.cases.intro')}</p>
      <ErrorNote message={cases.error} />
      {cases.data ? (
        <DataTable
          caption={t('infospace.cases.caption')}
          rows={cases.data}
          rowKey={(c) => c.id}
          empty={t('infospace.cases.none')}
          columns={[
            { header: t('infospace.col.title'), value: (c) => c.title, render: (c) => <a href={href('infospace', 'cases', c.id)}>{c.title}</a> },
            { header: t('infospace.col.status'), value: (c) => t(`infospace.status.${c.status}`) },
            { header: t('infospace.col.tlp'), value: (c) => `TLP:${c.tlp.toUpperCase()}` },
            { header: t('infospace.col.accounts'), value: (c) => c.accounts, numeric: true },
            { header: t('infospace.col.method'), value: (c) => t(`infospace.method.${c.method}`) },
            { header: t('infospace.col.score'), value: (c) => c.score, render: (c) => fmtNumber(c.score, 3), numeric: true },
            { header: t('infospace.col.techniques'), value: (c) => c.techniques.join(' ') },
            { header: t('infospace.col.createdBy'), value: (c) => c.createdBy },
            { header: t('infospace.col.updated'), value: (c) => c.updated, render: (c) => <When at={c.updated} /> },
          ]}
        />
      ) : (
        !cases.error && <Loading />
      )}
    </>
  );
}

function CaseView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useApi<InfoCaseDetail>(`/api/infospace/cases/${encodeURIComponent(id)}`);
  const [note, setNote] = useState('');
  const [techniques, setTechniques] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const c = loaded.data;
  const base = `/api/infospace/cases/${encodeURIComponent(id)}`;

  const change = (body: object) => {
    setError(null);
    patch<InfoCaseDetail>(base, body)
      .then(() => {
        setNote('');
        setTechniques(null);
        loaded.reload();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const addNote = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim()) change({ note: note.trim() });
  };

  const saveTechniques = (e: FormEvent) => {
    e.preventDefault();
    const ids = (techniques ?? '').split(/[\s,]+/).map((id) => id.trim().toUpperCase()).filter(Boolean);
    change({ techniques: ids });
  };

  if (!c) return <><ErrorNote message={loaded.error} />{!loaded.error && <Loading />}</>;
  return (
    <section aria-labelledby="case-h">
      <p><a href="#/infospace/cases">{t('infospace.cases.back')}</a></p>
      <h2 id="case-h">{c.title}</h2>
      <dl className="facts">
        <dt>{t('infospace.col.case')}</dt><dd className="mono">{c.id}</dd>
        <dt>{t('infospace.col.status')}</dt><dd>{t(`infospace.status.${c.status}`)}</dd>
        <dt>{t('infospace.col.tlp')}</dt><dd>TLP:{c.tlp.toUpperCase()}</dd>
        <dt>{t('infospace.col.cluster')}</dt><dd><a href={hrefWith('#/infospace/clusters', { cluster: c.cluster })} className="mono">{c.cluster}</a></dd>
        <dt>{t('infospace.col.accounts')}</dt><dd>{c.clusterDetail.accounts.join(', ')}</dd>
        <dt>{t('infospace.col.method')}</dt><dd>{t(`infospace.method.${c.method}`)}</dd>
        <dt>{t('infospace.col.score')}</dt><dd>{fmtNumber(c.score, 3)}</dd>
        <dt>{t('infospace.col.techniques')}</dt><dd>{c.techniques.join(', ') || '—'}</dd>
        <dt>{t('infospace.col.amplified')}</dt><dd>{c.amplified.map((a) => `${a.outlet} (${a.typology})`).join(', ') || '—'}</dd>
        <dt>{t('infospace.col.createdBy')}</dt><dd>{c.createdBy}, {fmtDateTime(c.created)}</dd>
      </dl>
      <div className="toolbar">
        <a href={`${base}/stix`} download={`${c.id}.stix.json`}>{t('infospace.cases.stix')}</a>
        <a href={`${base}/brief`} download={`${c.id}.html`}>{t('infospace.cases.brief')}</a>
        {can(user, 'analyst') && (
          <button type="button" onClick={() => change({ status: c.status === 'open' ? 'closed' : 'open' })}>
            {c.status === 'open' ? t('infospace.cases.close') : t('infospace.cases.reopen')}
          </button>
        )}
      </div>
      <ErrorNote message={error} />
      <h3>{t('infospace.cases.notes')}</h3>
      {c.notes.length === 0 ? <p className="muted">{t('infospace.cases.noNotes')}</p> : (
        <ul>
          {c.notes.map((n, i) => (
            <li key={i}><span className="post-text">{n.text}</span> <span className="muted">({n.author}, {fmtDateTime(n.at)})</span></li>
          ))}
        </ul>
      )}
      {can(user, 'analyst') && (
        <form className="inline-form" onSubmit={addNote}>
          <label>
            {t('infospace.cases.note')}
            <input value={note} maxLength={10_000} size={60} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit">{t('infospace.cases.addNote')}</button>
        </form>
      )}
      {can(user, 'analyst') && (
        <form className="inline-form" onSubmit={saveTechniques}>
          <label>
            {t('infospace.cases.techniques')}
            <input value={techniques ?? c.techniques.join(', ')} maxLength={600} size={40} onChange={(e) => setTechniques(e.target.value)} />
          </label>
          <button type="submit">{t('infospace.cases.saveTechniques')}</button>
        </form>
      )}
      <EvidenceTable rows={c.evidence} caption={t('infospace.cases.evidence')} />
    </section>
  );
}
