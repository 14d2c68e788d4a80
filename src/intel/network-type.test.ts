import { describe, expect, it } from 'vitest';
import { NETWORK_TYPES } from '../model/index.js';
import { parseIp, type ParsedIp } from './ip.js';
import { BUNDLED_CRAWLERS, classifyNetwork, confirmsCrawler, matchCrawler, parseCrawlers, parseHostingAsns, type NetworkFacts } from './network-type.js';

const none: NetworkFacts = { isPrivate: false, onTorList: false, onVpnList: false, confirmedCrawler: false, asn: null, isHostingAsn: false };

describe('classifyNetwork', () => {
  it('follows private > tor > vpn > crawler > hosting > isp > unknown', () => {
    const order: Array<[Partial<NetworkFacts>, (typeof NETWORK_TYPES)[number]]> = [
      [{ isPrivate: true }, 'private'],
      [{ onTorList: true }, 'tor'],
      [{ onVpnList: true }, 'vpn'],
      [{ confirmedCrawler: true }, 'crawler'],
      [{ isHostingAsn: true }, 'hosting'],
      [{ asn: 64500 }, 'isp'],
      [{}, 'unknown'],
    ];
    // each fact wins over all the facts after it
    order.forEach(([facts, expected], index) => {
      const weaker = Object.assign({}, ...order.slice(index + 1).map(([f]) => f)) as Partial<NetworkFacts>;
      expect(classifyNetwork({ ...none, ...weaker, ...facts })).toBe(expected);
    });
  });
});

describe('crawler definitions', () => {
  const ip = (text: string) => parseIp(text) as ParsedIp;

  it('match the user agents of well-known crawlers', () => {
    const cases: Array<[string, string]> = [
      ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'googlebot'],
      ['Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1)', 'applebot'],
      ['DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)', 'duckduckbot'],
      ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 'yandexbot'],
      ['Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', 'baiduspider'],
      ['facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', 'facebook'],
      ['meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)', 'facebook'],
      ['LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)', 'linkedinbot'],
      ['Twitterbot/1.0', 'twitterbot'],
      ['Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)', 'petalbot'],
      ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)', 'gptbot'],
      ['Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)', 'claudebot'],
      ['CCBot/2.0 (https://commoncrawl.org/faq/)', 'ccbot'],
    ];
    for (const [ua, name] of cases) expect(matchCrawler(BUNDLED_CRAWLERS, ua)?.name).toBe(name);
  });

  it('confirm by ASN or by published range', () => {
    const google = BUNDLED_CRAWLERS.find((c) => c.name === 'googlebot');
    expect(google).toBeDefined();
    if (!google) return;
    expect(confirmsCrawler(google, ip('66.249.70.1'), null)).toBe(true);
    expect(confirmsCrawler(google, ip('203.0.113.1'), 15169)).toBe(true);
    expect(confirmsCrawler(google, ip('203.0.113.1'), 14061)).toBe(false);
  });

  it('reject bad entries, naming the entry', () => {
    expect(() => parseCrawlers([{ name: 'x', operator: 'X', userAgent: '(', asns: [], cidrs: [] }], 'c.json')).toThrow(/c\.json: entry 1 \(x\): bad userAgent/);
    expect(() => parseCrawlers([{ name: 'y', operator: 'Y', userAgent: 'y', asns: [], cidrs: ['1.2.3.4/99'] }])).toThrow(/entry 1 \(y\): bad CIDR/);
    expect(() => parseCrawlers([{ name: 'z', operator: 'Z', userAgent: 'z', asns: [-1], cidrs: [] }])).toThrow(/entry 1 \(z\) field asns\.0/);
  });
});

describe('hosting list', () => {
  it('rejects bad and duplicate entries, naming the entry', () => {
    expect(() => parseHostingAsns([{ asn: 1, name: 'A', kind: 'cloud' }, { asn: 2, name: 'B', kind: 'bakery' }], 'h.json')).toThrow(
      /h\.json: entry 2 \(B\) field kind/,
    );
    expect(() => parseHostingAsns([{ asn: 1, name: 'A', kind: 'cloud' }, { asn: 1, name: 'C', kind: 'cdn' }])).toThrow(/entry 2 \(C\): AS1 is listed twice/);
  });
});
