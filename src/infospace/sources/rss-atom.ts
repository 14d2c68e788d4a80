import { XMLParser } from 'fast-xml-parser';
import type { Post } from '../../model/index.js';
import { extractLinks } from '../text/links.js';
import { languageOf, makePost, parseTime, str } from './common.js';
import { htmlLinks, htmlToText } from './html.js';
import { expectOk, type ItemError, type PollResult, type SourceAdapter, type SourceConfig } from './source.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', textNodeName: '#text', processEntities: true, htmlEntities: true, isArray: (name) => ['item', 'entry', 'link', 'category'].includes(name) });

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is Node => typeof v === 'object' && v !== null);
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const text = (value: unknown): string | null => str(value) ?? (typeof value === 'object' && value !== null ? str((value as Node)['#text']) : null);

function hostOf(url: string | null, fallback: string): string {
  try {
    return new URL(url ?? fallback).hostname.replace(/^www\./, '');
  } catch {
    return fallback;
  }
}

/** Items of an RSS 2.0 or Atom document; each bad item is an error naming it, the others are kept. */
export function parseFeed(xml: string, config: Pick<SourceConfig, 'name' | 'url'>): { posts: Post[]; errors: ItemError[] } {
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (error) {
    return { posts: [], errors: [{ source: config.name, item: 'document', message: `not XML: ${(error as Error).message}` }] };
  }
  const rss = (doc.rss as Node | undefined)?.channel as Node | undefined;
  const atom = doc.feed as Node | undefined;
  if (!rss && !atom) return { posts: [], errors: [{ source: config.name, item: 'document', message: 'neither an RSS 2.0 <rss><channel> nor an Atom <feed>' }] };
  const posts: Post[] = [];
  const errors: ItemError[] = [];
  const isAtom = !rss;
  const channel = (rss ?? atom) as Node;
  const siteLink = isAtom ? (list(channel.link).find((l) => (l['@_rel'] ?? 'alternate') === 'alternate')?.['@_href'] as string | undefined) ?? null : text(first(channel.link));
  const account = hostOf(siteLink, config.url);
  const feedLang = text(channel.language) ?? (str(channel['@_xml:lang']) || null);
  const items = list(isAtom ? channel.entry : channel.item);
  items.forEach((item, index) => {
    const link = isAtom
      ? ((list(item.link).find((l) => (l['@_rel'] ?? 'alternate') === 'alternate')?.['@_href'] as string | undefined) ?? null)
      : text(first(item.link));
    const id = text(isAtom ? item.id : item.guid) ?? link;
    const name = id ?? `item ${index + 1}`;
    const rawTime = isAtom ? (text(item.published) ?? text(item.updated)) : (text(item.pubDate) ?? text(item['dc:date']));
    const time = parseTime(rawTime);
    if (!id) return void errors.push({ source: config.name, item: name, message: 'no guid, id or link to identify it' });
    if (time === null) return void errors.push({ source: config.name, item: name, message: rawTime ? `unreadable date "${rawTime.slice(0, 60)}"` : 'no date' });
    const title = htmlToText(text(item.title) ?? '');
    const bodyHtml = text(isAtom ? (item.content ?? item.summary) : (item['content:encoded'] ?? item.description)) ?? '';
    const body = htmlToText(bodyHtml);
    const full = [title, body].filter(Boolean).join('\n');
    if (!full) return void errors.push({ source: config.name, item: name, message: 'no title and no text' });
    const author = text(isAtom ? (item.author as Node | undefined)?.name : (item['dc:creator'] ?? item.author));
    posts.push(
      makePost({
        id, platform: isAtom ? 'atom' : 'rss', account: author ? `${author.slice(0, 100)}@${account}` : account, time, text: full,
        links: [...(link ? [link] : []), ...htmlLinks(bodyHtml), ...extractLinks(body)], replyTo: null, repostOf: null, quoteOf: null,
        lang: languageOf(feedLang, full), url: link, source: config.name,
      }),
    );
  });
  return { posts, errors };
}

/** Polite polling: the validators of the last answer go back, and 304 costs no parsing. */
export const rssAtom: SourceAdapter = {
  async poll(config, state, fetch): Promise<PollResult> {
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    const response = await fetch(config.url, headers);
    expectOk(response);
    if (response.status === 304) return { posts: [], errors: [], notModified: true };
    const { posts, errors } = parseFeed(response.body.toString('utf8'), config);
    return { posts, errors, notModified: false, etag: str(response.headers.etag) ?? null, lastModified: str(response.headers['last-modified']) ?? null };
  },
};
