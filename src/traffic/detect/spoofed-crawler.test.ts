import { describe, expect, it } from 'vitest';
import { loadBehaviour } from './behaviour.js';
import { createSpoofedCrawlerDetector } from './spoofed-crawler.js';
import { event } from './test-events.js';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const behaviour = loadBehaviour();

function detector() {
  const calls: string[] = [];
  const claimedCrawler = (ua: string) => {
    calls.push(ua);
    return /googlebot/i.test(ua) ? 'googlebot' : null;
  };
  return { calls, d: createSpoofedCrawlerDetector({ behaviour, maxKeys: 100, claimedCrawler }) };
}

describe('spoofed-crawler detector', () => {
  it('flags a crawler user agent from a network that is not the crawler', () => {
    const { d } = detector();
    for (let i = 0; i < 3; i++) d.observe(event({ ip: '203.0.113.4', userAgent: GOOGLEBOT, networkType: 'hosting' }));
    const [f] = d.findings();
    expect(f?.category).toBe('spoofed-crawler');
    expect(f?.technique).toBe('T1036');
    expect(f?.count).toBe(3);
    expect(f?.rule).toBe('spoofed-crawler/googlebot');
    expect(f?.details).toEqual({ claimedCrawler: 'googlebot', networkType: 'hosting' });
  });

  it('leaves the verified crawler and ordinary browsers alone', () => {
    const { d } = detector();
    d.observe(event({ userAgent: GOOGLEBOT, networkType: 'crawler' }));
    d.observe(event({ networkType: 'hosting' }));
    d.observe(event({ userAgent: '' }));
    expect(d.findings()).toEqual([]);
  });

  it('is less sure when nothing is known of the address', () => {
    const { d } = detector();
    d.observe(event({ ip: '192.0.2.1', userAgent: GOOGLEBOT, networkType: 'unknown' }));
    d.observe(event({ ip: '192.0.2.2', userAgent: GOOGLEBOT, networkType: 'isp' }));
    const conf = Object.fromEntries(d.findings().map((f) => [f.scope.value, f.confidence]));
    expect(conf['192.0.2.1']).toBeLessThan(conf['192.0.2.2'] ?? 0);
  });

  it('asks intel once per distinct user agent', () => {
    const { d, calls } = detector();
    for (let i = 0; i < 50; i++) d.observe(event({ ip: `192.0.2.${i}`, userAgent: GOOGLEBOT, networkType: 'isp' }));
    expect(calls).toHaveLength(1);
  });
});
