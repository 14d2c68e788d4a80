import type { Post } from '../../model/index.js';
import { detectLanguage } from '../text/lang.js';
import { extractHashtags, extractMentions } from '../text/tags.js';

/** Longest text kept per post: enough for any post, bounded for a hostile feed. */
export const MAX_TEXT = 10_000;
export const MAX_LINKS = 50;

export function parseTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return parseTime(Number(text));
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** 'fr-CA' -> 'fr'; the detector's answer when the platform gives none. */
export function languageOf(declared: unknown, text: string): string {
  if (typeof declared === 'string' && /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i.test(declared)) return declared.slice(0, declared.search(/[-_]|$/)).toLowerCase();
  return detectLanguage(text);
}

export function str(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** A post with its text bounded and its hashtags and mentions found in the text when the platform lists none. */
export function makePost(fields: Omit<Post, 'hashtags' | 'mentions' | 'links'> & Partial<Pick<Post, 'hashtags' | 'mentions' | 'links'>>): Post {
  const text = fields.text.slice(0, MAX_TEXT);
  return {
    ...fields,
    text,
    links: [...new Set(fields.links ?? [])].slice(0, MAX_LINKS),
    hashtags: fields.hashtags?.length ? fields.hashtags : extractHashtags(text),
    mentions: fields.mentions?.length ? fields.mentions : extractMentions(text),
  };
}
