/**
 * The information space: sources, clusters of coordinated accounts, posts, narrative trends and
 * cases, one tab each (#/infospace/clusters...). Each tab loads on demand: sigma comes only with clusters.
 */
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../lib/title';
import { Loading, PageHeading } from '../components/bits';
import './infospace.css';

export const INFOSPACE_TABS = ['clusters', 'posts', 'trends', 'cases', 'sources'] as const;
type Tab = (typeof INFOSPACE_TABS)[number];

const tabs: Record<Tab, ComponentType<{ parts: string[]; params: URLSearchParams }>> = {
  clusters: lazy(() => import('./InfospaceClusters')),
  posts: lazy(() => import('./InfospacePosts')),
  trends: lazy(() => import('./InfospaceTrends')),
  cases: lazy(() => import('./InfospaceCases')),
  sources: lazy(() => import('./InfospaceSources')),
};

export default function Infospace({ parts, params }: { parts: string[]; params: URLSearchParams }) {
  const { t } = useTranslation();
  const tab: Tab = (INFOSPACE_TABS as readonly string[]).includes(parts[1] ?? '') ? (parts[1] as Tab) : 'clusters';
  const title = t('infospace.heading', { tab: t(`infospace.tab.${tab}`) });
  usePageTitle(title);
  const Tab = tabs[tab];
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <nav aria-label={t('infospace.tabs')} className="subnav">
        <ul>
          {INFOSPACE_TABS.map((id) => (
            <li key={id}>
              <a href={`#/infospace/${id}`} aria-current={id === tab ? 'page' : undefined}>
                {t(`infospace.tab.${id}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Suspense fallback={<Loading />}>
        <Tab parts={parts} params={params} />
      </Suspense>
    </>
  );
}
