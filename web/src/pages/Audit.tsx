/** Every change by anyone, newest first (administrators only). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { iso } from '../lib/format';
import { usePageTitle } from '../lib/title';
import type { AuditRecord } from '../lib/types';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, PageHeading, When } from '../components/bits';

export default function Audit() {
  const { t } = useTranslation();
  usePageTitle(t('nav.audit'));
  const [limit, setLimit] = useState(200);
  const audit = useApi<AuditRecord[]>(`/api/audit?limit=${limit}`, 30_000);
  return (
    <>
      <PageHeading>{t('nav.audit')}</PageHeading>
      <p>{t('audit.intro')}</p>
      <div className="toolbar">
        <label>
          {t('audit.limit')}{' '}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {[50, 200, 1000].map((n) => (
              <option key={n} value={n}>{n}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote message={audit.error} />
      {audit.data ? (
        <DataTable
          caption={t('audit.caption')}
          rows={audit.data}
          rowKey={(a, i) => `${a.at}-${i}`}
          columns={[
            { header: t('col.time'), value: (a) => iso(a.at), render: (a) => <When at={a.at} /> },
            { header: t('col.actor'), value: (a) => a.actor },
            { header: t('col.action'), value: (a) => a.action, render: (a) => <code>{a.action}</code> },
            { header: t('col.target'), value: (a) => a.target },
            { header: t('col.detail'), value: (a) => a.detail },
          ]}
        />
      ) : (
        !audit.error && <Loading />
      )}
    </>
  );
}
