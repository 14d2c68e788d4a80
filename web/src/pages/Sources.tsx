/** Health of every source: lines per second, lag, errors. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { fmtNumber } from '../lib/format';
import { usePageTitle } from '../lib/title';
import type { SourceHealth } from '../lib/types';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, PageHeading, When } from '../components/bits';
import Demo from '../components/Demo';

export default function Sources() {
  const { t } = useTranslation();
  usePageTitle(t('nav.sources'));
  const sources = useApi<SourceHealth[]>('/api/sources', 5000);
  return (
    <>
      <PageHeading>{t('nav.sources')}</PageHeading>
      <p>{t('sources.intro')}</p>
      <Demo />
      <ErrorNote message={sources.error} />
      {sources.data ? (
        <DataTable
          caption={t('sources.caption')}
          rows={sources.data}
          rowKey={(s) => s.name}
          empty={t('sources.none')}
          columns={[
            { header: t('col.name'), value: (s) => s.name },
            { header: t('col.kind'), value: (s) => t(`sourceKind.${s.kind}`, { defaultValue: s.kind }) },
            { header: t('col.state'), value: (s) => t(`sourceStatus.${s.status}`), render: (s) => <span className={`badge status-${s.status}`}>{t(`sourceStatus.${s.status}`)}</span> },
            { header: t('col.linesPerSecond'), value: (s) => s.linesPerSecond, render: (s) => fmtNumber(s.linesPerSecond, 1), numeric: true },
            { header: t('col.lag'), value: (s) => s.lagSeconds, render: (s) => (s.lagSeconds === null ? '—' : t('sources.seconds', { n: fmtNumber(s.lagSeconds, 1) })), numeric: true },
            { header: t('col.lines'), value: (s) => s.lines, render: (s) => fmtNumber(s.lines), numeric: true },
            { header: t('col.errors'), value: (s) => s.errors, render: (s) => fmtNumber(s.errors), numeric: true },
            { header: t('col.lastEvent'), value: (s) => s.lastEventAt, render: (s) => <When at={s.lastEventAt} /> },
            { header: t('col.message'), value: (s) => s.lastMessage ?? '' },
          ]}
        />
      ) : (
        !sources.error && <Loading />
      )}
    </>
  );
}
