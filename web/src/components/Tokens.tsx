/** API tokens for automation: the secret is shown once, at creation (administrators). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { del, post, ApiError } from '../lib/api';
import { iso } from '../lib/format';
import type { CreatedToken, Role, TokenRecord } from '../lib/types';
import DataTable from './DataTable';
import { ErrorNote, When } from './bits';

const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

export default function Tokens() {
  const { t } = useTranslation();
  const tokens = useApi<TokenRecord[]>('/api/tokens');
  const [draft, setDraft] = useState({ name: '', role: 'viewer' as Role });
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  const fail = (err: unknown) => setError(err instanceof ApiError ? (err.field ? `${err.message} (${err.field})` : err.message) : String(err));

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await post<CreatedToken>('/api/tokens', draft));
      setDraft({ name: '', role: 'viewer' });
      tokens.reload();
    } catch (err) {
      fail(err);
    }
  };

  const revoke = async (token: TokenRecord) => {
    setError(null);
    try {
      await del(`/api/tokens/${encodeURIComponent(token.id)}`);
      tokens.reload();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">{t('tokens.title')}</h2>
      <p>{t('tokens.intro')}</p>
      <ErrorNote message={tokens.error ?? error} />
      {created && (
        <div className="suggestion" role="status">
          <p>{t('tokens.once', { name: created.name })}</p>
          <pre tabIndex={0} aria-label={t('tokens.secret')}>{created.token}</pre>
        </div>
      )}
      <DataTable
        caption={t('tokens.title')}
        captionHidden
        rows={tokens.data ?? []}
        rowKey={(k) => k.id}
        empty={t('tokens.none')}
        columns={[
          { header: t('col.name'), value: (k) => k.name },
          { header: t('col.role'), value: (k) => t(`roles.${k.role}`) },
          { header: t('col.createdBy'), value: (k) => k.createdBy },
          { header: t('col.created'), value: (k) => iso(k.createdAt), render: (k) => <When at={k.createdAt} /> },
          { header: t('col.lastUsed'), value: (k) => iso(k.lastUsedAt), render: (k) => <When at={k.lastUsedAt} /> },
          {
            header: t('col.actions'),
            value: () => '',
            noCsv: true,
            render: (k) => (
              <button type="button" className="danger" aria-label={`${t('tokens.revoke')} ${k.name}`} onClick={() => void revoke(k)}>
                {t('tokens.revoke')}
              </button>
            ),
          },
        ]}
      />
      <form className="inline-form" onSubmit={(e) => void create(e)} aria-labelledby="new-token-h">
        <h3 id="new-token-h">{t('tokens.add')}</h3>
        <label>
          {t('col.name')}
          <input required maxLength={64} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          {t('col.role')}
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{t(`roles.${r}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">{t('tokens.create')}</button>
      </form>
    </section>
  );
}
