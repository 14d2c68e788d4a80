/** Narrative trends: watchlist terms mentioned well above their usual rate, in the window ending at the newest post. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { fmtNumber, fmtDateTime } from '../lib/format';
import { hrefWith } from '../lib/router';
import type { InfoTrendList } from '../../../src/server/contract';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading } from '../components/bits';

const WINDOWS = [6, 12, 24, 48];

export default function InfospaceTrends({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const hours = WINDOWS.includes(Number(params.get('hours'))) ? Number(params.get('hours')) : 6;
  const trends = useApi<InfoTrendList>(`/api/infospace/trends?windowHours=${hours}`);
  return (
    <>
      <p>{t('infospace.trends.intro')}</p>
      <p>
        {t('infospace.trends.window')}{' '}
        {WINDOWS.map((h) => (
          <a key={h} href={hrefWith('#/infospace/trends', { hours: h })} aria-current={h === hours ? 'true' : undefined} className="range-link">
            {t('infospace.trends.hours', { n: h })}
          </a>
        )).flatMap((link, i) => (i ? [' · ', link] : [link]))}
      </p>
      <ErrorNote message={trends.error} />
      {trends.data ? (
        <>
          <p className="muted">{t('infospace.trends.at', { at: fmtDateTime(trends.data.at) })}</p>
          <DataTable
            caption={t('infospace.trends.caption')}
            rows={trends.data.trends}
            rowKey={(r) => `${r.watchlist}\n${r.term}`}
            empty={t('infospace.trends.none')}
            columns={[
              { header: t('infospace.col.watchlist'), value: (r) => r.watchlist },
              { header: t('infospace.col.term'), value: (r) => r.term, render: (r) => <a href={hrefWith('#/infospace/posts', { text: r.term })}>{r.term}</a> },
              { header: t('infospace.col.count'), value: (r) => r.count, numeric: true },
              { header: t('infospace.col.baseline'), value: (r) => r.baseline, render: (r) => fmtNumber(r.baseline, 1), numeric: true },
              { header: t('infospace.col.ratio'), value: (r) => r.ratio, render: (r) => fmtNumber(r.ratio, 1), numeric: true },
              { header: t('infospace.col.examples'), value: (r) => r.examples.join(' | '), render: (r) => <span className="post-text">{r.examples.slice(0, 2).join('\n')}</span> },
            ]}
          />
        </>
      ) : (
        !trends.error && <Loading />
      )}
    </>
  );
}
