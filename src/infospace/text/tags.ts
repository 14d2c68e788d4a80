import { foldChinese } from './chinese.js';

/** Hashtags compare without '#', case, width or script variants: #ÉLXN45 = #élxn45, #選舉 = #选举. */
export function foldHashtag(tag: string): string {
  return foldChinese(tag.normalize('NFKC').replace(/^[#＃]+/, '').toLowerCase());
}

/** Mentions compare without '@' and case; a fediverse handle keeps its server (user@server). */
export function foldMention(mention: string): string {
  return mention.normalize('NFKC').replace(/^@+/, '').toLowerCase();
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])[#＃]([\p{L}\p{N}_]{1,100})/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_.]{1,64}(?:@[a-z0-9.-]{1,253})?)/giu;

export function extractHashtags(text: string): string[] {
  return [...text.matchAll(HASHTAG)].map((m) => m[1] as string);
}

export function extractMentions(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => (m[1] as string).replace(/\.$/, ''));
}
