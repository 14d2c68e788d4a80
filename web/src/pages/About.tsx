/** What Vigie is, and the notices its data sources' licences require. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { usePageTitle } from '../lib/title';
import type { Attribution } from '../lib/types';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, PageHeading } from '../components/bits';

export default function About() {
  const { t } = useTranslation();
  usePageTitle(t('nav.about'));
  const list = useApi<Attribution[]>('/api/attributions');
  return (
    <>
      <PageHeading>{t('about.title')}</PageHeading>
      <p>{t('about.intro')}</p>
      <p>{t('about.attribution')}</p>
      <h2>{t('about.dataTitle')}</h2>
      <ErrorNote message={list.error} />
      {list.data ? (
        <DataTable
          caption={t('about.dataTitle')}
          captionHidden
          rows={list.data}
          rowKey={(a) => a.name}
          columns={[
            { header: t('col.name'), value: (a) => a.name },
            { header: t('col.licence'), value: (a) => a.licence },
            { header: t('col.notice'), value: (a) => a.notice },
            {
              header: t('col.link'),
              value: (a) => a.url,
              render: (a) =>
                /^https?:\/\//.test(a.url) ? (
                  <a href={a.url} rel="noreferrer noopener">
                    {a.url}
                  </a>
                ) : (
                  a.url
                ),
            },
          ]}
        />
      ) : (
        !list.error && <Loading />
      )}
      <h2>{t('about.mapTitle')}</h2>
      <p>{t('about.map')}</p>
    </>
  );
}
