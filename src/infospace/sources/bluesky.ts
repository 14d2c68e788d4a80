import type { Post } from '../../model/index.js';
import { languageOf, makePost, parseTime, str } from './common.js';
import { expectOk, parseJson, type ItemError, type PollResult, type SourceAdapter, type SourceConfig } from './source.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function xrpcUrl(config: SourceConfig, cursor: string | null): URL {
  const base = config.url.replace(/\/+$/, '');
  const endpoint = config.endpoint ?? 'search';
  const method = endpoint === 'search' ? 'app.bsky.feed.searchPosts' : endpoint === 'author' ? 'app.bsky.feed.getAuthorFeed' : 'app.bsky.feed.getFeed';
  const url = new URL(`${base}/xrpc/${method}`);
  if (endpoint === 'search') {
    url.searchParams.set('q', config.query ?? '');
    url.searchParams.set('sort', 'latest');
  } else if (endpoint === 'author') url.searchParams.set('actor', config.actor ?? '');
  else url.searchParams.set('feed', config.feed ?? '');
  url.searchParams.set('limit', '100');
  if (cursor) url.searchParams.set('cursor', cursor);
  return url;
}

/** A PostView; `by` is the reposting account when the feed item is a repost. */
export function postViewToPost(view: unknown, config: SourceConfig, by: Json | null = null, repostedAt: unknown = null): Post | string {
  const v = obj(view);
  const uri = str(v?.uri);
  if (!v || !uri) return 'no uri';
  const author = str(obj(v.author)?.handle);
  const record = obj(v.record);
  if (!author || !record) return 'no author or record';
  const text = str(record.text) ?? '';
  const links: string[] = [];
  const hashtags: string[] = [];
  const mentions: string[] = [];
  for (const facet of arr(record.facets)) {
    for (const feature of arr(obj(facet)?.features)) {
      const f = obj(feature);
      const type = str(f?.$type);
      if (type === 'app.bsky.richtext.facet#link' && str(f?.uri)) links.push(str(f?.uri)!);
      if (type === 'app.bsky.richtext.facet#tag' && str(f?.tag)) hashtags.push(str(f?.tag)!);
      if (type === 'app.bsky.richtext.facet#mention' && str(f?.did)) mentions.push(str(f?.did)!);
    }
  }
  const embed = obj(record.embed);
  const external = str(obj(embed?.external)?.uri);
  if (external) links.push(external);
  const quoted = str(obj(embed?.record)?.uri) ?? str(obj(obj(embed?.record)?.record)?.uri);
  const reposter = str(by?.handle);
  const time = parseTime(reposter ? repostedAt : record.createdAt) ?? parseTime(v.indexedAt);
  if (time === null) return `unreadable createdAt "${String(record.createdAt).slice(0, 40)}"`;
  const rkey = uri.split('/').pop() ?? uri;
  return makePost({
    id: reposter ? `${uri}#repost-by-${reposter}` : uri, platform: 'bluesky', account: reposter ?? author, time, text, links, hashtags, mentions,
    replyTo: str(obj(obj(record.reply)?.parent)?.uri), repostOf: reposter ? uri : null, quoteOf: quoted,
    lang: languageOf(arr(record.langs)[0], text), url: `https://bsky.app/profile/${author}/post/${rkey}`, source: config.name,
  });
}

/** Public search, an author's feed or a custom feed through XRPC, following `cursor` for a few pages. */
export const bluesky: SourceAdapter = {
  async poll(config, state, fetch): Promise<PollResult> {
    const posts: Post[] = [];
    const errors: ItemError[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let page = 0; page < config.maxPages; page++) {
      const response = await fetch(xrpcUrl(config, cursor).href, { accept: 'application/json' });
      expectOk(response);
      const body = obj(parseJson(response));
      if (!body) throw new Error(`${response.url}: expected an object`);
      const entries = config.endpoint === 'author' || config.endpoint === 'feed' ? arr(body.feed).map((f) => ({ view: obj(f)?.post, reason: obj(obj(f)?.reason) })) : arr(body.posts).map((view) => ({ view, reason: null }));
      let known = 0;
      entries.forEach(({ view, reason }, index) => {
        const isRepost = str(reason?.$type) === 'app.bsky.feed.defs#reasonRepost';
        const post = postViewToPost(view, config, isRepost ? obj(reason?.by) : null, reason?.indexedAt);
        if (typeof post === 'string') return void errors.push({ source: config.name, item: str(obj(view)?.uri) ?? `page ${page + 1} item ${index + 1}`, message: post });
        if (seen.has(post.id)) return;
        seen.add(post.id);
        if (state.cursor && post.time <= Number(state.cursor)) known++;
        posts.push(post);
      });
      cursor = str(body.cursor);
      // stop once a page holds only what an earlier poll already saw
      if (!cursor || entries.length === 0 || known === entries.length) break;
    }
    const newest = posts.reduce((max, p) => Math.max(max, p.time), Number(state.cursor ?? 0));
    return { posts, errors, notModified: false, cursor: newest ? String(newest) : state.cursor };
  },
};
