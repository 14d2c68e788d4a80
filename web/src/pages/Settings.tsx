/** Home country, retention, alerting threshold, rules, alert channels; users and tokens for admins. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { put, ApiError } from '../lib/api';
import { useSession, can } from '../lib/session';
import { countryName } from '../lib/format';
import { usePageTitle } from '../lib/title';
import type { Rule, Settings as SettingsData, UpdateSettingsRequest } from '../lib/types';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, Notice, PageHeading, Severity } from '../components/bits';
import Users from '../components/Users';
import Tokens from '../components/Tokens';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export default function Settings() {
  const { t } = useTranslation();
  usePageTitle(t('nav.settings'));
  const { user } = useSession();
  const admin = can(user, 'admin');
  const settings = useApi<SettingsData>('/api/settings');
  const rules = useApi<Rule[]>('/api/rules');
  const [form, setForm] = useState<{ home: string; retentionDays: string; minSeverity: string; language: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const s = settings.data;
    if (s) setForm({ home: s.home, retentionDays: String(s.retentionDays), minSeverity: s.alerts.minSeverity, language: s.language });
  }, [settings.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    setError(null);
    setSaved(false);
    const body: UpdateSettingsRequest = {
      home: form.home.trim(),
      retentionDays: Number(form.retentionDays),
      minSeverity: form.minSeverity as (typeof SEVERITIES)[number],
      language: form.language === 'fr' ? 'fr' : 'en',
    };
    try {
      await put('/api/settings', body);
      setSaved(true);
      settings.reload();
    } catch (err) {
      setError(err instanceof ApiError ? (err.field ? `${err.message} (${err.field})` : err.message) : String(err));
    }
  };

  return (
    <>
      <PageHeading>{t('nav.settings')}</PageHeading>
      <ErrorNote message={settings.error} />
      {!form && !settings.error && <Loading />}
      {form && settings.data && (
        <section aria-labelledby="general-h" className="panel">
          <h2 id="general-h">{t('settings.general')}</h2>
          <form className="stack" onSubmit={(e) => void save(e)}>
            <fieldset disabled={!admin}>
              <legend className="visually-hidden">{t('settings.general')}</legend>
              <label>
                {t('settings.home')}
                <input value={form.home} maxLength={2} size={3} required aria-describedby="home-hint" onChange={(e) => setForm({ ...form, home: e.target.value.toUpperCase() })} />
              </label>
              <p id="home-hint" className="muted">{t('settings.homeHint', { name: countryName(form.home) })}</p>
              <label>
                {t('settings.retention')}
                <input type="number" min={1} max={3650} value={form.retentionDays} required onChange={(e) => setForm({ ...form, retentionDays: e.target.value })} />
              </label>
              <label>
                {t('settings.minSeverity')}
                <select value={form.minSeverity} onChange={(e) => setForm({ ...form, minSeverity: e.target.value })}>
                  {SEVERITIES.map((s) => (
                    <option key={s} value={s}>{t(`severity.${s}`)}</option>
                  ))}
                </select>
              </label>
              <label>
                {t('settings.language')}
                <select value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
                  <option value="en" lang="en">English</option>
                  <option value="fr" lang="fr">Français</option>
                </select>
              </label>
              {admin && <button type="submit" className="primary">{t('settings.save')}</button>}
            </fieldset>
            {!admin && <p className="muted">{t('settings.adminOnly')}</p>}
            <ErrorNote message={error} />
            {saved && <Notice>{t('settings.saved')}</Notice>}
          </form>
          <h3>{t('settings.channels')}</h3>
          <DataTable
            caption={t('settings.channels')}
            captionHidden
            rows={settings.data.alerts.channels}
            rowKey={(c) => c.name}
            empty={t('settings.noChannels')}
            columns={[
              { header: t('col.name'), value: (c) => c.name },
              { header: t('col.kind'), value: (c) => c.kind },
            ]}
          />
          <h3>{t('settings.rulesDirs')}</h3>
          {settings.data.rulesDirs.length ? (
            <ul>
              {settings.data.rulesDirs.map((d) => (
                <li key={d}><code>{d}</code></li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('settings.builtinOnly')}</p>
          )}
        </section>
      )}
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">{t('settings.rules')}</h2>
        <ErrorNote message={rules.error} />
        {rules.data && (
          <DataTable
            caption={t('settings.rules')}
            captionHidden
            rows={rules.data}
            rowKey={(r) => r.id}
            columns={[
              { header: t('col.rule'), value: (r) => r.id, render: (r) => <code>{r.id}</code> },
              { header: t('col.category'), value: (r) => t(`category.${r.category}`, { defaultValue: r.category }) },
              { header: t('col.severity'), value: (r) => r.severity, render: (r) => <Severity value={r.severity} /> },
              { header: t('col.origin'), value: (r) => t(`ruleSource.${r.source}`) },
              { header: t('col.description'), value: (r) => r.description },
            ]}
          />
        )}
      </section>
      {admin && <Users />}
      {admin && <Tokens />}
    </>
  );
}
