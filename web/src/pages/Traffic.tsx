/** The timeline and breakdowns of traffic, filtered by time, country, AS, network, category, path and status. */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { query } from '../lib/api';
import { countryName, fmtNumber } from '../lib/format';
import { href, hrefWith, navigate } from '../lib/router';
import { usePageTitle } from '../lib/title';
import type { Count, Traffic as TrafficData } from '../lib/types';
import Chart from '../charts/Chart';
import { timelineOption, timelineSummary } from '../charts/options';
import Breakdown from '../components/Breakdown';
import { ErrorNote, Loading, PageHeading } from '../components/bits';

const RANGES = [15, 60, 360, 1440, 10_080];
const NETWORKS = ['isp', 'hosting', 'tor', 'vpn', 'crawler', 'private', 'unknown'];
const CATEGORIES = ['sqli', 'xss', 'path-traversal', 'rfi', 'command-injection', 'code-injection', 'ssrf', 'sensitive-file', 'cms-probe', 'scanner-tool'];
const FILTERS = ['range', 'country', 'asn', 'network', 'category', 'path', 'status'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

export default function Traffic({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  usePageTitle(t('nav.traffic'));
  const applied: Filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? (f === 'range' ? '60' : '')])) as Filters;
  const [draft, setDraft] = useState<Filters>(applied);
  // The time window is computed once per applied filter set, so a refresh is a new request, not a drift.
  const path = useMemo(() => {
    const to = Date.now();
    const minutes = Number(applied.range) || 60;
    return `/api/traffic${query({ from: to - minutes * 60_000, to, country: applied.country.toUpperCase(), asn: applied.asn.replace(/^AS/i, ''), network: applied.network, category: applied.category, path: applied.path, status: applied.status })}`;
    // params is a new object each render; its text is what matters.
  }, [params.toString()]);
  const traffic = useApi<TrafficData>(path, 30_000);
  const data = traffic.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefWith('#/traffic', draft));
  };
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const filterLink = (key: keyof Filters, value: string) => hrefWith('#/traffic', { ...applied, [key]: value });

  const timeline = useMemo(() => (data ? timelineOption(t, data.timeline, { from: data.from, to: data.to }) : null), [data, t]);
  const plain = (c: Count) => c.key;
  // Past a few thousand distinct paths in a minute, the server counts the rest as "other".
  const pathLabel = (c: Count) => (c.key === 'other' ? t('traffic.otherPaths') : c.key);
  const countryLabel = (c: Count) => countryName(c.key);
  const asnLabel = (c: Count) => `AS${c.key}${'org' in c && c.org ? ` ${String(c.org)}` : ''}`;
  const networkLabel = (c: Count) => t(`network.${c.key}`, { defaultValue: c.key });
  const originLabel = (c: Count) => t(`origin.${c.key}`, { defaultValue: c.key });
  const categoryLabel = (c: Count) => t(`category.${c.key}`, { defaultValue: c.key });

  return (
    <>
      <PageHeading>{t('nav.traffic')}</PageHeading>
      <form className="filters" onSubmit={submit} aria-label={t('traffic.filters')}>
        <label>
          {t('traffic.range')}
          <select value={draft.range} onChange={set('range')}>
            {RANGES.map((r) => (
              <option key={r} value={r}>
                {t(`range.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('col.country')}
          <input value={draft.country} onChange={set('country')} maxLength={2} size={3} placeholder="CA" aria-describedby="country-hint" />
        </label>
        <span id="country-hint" className="visually-hidden">{t('traffic.countryHint')}</span>
        <label>
          {t('col.asn')}
          <input value={draft.asn} onChange={set('asn')} inputMode="numeric" size={8} placeholder="64500" />
        </label>
        <label>
          {t('col.network')}
          <select value={draft.network} onChange={set('network')}>
            <option value="">{t('traffic.any')}</option>
            {NETWORKS.map((n) => (
              <option key={n} value={n}>{t(`network.${n}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('col.category')}
          <select value={draft.category} onChange={set('category')}>
            <option value="">{t('traffic.any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{t(`category.${c}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('col.path')}
          <input value={draft.path} onChange={set('path')} size={14} placeholder="/wp-login.php" />
        </label>
        <label>
          {t('col.status')}
          <input value={draft.status} onChange={set('status')} inputMode="numeric" size={4} placeholder="404" />
        </label>
        <button type="submit" className="primary">{t('traffic.apply')}</button>
        <a href="#/traffic">{t('traffic.clear')}</a>
      </form>
      <ErrorNote message={traffic.error} />
      {!data && !traffic.error && <Loading />}
      {data && (
        <>
          <p role="status">
            {t('traffic.totals', { requests: fmtNumber(data.requests), attacks: fmtNumber(data.attacks) })}{' '}
            <span className="muted">{t(`traffic.basis.${data.basis}`)}</span>
          </p>
          {timeline && <Chart id="traffic-timeline" title={t('overview.timeline')} summary={timelineSummary(t, data.timeline)} option={timeline} />}
          <div className="grid-2">
            <Breakdown id="by-country" title={t('traffic.byCountry')} keyHeader={t('col.country')} counts={data.byCountry} label={countryLabel} render={(c) => <a href={href('country', c.key)}>{countryLabel(c)}</a>} />
            <Breakdown id="by-asn" title={t('traffic.byAsn')} keyHeader={t('col.asn')} counts={data.byAsn} label={asnLabel} render={(c) => <a href={href('asn', c.key)}>{asnLabel(c)}</a>} />
            <Breakdown id="by-network" title={t('traffic.byNetwork')} keyHeader={t('col.network')} counts={data.byNetwork} label={networkLabel} render={(c) => <a href={filterLink('network', c.key)}>{networkLabel(c)}</a>} />
            <Breakdown id="by-origin" title={t('traffic.byOrigin')} keyHeader={t('col.origin')} counts={data.byOrigin} label={originLabel} render={originLabel} />
            <Breakdown id="by-category" title={t('traffic.byCategory')} keyHeader={t('col.category')} counts={data.byCategory} label={categoryLabel} render={(c) => <a href={filterLink('category', c.key)}>{categoryLabel(c)}</a>} />
            <Breakdown id="by-status" title={t('traffic.byStatus')} keyHeader={t('col.status')} counts={data.byStatus} label={plain} render={(c) => <a href={filterLink('status', c.key)}>{c.key}</a>} />
          </div>
          <Breakdown id="by-path" title={t('traffic.byPath')} keyHeader={t('col.path')} counts={data.byPath} label={pathLabel} render={(c) => (c.key === 'other' ? pathLabel(c) : <a href={filterLink('path', c.key)}><code className="path">{c.key}</code></a>)} />
        </>
      )}
    </>
  );
}
