/** The posts explorer: stored posts, newest first, filtered by text, account, language, platform and source. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../lib/use-api';
import { query } from '../lib/api';
import { hrefWith, navigate } from '../lib/router';
import type { InfoPost } from '../../../src/server/contract';
import DataTable from '../components/DataTable';
import { ErrorNote, Loading, When } from '../components/bits';

const PLATFORMS = ['rss', 'atom', 'mastodon', 'bluesky', 'telegram', 'import'];
const LANGS = ['en', 'fr', 'zh', 'und'];
const FIELDS = ['text', 'account', 'lang', 'platform', 'source'] as const;
const LIMIT = 200;

export default function InfospacePosts({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const filters = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FIELDS)[number], string>;
  const [draft, setDraft] = useState(filters);
  const posts = useApi<InfoPost[]>(`/api/infospace/posts${query({ ...filters, limit: LIMIT })}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(hrefWith('#/infospace/posts', draft));
  };
  return (
    <>
      <form className="filters" onSubmit={submit} aria-label={t('infospace.posts.filters')}>
        <label>
          {t('infospace.col.text')}
          <input value={draft.text} maxLength={200} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />
        </label>
        <label>
          {t('infospace.col.account')}
          <input value={draft.account} maxLength={300} onChange={(e) => setDraft({ ...draft, account: e.target.value })} size={16} />
        </label>
        <label>
          {t('infospace.col.lang')}
          <select value={draft.lang} onChange={(e) => setDraft({ ...draft, lang: e.target.value })}>
            <option value="">{t('infospace.posts.any')}</option>
            {LANGS.map((l) => <option key={l} value={l}>{t(`infospace.lang.${l}`)}</option>)}
          </select>
        </label>
        <label>
          {t('infospace.col.platform')}
          <select value={draft.platform} onChange={(e) => setDraft({ ...draft, platform: e.target.value })}>
            <option value="">{t('infospace.posts.any')}</option>
            {PLATFORMS.map((p) => <option key={p} value={p}>{t(`infospace.platform.${p}`)}</option>)}
          </select>
        </label>
        <label>
          {t('infospace.col.source')}
          <input value={draft.source} maxLength={300} onChange={(e) => setDraft({ ...draft, source: e.target.value })} size={16} />
        </label>
        <button type="submit" className="primary">{t('infospace.posts.apply')}</button>
        <a href="#/infospace/posts">{t('infospace.posts.clear')}</a>
      </form>
      <ErrorNote message={posts.error} />
      {posts.data ? (
        <DataTable
          caption={t('infospace.posts.caption')}
          rows={posts.data}
          rowKey={(p) => `${p.platform}\n${p.id}`}
          note={t('infospace.posts.limitNote', { n: LIMIT })}
          empty={t('infospace.posts.none')}
          columns={[
            { header: t('infospace.col.time'), value: (p) => new Date(p.time).toISOString(), render: (p) => <When at={p.time} /> },
            { header: t('infospace.col.account'), value: (p) => p.account, render: (p) => <a href={hrefWith('#/infospace/posts', { account: p.account })}>{p.account}</a> },
            { header: t('infospace.col.platform'), value: (p) => t(`infospace.platform.${p.platform}`) },
            { header: t('infospace.col.lang'), value: (p) => p.lang ?? '' },
            { header: t('infospace.col.text'), value: (p) => p.text, render: (p) => <span className="post-text">{p.text}</span> },
            { header: t('infospace.col.hashtags'), value: (p) => p.hashtags.map((h) => `#${h}`).join(' ') },
            { header: t('infospace.col.links'), value: (p) => p.links.join(' '), render: (p) => <span className="path">{p.links.join(' ')}</span> },
            { header: t('infospace.col.source'), value: (p) => p.source },
          ]}
        />
      ) : (
        !posts.error && <Loading />
      )}
    </>
  );
}
