/** Local accounts: create, change role, reset password, delete (administrators). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { del, patch, post, ApiError } from '../lib/api';
import { useSession } from '../lib/session';
import { iso } from '../lib/format';
import type { Role, UserRecord } from '../lib/types';
import DataTable from './DataTable';
import { ErrorNote, Notice, When } from './bits';

const ROLES: Role[] = ['viewer', 'analyst', 'admin'];

export default function Users() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const users = useApi<UserRecord[]>('/api/users');
  const [draft, setDraft] = useState({ username: '', password: '', role: 'analyst' as Role });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(message);
      users.reload();
      return true;
    } catch (err) {
      setError(err instanceof ApiError ? (err.field ? `${err.message} (${err.field})` : err.message) : String(err));
      return false;
    }
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => post('/api/users', draft), t('users.created', { name: draft.username }))) setDraft({ username: '', password: '', role: 'analyst' });
  };

  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t('users.title')}</h2>
      <ErrorNote message={users.error ?? error} />
      {done && <Notice>{done}</Notice>}
      <DataTable
        caption={t('users.title')}
        captionHidden
        rows={users.data ?? []}
        rowKey={(u) => u.username}
        columns={[
          { header: t('fields.username'), value: (u) => u.username },
          {
            header: t('col.role'),
            value: (u) => u.role,
            render: (u) =>
              u.username === me.username ? (
                t(`roles.${u.role}`)
              ) : (
                <select
                  aria-label={t('users.roleOf', { name: u.username })}
                  value={u.role}
                  onChange={(e) => void run(() => patch(`/api/users/${encodeURIComponent(u.username)}`, { role: e.target.value }), t('users.updated', { name: u.username }))}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>{t(`roles.${r}`)}</option>
                  ))}
                </select>
              ),
          },
          { header: t('col.created'), value: (u) => iso(u.createdAt), render: (u) => <When at={u.createdAt} /> },
          { header: t('col.lastLogin'), value: (u) => iso(u.lastLoginAt), render: (u) => <When at={u.lastLoginAt} /> },
          {
            header: t('col.actions'),
            value: () => '',
            noCsv: true,
            render: (u) =>
              u.username === me.username ? null : (
                <button type="button" className="danger" aria-label={`${t('common.delete')} ${u.username}`} onClick={() => void run(() => del(`/api/users/${encodeURIComponent(u.username)}`), t('users.deleted', { name: u.username }))}>
                  {t('common.delete')}
                </button>
              ),
          },
        ]}
      />
      <form className="inline-form" onSubmit={(e) => void create(e)} aria-labelledby="new-user-h">
        <h3 id="new-user-h">{t('users.add')}</h3>
        <label>
          {t('fields.username')}
          <input required maxLength={64} autoComplete="off" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
        </label>
        <label>
          {t('fields.newPassword')}
          <input type="password" required minLength={12} autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        </label>
        <label>
          {t('col.role')}
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{t(`roles.${r}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">{t('users.create')}</button>
      </form>
    </section>
  );
}
