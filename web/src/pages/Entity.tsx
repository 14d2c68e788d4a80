/** One IP, AS or country: what it sent, what Vigie found, what was decided, and a ban button. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { useSession, can } from '../lib/session';
import { countryName, fmtNumber } from '../lib/format';
import { href } from '../lib/router';
import { usePageTitle } from '../lib/title';
import type { EntityDetail } from '../lib/types';
import Chart from '../charts/Chart';
import { timelineOption, timelineSummary } from '../charts/options';
import DataTable from '../components/DataTable';
import DecisionForm from '../components/DecisionForm';
import DecisionTable from '../components/DecisionTable';
import { countColumns, findingColumns, requestColumns } from '../components/columns';
import { AsnLink, CountryLink, ErrorNote, Loading, PageHeading, When } from '../components/bits';

export default function Entity({ parts }: { parts: string[] }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const kind = (parts[0] ?? 'ip') as 'ip' | 'asn' | 'country';
  const key = parts[1] ?? '';
  const label = kind === 'country' ? countryName(key) : kind === 'asn' ? `AS${key.replace(/^AS/i, '')}` : key;
  const title = t(`entity.title.${kind}`, { label });
  usePageTitle(title);
  const detail = useApi<EntityDetail>(`/api/${kind}/${encodeURIComponent(key)}`, 15_000);
  const data = detail.data;
  // From the first minute seen (at least an hour back) to now.
  const timeline = useMemo(() => {
    if (!data) return null;
    const to = Date.now();
    const first = data.timeline[0]?.minute ?? to;
    return timelineOption(t, data.timeline, { from: Math.min(first, to - 3_600_000), to });
  }, [data, t]);
  const scope = kind === 'ip' ? (key.includes('/') ? 'range' : 'ip') : kind;
  const value = kind === 'asn' ? key.replace(/^AS/i, '') : kind === 'country' ? key.toUpperCase() : key;

  return (
    <>
      <PageHeading>{title}</PageHeading>
      <ErrorNote message={detail.error} />
      {!data && !detail.error && <Loading />}
      {data && (
        <>
          <section aria-labelledby="summary-h">
            <h2 id="summary-h">{t('entity.summary')}</h2>
            <dl className="facts">
              <dt>{t('col.requests')}</dt>
              <dd>{fmtNumber(data.summary.requests)}</dd>
              <dt>{t('col.attacks')}</dt>
              <dd>{fmtNumber(data.summary.attacks)}</dd>
              <dt>{t('col.firstSeen')}</dt>
              <dd><When at={data.summary.firstSeen} /></dd>
              <dt>{t('col.lastSeen')}</dt>
              <dd><When at={data.summary.lastSeen} /></dd>
              {data.intel && (
                <>
                  <dt>{t('col.country')}</dt>
                  <dd><CountryLink code={data.intel.country} /></dd>
                  <dt>{t('col.asn')}</dt>
                  <dd><AsnLink asn={data.intel.asn} org={data.intel.org} /></dd>
                  <dt>{t('col.network')}</dt>
                  <dd>{t(`network.${data.intel.networkType}`)}</dd>
                  <dt>{t('col.origin')}</dt>
                  <dd>{t(`origin.${data.intel.origin}`)}</dd>
                  <dt>{t('entity.lists')}</dt>
                  <dd>{data.intel.lists.length ? data.intel.lists.join(', ') : t('common.none')}</dd>
                </>
              )}
            </dl>
            {data.intel?.origin === 'obscured' && <p className="notice">{t('entity.obscuredNote')}</p>}
            <p>
              {kind === 'ip' ? (
                <a href={`#/findings?ip=${encodeURIComponent(value)}`}>{t('entity.seeFindings')}</a>
              ) : (
                <a href={`#/traffic?${kind}=${encodeURIComponent(value)}`}>{t('entity.seeTraffic')}</a>
              )}
            </p>
          </section>
          {can(user, 'analyst') && (
            <section className="panel" aria-label={t('decisions.add')}>
              <DecisionForm id="entity-decision" scope={scope} value={value} onAdded={detail.reload} />
            </section>
          )}
          {timeline && <Chart id="entity-timeline" title={t('overview.timeline')} summary={timelineSummary(t, data.timeline)} option={timeline} />}
          <section aria-labelledby="decisions-h">
            <h2 id="decisions-h">{t('nav.decisions')}</h2>
            <DecisionTable caption={t('entity.decisionsOf', { label })} captionHidden decisions={data.decisions} onChanged={detail.reload} />
          </section>
          <section aria-labelledby="findings-h">
            <h2 id="findings-h">{t('nav.findings')}</h2>
            <DataTable caption={t('entity.findingsOf', { label })} captionHidden columns={findingColumns(t)} rows={data.findings} rowKey={(f) => f.id} />
          </section>
          {data.top.length > 0 && (
            <section aria-labelledby="top-h">
              <h2 id="top-h">{t(kind === 'ip' ? 'entity.topPaths' : 'entity.topIps')}</h2>
              <DataTable
                caption={t(kind === 'ip' ? 'entity.topPaths' : 'entity.topIps')}
                captionHidden
                columns={countColumns(t, t(kind === 'ip' ? 'col.path' : 'col.ip'), (c) => (kind === 'ip' ? <code className="path">{c.key}</code> : <a href={href('ip', c.key)} className="mono">{c.key}</a>))}
                rows={data.top}
                rowKey={(c) => c.key}
              />
            </section>
          )}
          <section aria-labelledby="requests-h">
            <h2 id="requests-h">{t('entity.requests')}</h2>
            <DataTable caption={t('entity.requestsOf', { label })} captionHidden note={t('entity.requestsNote', { n: fmtNumber(data.requests.length) })} columns={requestColumns(t)} rows={data.requests} rowKey={(r, i) => `${r.time}-${r.line}-${i}`} />
          </section>
        </>
      )}
    </>
  );
}
