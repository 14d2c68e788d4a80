import { describe, expect, it } from 'vitest';
import { foldChinese, segmentWords } from './chinese.js';
import { detectLanguage } from './lang.js';
import { canonicalLink, extractLinks } from './links.js';
import { jaccard, minhash, shingleHashes, shingles, signatureSimilarity, textHash } from './minhash.js';
import { normalizeForMatch } from './normalize.js';
import { extractHashtags, extractMentions, foldHashtag, foldMention } from './tags.js';

describe('language', () => {
  it.each([
    ['The NDP leader just announced a plan for the housing crisis', 'en'],
    ["Le chef du Bloc a enfin expliqué sa position sur l'immigration", 'fr'],
    ['Franchement, les aînés méritent mieux que ça', 'fr'],
    ['自由党候选人承诺房租管制，大家怎么看？', 'zh'],
    ['自由黨候選人承諾房租管制', 'zh'],
    ['Vote! 投票站九点半关门 #elxn45', 'zh'],
    ['12345 !!!', 'und'],
  ])('%s -> %s', (text, lang) => expect(detectLanguage(text)).toBe(lang));
});

describe('normalisation', () => {
  it('applies NFKC, case, Chinese folding and drops links, mentions and punctuation', () => {
    expect(normalizeForMatch('ＶＯＴＥ  Now!! https://x.example/a?utm_source=t @someone 選舉，候選人。')).toBe('vote now 选举 候选人');
    expect(normalizeForMatch('VOTE Now!! HTTPS://X.example/A @Someone ok')).toBe('vote now ok');
  });
  it('makes Traditional and Simplified copies identical', () => {
    expect(foldChinese('華人社區的選舉')).toBe('华人社区的选举');
    expect(textHash('華人社區的選舉很重要')).toBe(textHash('华人社区的选举很重要。'));
  });
  it('segments Chinese words with Intl.Segmenter', () => {
    expect(segmentWords('加拿大联邦选举')).toContain('加拿大');
  });
});

describe('links, hashtags, mentions', () => {
  it('drops tracking parameters, www, fragments and sorts what is left', () => {
    const a = canonicalLink('https://www.CBC.ca/news/politics/story-1/?utm_source=x&b=2&a=1&fbclid=zz#top');
    expect(a).toEqual({ url: 'cbc.ca/news/politics/story-1?a=1&b=2', domain: 'cbc.ca', shortened: false });
    expect(canonicalLink('http://bit.ly/abc')?.shortened).toBe(true);
    expect(canonicalLink('https://news.bbc.co.uk/x')?.domain).toBe('bbc.co.uk');
    expect(canonicalLink('javascript:alert(1)')).toBeNull();
    expect(canonicalLink('not a url')).toBeNull();
  });
  it('finds links, hashtags and mentions in text and folds them', () => {
    expect(extractLinks('see https://a.example/x. and http://b.example/y，ok')).toEqual(['https://a.example/x', 'http://b.example/y']);
    expect(extractHashtags('#ÉLXN45 vote #選舉 and a&#39;s #cdnpoli')).toEqual(['ÉLXN45', '選舉', 'cdnpoli']);
    expect(foldHashtag('#ÉLXN45')).toBe('élxn45');
    expect(foldHashtag('＃選舉')).toBe('选举');
    expect(extractMentions('hi @Alice and @bob@mastodon.social.')).toEqual(['Alice', 'bob@mastodon.social']);
    expect(foldMention('@Bob@Mastodon.Social')).toBe('bob@mastodon.social');
  });
});

describe('MinHash', () => {
  const base = 'The Liberal candidate quietly dropped rent control this week; we deserve better. Make sure you are registered.';
  it('estimates Jaccard similarity of small edits and keeps unrelated texts apart', () => {
    const edited = `🔥 ${base.replace('this week', 'again this week')} !!`;
    const other = 'Le chef du NPD a un plan pour les places en garderie, vous en pensez quoi?';
    const sig = (t: string) => minhash(shingleHashes(t), 64);
    const all = new Uint32Array([...sig(base), ...sig(edited), ...sig(other)]);
    const exact = jaccard(shingles(normalizeForMatch(base)), shingles(normalizeForMatch(edited)));
    expect(exact).toBeGreaterThan(0.7);
    expect(Math.abs(signatureSimilarity(all, 0, 64, 64) - exact)).toBeLessThan(0.2);
    expect(signatureSimilarity(all, 0, 128, 64)).toBeLessThan(0.2);
  });
  it('matches Traditional and Simplified versions of the same Chinese message', () => {
    const s = minhash(shingleHashes('自由党候选人悄悄放弃了房租管制，我们值得更好的。记得登记。'), 32);
    const t = minhash(shingleHashes('自由黨候選人悄悄放棄了房租管制,我們值得更好的.記得登記.'), 32);
    expect(signatureSimilarity(new Uint32Array([...s, ...t]), 0, 32, 32)).toBe(1);
  });
});

describe('Chinese folding', () => {
  it('is idempotent: Simplified text never changes', () => {
    const simplified = '新民主党党魁刚刚宣布了全民药保计划，如果属实就大了，大家怎么看？干部着急';
    expect(foldChinese(simplified)).toBe(simplified);
    expect(foldChinese('新民主黨黨魁剛剛宣布了全民藥保計劃，如果屬實就大了，大家怎麼看？')).toBe(simplified.slice(0, 32));
  });
});
