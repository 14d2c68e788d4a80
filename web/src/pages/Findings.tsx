/** What the detectors found, with the evidence and the rule; analysts mark false positives. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { query } from '../lib/api';
import { subscribe } from '../lib/live';
import { hrefWith, navigate } from '../lib/router';
import { usePageTitle } from '../lib/title';
import type { Finding } from '../lib/types';
import DataTable, { type Column } from '../components/DataTable';
import FindingDetail from '../components/FindingDetail';
import { findingColumns } from '../components/columns';
import { ErrorNote, Loading, PageHeading } from '../components/bits';

const CATEGORIES = ['sqli', 'xss', 'path-traversal', 'rfi', 'command-injection', 'code-injection', 'ssrf', 'sensitive-file', 'cms-probe', 'scanner-tool', 'scan', 'brute-force', 'flood', 'spoofed-crawler'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];

export default function Findings({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  usePageTitle(t('nav.findings'));
  const filters = { category: params.get('category') ?? '', severity: params.get('severity') ?? '', ip: params.get('ip') ?? '' };
  const [draft, setDraft] = useState(filters);
  const findings = useApi<Finding[]>(`/api/findings${query({ ...filters, limit: 200 })}`, 30_000);
  const [selected, setSelected] = useState<Finding | null>(null);
  const { reload } = findings;

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const off = subscribe('finding', () => {
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

  useEffect(() => {
    if (selected) document.getElementById('finding-h')?.focus();
  }, [selected]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefWith('#/findings', draft));
  };

  const columns: Column<Finding>[] = [
    ...findingColumns(t),
    {
      header: t('col.actions'),
      value: () => '',
      noCsv: true,
      render: (f) => (
        <button
          type="button"
          className="link-button"
          onClick={() => setSelected(f)}
          aria-expanded={selected?.id === f.id}
          aria-label={`${t('findings.show')}: ${t(`category.${f.category}`, { defaultValue: f.category })} ${f.scope.value}`}
        >
          {t('findings.show')}
        </button>
      ),
    },
  ];

  return (
    <>
      <PageHeading>{t('nav.findings')}</PageHeading>
      <form className="filters" onSubmit={submit} aria-label={t('findings.filters')}>
        <label>
          {t('col.category')}
          <select value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
            <option value="">{t('traffic.any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{t(`category.${c}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('col.severity')}
          <select value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value })}>
            <option value="">{t('traffic.any')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>{t(`severity.${s}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('col.ip')}
          <input value={draft.ip} onChange={(e) => setDraft({ ...draft, ip: e.target.value })} size={16} />
        </label>
        <button type="submit" className="primary">{t('traffic.apply')}</button>
        <a href="#/findings">{t('traffic.clear')}</a>
      </form>
      {selected && <FindingDetail finding={selected} onClose={() => setSelected(null)} />}
      <ErrorNote message={findings.error} />
      {findings.data ? (
        <DataTable caption={t('findings.caption')} columns={columns} rows={findings.data} rowKey={(f) => f.id} note={t('findings.limitNote')} empty={t('overview.noFindings')} />
      ) : (
        !findings.error && <Loading />
      )}
    </>
  );
}
