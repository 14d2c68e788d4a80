import type { Post } from '../../model/index.js';
import { languageOf, makePost, parseTime, str } from './common.js';
import { htmlLinks, htmlToText } from './html.js';
import { expectOk, parseJson, type ItemError, type PollResult, type SourceAdapter, type SourceConfig } from './source.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

/** The REST path of the configured timeline. */
export function timelineUrl(config: SourceConfig): URL {
  const base = config.url.replace(/\/+$/, '');
  const timeline = config.timeline ?? 'public';
  const path =
    timeline === 'hashtag' ? `/api/v1/timelines/tag/${encodeURIComponent(config.tag ?? '')}` : timeline === 'account' ? `/api/v1/accounts/${encodeURIComponent(config.accountId ?? '')}/statuses` : '/api/v1/timelines/public';
  const url = new URL(`${base}${path}`);
  url.searchParams.set('limit', '40');
  if (timeline === 'public' && config.local) url.searchParams.set('local', 'true');
  return url;
}

/** `<https://...?max_id=1>; rel="next"` -> the next page's URL. */
export function nextLink(header: unknown): string | null {
  const value = Array.isArray(header) ? header.join(',') : str(header);
  if (!value) return null;
  for (const part of value.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return match[1]!;
  }
  return null;
}

/** A full handle: local accounts get the instance's host, so that handles compare across instances. */
function handle(account: Json | null, instance: string): string | null {
  const acct = str(account?.acct);
  if (!acct) return null;
  return acct.includes('@') ? acct : `${acct}@${new URL(instance).hostname}`;
}

export function statusToPost(status: unknown, config: SourceConfig): Post | string {
  const s = obj(status);
  if (!s) return 'not an object';
  const id = str(s.id);
  if (!id) return 'no id';
  const reblog = obj(s.reblog);
  const shown = reblog ?? s;
  const account = handle(obj(s.account), config.url);
  if (!account) return 'no account.acct';
  const time = parseTime(s.created_at);
  if (time === null) return `unreadable created_at "${String(s.created_at).slice(0, 40)}"`;
  const html = str(shown.content) ?? '';
  const text = htmlToText(html);
  const card = obj(shown.card);
  const tags = Array.isArray(shown.tags) ? shown.tags.map((t) => str(obj(t)?.name)).filter((t): t is string => !!t) : [];
  const mentions = Array.isArray(shown.mentions) ? shown.mentions.map((m) => str(obj(m)?.acct)).filter((m): m is string => !!m) : [];
  const quote = obj(obj(shown.quote)?.quoted_status) ?? obj(shown.quote);
  return makePost({
    id, platform: 'mastodon', account, time, text,
    links: [...htmlLinks(html), ...(str(card?.url) ? [str(card?.url)!] : [])],
    hashtags: tags, mentions,
    replyTo: str(s.in_reply_to_id), repostOf: reblog ? str(reblog.uri) ?? str(reblog.id) : null, quoteOf: quote ? str(quote.uri) ?? str(quote.id) : null,
    lang: languageOf(shown.language, text), url: str(s.url) ?? str(s.uri), source: config.name,
  });
}

/**
 * Public, hashtag or account timeline, newest first. A first poll reads up to maxPages pages back
 * through the Link header (max_id); later polls ask only for what is newer than the last seen id.
 */
export const mastodon: SourceAdapter = {
  async poll(config, state, fetch): Promise<PollResult> {
    const first = timelineUrl(config);
    if (state.cursor) first.searchParams.set('since_id', state.cursor);
    const posts: Post[] = [];
    const errors: ItemError[] = [];
    let newest = state.cursor;
    let url: string | null = first.href;
    for (let page = 0; url && page < config.maxPages; page++) {
      const response = await fetch(url, { accept: 'application/json' });
      expectOk(response);
      const body = parseJson(response);
      if (!Array.isArray(body)) throw new Error(`${response.url}: expected a list of statuses`);
      body.forEach((status, index) => {
        const post = statusToPost(status, config);
        if (typeof post === 'string') errors.push({ source: config.name, item: `${str(obj(status)?.id) ?? `page ${page + 1} item ${index + 1}`}`, message: post });
        else {
          posts.push(post);
          if (!newest || BigInt(post.id.replace(/\D/g, '') || '0') > BigInt(newest.replace(/\D/g, '') || '0')) newest = post.id;
        }
      });
      if (body.length === 0) break;
      url = nextLink(response.headers.link);
    }
    return { posts, errors, notModified: false, cursor: newest };
  },
};
