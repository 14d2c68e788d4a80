import type { Post } from '../../model/index.js';
import { languageOf, makePost, parseTime, str } from './common.js';
import { expectOk, type ItemError, type PollResult, type SourceAdapter } from './source.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null);

/** Telegram Desktop writes text as a string, or as a list of strings and entities ({type, text, href}). */
function flatten(text: unknown): { text: string; links: string[]; hashtags: string[]; mentions: string[] } {
  const out = { text: '', links: [] as string[], hashtags: [] as string[], mentions: [] as string[] };
  const parts = Array.isArray(text) ? text : [text];
  for (const part of parts) {
    if (typeof part === 'string') {
      out.text += part;
      continue;
    }
    const entity = obj(part);
    const value = str(entity?.text) ?? '';
    out.text += value;
    const type = str(entity?.type);
    if (type === 'link') out.links.push(value);
    if (type === 'text_link' && str(entity?.href)) out.links.push(str(entity?.href)!);
    if (type === 'hashtag') out.hashtags.push(value.replace(/^#/, ''));
    if (type === 'mention') out.mentions.push(value.replace(/^@/, ''));
  }
  return out;
}

/** Messages of a public channel's result.json; service messages are skipped, bad ones named. */
export function parseTelegramExport(json: string, source: string): { posts: Post[]; errors: ItemError[]; channel: string | null } {
  let doc: Json | null;
  try {
    doc = obj(JSON.parse(json));
  } catch (error) {
    return { posts: [], errors: [{ source, item: 'document', message: `not JSON: ${(error as Error).message}` }], channel: null };
  }
  if (!doc || !Array.isArray(doc.messages)) return { posts: [], errors: [{ source, item: 'document', message: 'no "messages" list: not a Telegram Desktop export (result.json)' }], channel: null };
  const channel = str(doc.name) ?? str(doc.id) ?? 'telegram';
  const channelId = str(doc.id) ?? channel;
  const posts: Post[] = [];
  const errors: ItemError[] = [];
  doc.messages.forEach((raw, index) => {
    const m = obj(raw);
    const id = str(m?.id);
    const name = id ? `message ${id}` : `message #${index + 1}`;
    if (!m || !id) return void errors.push({ source, item: name, message: 'no id' });
    if (m.type !== 'message') return;
    const time = parseTime(m.date_unixtime) ?? parseTime(typeof m.date === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(m.date) ? `${m.date}Z` : m.date);
    if (time === null) return void errors.push({ source, item: name, message: `unreadable date "${String(m.date).slice(0, 40)}"` });
    const body = flatten(m.text);
    if (!body.text.trim() && !m.photo && !m.file) return void errors.push({ source, item: name, message: 'no text' });
    const forwarded = str(m.forwarded_from);
    posts.push(
      makePost({
        id: `${channelId}/${id}`, platform: 'telegram', account: str(m.from) ?? channel, time, text: body.text, links: body.links, hashtags: body.hashtags, mentions: body.mentions,
        replyTo: str(m.reply_to_message_id) ? `${channelId}/${str(m.reply_to_message_id)}` : null, repostOf: forwarded ? `forwarded:${forwarded}` : null, quoteOf: null,
        lang: languageOf(null, body.text), url: null, source,
      }),
    );
  });
  return { posts, errors, channel };
}

/** A channel export published at a URL (re-read whole; the validators spare unchanged ones). */
export const telegramExport: SourceAdapter = {
  async poll(config, state, fetch): Promise<PollResult> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;
    const response = await fetch(config.url, headers);
    expectOk(response);
    if (response.status === 304) return { posts: [], errors: [], notModified: true };
    const { posts, errors } = parseTelegramExport(response.body.toString('utf8'), config.name);
    return { posts, errors, notModified: false, etag: str(response.headers.etag), lastModified: str(response.headers['last-modified']) };
  },
};
