/** What is hitting us now and from where: live figures, origin split, map, top sources, latest findings. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { subscribe, useLiveStats } from '../lib/live';
import { fmtNumber, fmtPercent } from '../lib/format';
import { navigate, href } from '../lib/router';
import { usePageTitle } from '../lib/title';
import type { Finding, Overview as OverviewData } from '../lib/types';
import Chart from '../charts/Chart';
import WorldMap from '../charts/WorldMap';
import { splitOption, splitSummary, timelineOption, timelineSummary } from '../charts/options';
import DataTable from '../components/DataTable';
import { countryCountColumns, decisionColumns, findingColumns, topSourceColumns } from '../components/columns';
import { ErrorNote, Loading, PageHeading } from '../components/bits';
import Demo from '../components/Demo';

const WINDOWS = [15, 60, 360, 1440];
const ORIGINS = ['domestic', 'foreign', 'obscured', 'unknown'] as const;

export default function Overview() {
  const { t } = useTranslation();
  usePageTitle(t('nav.overview'));
  const [minutes, setMinutes] = useState(60);
  const overview = useApi<OverviewData>(`/api/overview?minutes=${minutes}`, 10_000);
  const stats = useLiveStats();
  const [liveFindings, setLiveFindings] = useState<Finding[]>([]);
  const { reload } = overview;

  useEffect(
    () =>
      subscribe('finding', (event) => {
        setLiveFindings((list) => [event.finding, ...list.filter((f) => f.id !== event.finding.id)].slice(0, 20));
      }),
    [],
  );
  // New decisions change the lists below: fetch again, at most every two seconds.
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const off = subscribe('decision', () => {
      pending ??= setTimeout(() => {
        pending = null;
        reload();
      }, 2000);
    });
    return () => {
      off();
      if (pending) clearTimeout(pending);
    };
  }, [reload]);

  const data = overview.data;
  const findings = useMemo(() => {
    const seen = new Set<string>();
    return [...liveFindings, ...(data?.recentFindings ?? [])]
      .filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)))
      .sort((a, b) => b.lastSeen - a.lastSeen)
      .slice(0, 20);
  }, [liveFindings, data]);
  const timeline = useMemo(() => (data ? timelineOption(t, data.timeline, { from: data.now - data.minutes * 60_000, to: data.now }) : null), [data, t]);
  const split = useMemo(() => (data ? splitOption(t, data.split) : null), [data, t]);

  return (
    <>
      <PageHeading>{t('nav.overview')}</PageHeading>
      <Demo />
      <div className="toolbar">
        <label>
          {t('overview.window')}{' '}
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`range.${w}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section aria-labelledby="now-title">
        <h2 id="now-title">{t('overview.now')}</h2>
        <dl className="figures">
          <div>
            <dt>{t('overview.requestsPerSecond')}</dt>
            <dd data-testid="rps">{stats ? fmtNumber(stats.requestsPerSecond, 1) : '—'}</dd>
          </div>
          <div>
            <dt>{t('overview.attacksPerSecond')}</dt>
            <dd data-testid="aps">{stats ? fmtNumber(stats.attacksPerSecond, 1) : '—'}</dd>
          </div>
          <div>
            <dt>{t('overview.requests', { n: fmtNumber(minutes) })}</dt>
            <dd>{fmtNumber(data?.requests)}</dd>
          </div>
          <div>
            <dt>{t('overview.attacks', { n: fmtNumber(minutes) })}</dt>
            <dd>{fmtNumber(data?.attacks)}</dd>
          </div>
          <div>
            <dt>{t('overview.activeDecisions')}</dt>
            <dd>
              <a href="#/decisions">{fmtNumber(data?.activeDecisions)}</a>
            </dd>
          </div>
        </dl>
      </section>
      <ErrorNote message={overview.error} />
      {!data && !overview.error && <Loading />}
      {data && (
        <>
          <section aria-labelledby="split-title" className="grid-2">
            <div>
              <h2 id="split-title">{t('overview.split', { home: data.home })}</h2>
              <p className="muted">{t('overview.splitNote')}</p>
              <dl className="figures small">
                {ORIGINS.map((o) => (
                  <div key={o} className={`origin-${o}`}>
                    <dt>{t(`origin.${o}`)}</dt>
                    <dd>
                      {fmtNumber(data.split.attacks[o])} <span className="muted">({fmtPercent(data.split.attacks[o], data.attacks)})</span>
                    </dd>
                  </div>
                ))}
              </dl>
              {split && <Chart id="chart-split" title={t('overview.splitChart')} summary={splitSummary(t, data.split)} option={split} size="chart chart-small" />}
            </div>
            <div>{timeline && <Chart id="chart-timeline" title={t('overview.timeline')} summary={timelineSummary(t, data.timeline)} option={timeline} />}</div>
          </section>
          <section aria-labelledby="map-title">
            <h2 id="map-title">{t('overview.where')}</h2>
            <WorldMap id="chart-map" countries={data.countries} onSelect={(cc) => navigate(href('country', cc))} />
            <DataTable caption={t('overview.countries')} columns={countryCountColumns(t)} rows={data.countries.slice(0, 15)} rowKey={(c) => c.key} />
          </section>
          <section aria-labelledby="sources-title">
            <h2 id="sources-title">{t('overview.topSources')}</h2>
            <DataTable caption={t('overview.topSources')} captionHidden columns={topSourceColumns(t)} rows={data.topSources} rowKey={(s) => s.ip} />
          </section>
          <section aria-labelledby="findings-title">
            <h2 id="findings-title">{t('overview.recentFindings')}</h2>
            <DataTable caption={t('overview.recentFindings')} captionHidden columns={findingColumns(t)} rows={findings} rowKey={(f) => f.id} empty={t('overview.noFindings')} />
            <p>
              <a href="#/findings">{t('overview.allFindings')}</a>
            </p>
          </section>
          <section aria-labelledby="decisions-title">
            <h2 id="decisions-title">{t('overview.recentDecisions')}</h2>
            <DataTable caption={t('overview.recentDecisions')} captionHidden columns={decisionColumns(t, data.now)} rows={data.recentDecisions} rowKey={(d) => String(d.id)} />
          </section>
        </>
      )}
    </>
  );
}
