/** Decisions in force and past ones; analysts add and remove them. */
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { useSession, can } from '../lib/session';
import { usePageTitle } from '../lib/title';
import type { Decision } from '../lib/types';
import DecisionForm from '../components/DecisionForm';
import DecisionTable from '../components/DecisionTable';
import { ErrorNote, Loading, PageHeading } from '../components/bits';

export default function Decisions() {
  const { t } = useTranslation();
  usePageTitle(t('nav.decisions'));
  const { user } = useSession();
  const active = useApi<Decision[]>('/api/decisions?active=true', 15_000);
  const past = useApi<Decision[]>('/api/decisions?active=false&limit=500', 15_000);
  const reload = () => {
    active.reload();
    past.reload();
  };
  return (
    <>
      <PageHeading>{t('nav.decisions')}</PageHeading>
      <p>{t('decisions.intro')}</p>
      {can(user, 'analyst') && (
        <section aria-label={t('decisions.add')} className="panel">
          <DecisionForm id="add-decision" onAdded={reload} />
        </section>
      )}
      <section aria-labelledby="active-h">
        <h2 id="active-h">{t('decisions.activeTitle')}</h2>
        <ErrorNote message={active.error} />
        {active.data ? <DecisionTable caption={t('decisions.activeTitle')} captionHidden decisions={active.data} onChanged={reload} /> : !active.error && <Loading />}
      </section>
      <section aria-labelledby="past-h">
        <h2 id="past-h">{t('decisions.pastTitle')}</h2>
        <ErrorNote message={past.error} />
        {past.data ? <DecisionTable caption={t('decisions.pastTitle')} captionHidden decisions={past.data} onChanged={reload} /> : !past.error && <Loading />}
      </section>
    </>
  );
}
