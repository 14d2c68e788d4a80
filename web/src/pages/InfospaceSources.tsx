/** Information-space sources and their health: posts, item errors, failures, last success, next poll. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { fmtNumber } from '../lib/format';
import type { InfoSourceList } from '../../../src/server/contract';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, When } from '../components/bits';

export default function InfospaceSources() {
  const { t } = useTranslation();
  const list = useApi<InfoSourceList>('/api/infospace/sources', 30_000);
  return (
    <>
      <p>{t('infospace.sources.intro')}</p>
      <ErrorNote message={list.error} />
      {list.data ? (
        <>
          <p>{t('infospace.sources.stored', { n: fmtNumber(list.data.posts) })}</p>
          <DataTable
            caption={t('infospace.sources.caption')}
            rows={list.data.sources}
            rowKey={(s) => s.name}
            empty={t('infospace.sources.none')}
            columns={[
              { header: t('infospace.col.name'), value: (s) => s.name },
              { header: t('infospace.col.kind'), value: (s) => s.kind },
              { header: t('infospace.col.health'), value: (s) => t(`infospace.health.${s.health}`), render: (s) => <span className={`badge health-${s.health}`}>{t(`infospace.health.${s.health}`)}</span> },
              { header: t('infospace.col.posts'), value: (s) => s.posts, render: (s) => fmtNumber(s.posts), numeric: true },
              { header: t('infospace.col.errors'), value: (s) => s.errors, render: (s) => fmtNumber(s.errors), numeric: true },
              { header: t('infospace.col.failures'), value: (s) => s.failures, render: (s) => fmtNumber(s.failures), numeric: true },
              { header: t('infospace.col.lastOk'), value: (s) => s.lastOkAt, render: (s) => <When at={s.lastOkAt} /> },
              { header: t('infospace.col.nextPoll'), value: (s) => s.nextPollAt, render: (s) => <When at={s.nextPollAt} /> },
              { header: t('infospace.col.url'), value: (s) => s.url, render: (s) => <span className="path">{s.url}</span> },
              { header: t('infospace.col.lastError'), value: (s) => s.lastError ?? '' },
            ]}
          />
        </>
      ) : (
        !list.error && <Loading />
      )}
    </>
  );
}
