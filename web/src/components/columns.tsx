/** Column sets shared by several pages: findings, decisions, sources of attacks, counts, requests. */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import type { Column } from './DataTable';
import type { Count, Decision, Finding, HttpEventRow, TopSource } from '../lib/types';
import { AsnLink, CountryLink, IpLink, ScopeLink, Severity, When } from './bits';
import { countryName, fmtNumber, iso } from '../lib/format';

export function findingColumns(t: TFunction): Column<Finding>[] {
  return [
    { header: t('col.lastSeen'), value: (f) => iso(f.lastSeen), render: (f) => <When at={f.lastSeen} /> },
    { header: t('col.category'), value: (f) => t(`category.${f.category}`, { defaultValue: f.category }) },
    { header: t('col.severity'), value: (f) => f.severity, render: (f) => <Severity value={f.severity} /> },
    { header: t('col.subject'), value: (f) => f.scope.value, render: (f) => <ScopeLink kind={f.scope.kind} value={f.scope.value} /> },
    { header: t('col.requests'), value: (f) => f.count, render: (f) => fmtNumber(f.count), numeric: true },
    { header: t('col.rule'), value: (f) => f.rule, render: (f) => <code>{f.rule}</code> },
    { header: t('col.technique'), value: (f) => f.technique },
  ];
}

export function decisionColumns(t: TFunction, now: number): Column<Decision>[] {
  return [
    { header: t('col.created'), value: (d) => iso(d.createdAt), render: (d) => <When at={d.createdAt} /> },
    { header: t('col.type'), value: (d) => t(`decisionType.${d.type}`, { defaultValue: d.type }) },
    { header: t('col.scope'), value: (d) => t(`scope.${d.scope}`, { defaultValue: d.scope }) },
    {
      header: t('col.value'),
      value: (d) => d.value,
      render: (d) => <ScopeLink kind={d.scope === 'range' ? 'range' : d.scope} value={d.value} />,
    },
    { header: t('col.reason'), value: (d) => d.scenario },
    { header: t('col.origin'), value: (d) => t(`decisionOrigin.${d.origin}`, { defaultValue: d.origin }) + (d.simulated ? ` (${t('decisions.simulated')})` : '') },
    { header: t('col.until'), value: (d) => iso(d.until), render: (d) => <When at={d.until} /> },
    {
      header: t('col.state'),
      value: (d) => (d.deletedAt ? t('decisions.removed') : d.until > now ? t('decisions.active') : t('decisions.expired')),
    },
  ];
}

export function topSourceColumns(t: TFunction): Column<TopSource>[] {
  return [
    { header: t('col.ip'), value: (s) => s.ip, render: (s) => <IpLink ip={s.ip} /> },
    { header: t('col.country'), value: (s) => s.country ?? '', render: (s) => <CountryLink code={s.country} /> },
    { header: t('col.asn'), value: (s) => (s.asn === null ? '' : `AS${s.asn} ${s.org ?? ''}`.trim()), render: (s) => <AsnLink asn={s.asn} org={s.org} /> },
    { header: t('col.network'), value: (s) => t(`network.${s.networkType}`, { defaultValue: s.networkType }) },
    { header: t('col.findings'), value: (s) => s.findings, render: (s) => fmtNumber(s.findings), numeric: true },
    { header: t('col.severity'), value: (s) => s.severity, render: (s) => <Severity value={s.severity} /> },
    { header: t('col.lastSeen'), value: (s) => iso(s.lastSeen), render: (s) => <When at={s.lastSeen} /> },
  ];
}

/** Requests and attacks per key; `label` names the key and `link` makes it a link. */
export function countColumns(t: TFunction, keyHeader: string, label: (c: Count) => ReactNode, plain?: (c: Count) => string): Column<Count>[] {
  return [
    { header: keyHeader, value: (c) => (plain ? plain(c) : c.key), render: label },
    { header: t('col.requests'), value: (c) => c.requests, render: (c) => fmtNumber(c.requests), numeric: true },
    { header: t('col.attacks'), value: (c) => c.attacks, render: (c) => fmtNumber(c.attacks), numeric: true },
  ];
}

export function countryCountColumns(t: TFunction): Column<Count>[] {
  return countColumns(t, t('col.country'), (c) => <CountryLink code={c.key} />, (c) => `${c.key} ${countryName(c.key)}`);
}

export function requestColumns(t: TFunction): Column<HttpEventRow>[] {
  return [
    { header: t('col.time'), value: (r) => iso(r.time), render: (r) => <When at={r.time} /> },
    { header: t('col.ip'), value: (r) => r.ip, render: (r) => <IpLink ip={r.ip} /> },
    { header: t('col.method'), value: (r) => r.method },
    { header: t('col.path'), value: (r) => r.path, render: (r) => <code className="path">{r.path}</code> },
    { header: t('col.status'), value: (r) => r.status, numeric: true },
    { header: t('col.tags'), value: (r) => r.tags.map((tag) => t(`category.${tag}`, { defaultValue: tag })).join(', ') },
    { header: t('col.userAgent'), value: (r) => r.userAgent, render: (r) => <span className="ua">{r.userAgent}</span> },
  ];
}
