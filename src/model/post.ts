/** A post from the public information space, whatever platform it came from. */
export const PLATFORMS = ['rss', 'atom', 'mastodon', 'bluesky', 'telegram', 'import'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Languages the text analysis knows; `und` when it cannot tell. */
export type PostLang = 'en' | 'fr' | 'zh' | 'und' | (string & {});

export interface Post {
  /** Unique within its platform (feed item guid, status id, at:// uri, message id...). */
  id: string;
  platform: Platform;
  /** The author's handle as the platform spells it (feed url for a feed, channel for Telegram). */
  account: string;
  /** Epoch milliseconds. */
  time: number;
  text: string;
  /** Links as written in the post; canonical forms are computed by the text stage. */
  links: string[];
  /** Without the leading '#'. */
  hashtags: string[];
  /** Without the leading '@'. */
  mentions: string[];
  replyTo: string | null;
  repostOf: string | null;
  quoteOf: string | null;
  lang: PostLang | null;
  /** Where a person can see the post, when the platform gives one. */
  url: string | null;
  /** The configured source that brought it (its name), or the imported file. */
  source: string;
}
