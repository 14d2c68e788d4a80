import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { NETWORK_TYPES } from '../model/index.js';
import type { Intel } from './intel.js';
import { loadIntel } from './load.js';
import { BUNDLED_HOSTING_ASNS } from './network-type.js';

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const BINGBOT = 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)';
const AMAZONBOT = 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Amazonbot/0.1)';
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

let intel: Intel;
beforeAll(async () => {
  intel = await loadIntel({});
});

describe('bundled data', () => {
  it('knows well-known addresses', () => {
    expect(intel.lookup('8.8.8.8')).toMatchObject({ country: 'US', asn: 15169 });
    expect(intel.lookup('8.8.8.8').org).toMatch(/Google/);
    expect(intel.lookup('1.1.1.1')).toMatchObject({ asn: 13335 });
    expect(intel.lookup('1.1.1.1').org).toMatch(/Cloudflare/);
  });

  it('knows Canadian ISPs as isp', () => {
    expect(intel.lookup('70.48.1.1')).toMatchObject({ country: 'CA', asn: 577, networkType: 'isp' });
    expect(intel.lookup('24.200.1.1')).toMatchObject({ country: 'CA', asn: 5769, networkType: 'isp' });
  });

  it('knows IPv6 and IPv4-mapped addresses', () => {
    expect(intel.lookup('2001:4860:4860::8888')).toMatchObject({ asn: 15169, country: 'US' });
    expect(intel.lookup('2606:4700:4700::1111')).toMatchObject({ asn: 13335 });
    const mapped = intel.lookup('::ffff:8.8.8.8');
    expect(mapped).toMatchObject({ ip: '::ffff:8.8.8.8', asn: 15169, country: 'US' });
  });

  it('calls private and reserved addresses private, with no country or AS', () => {
    for (const ip of ['10.0.0.1', '192.168.1.10', '127.0.0.1', '100.64.1.1', '::1', 'fd00::1', 'fe80::1']) {
      expect(intel.lookup(ip)).toEqual({ ip, country: null, asn: null, org: null, networkType: 'private', lists: [] });
    }
  });

  it('calls cloud and hosting networks hosting', () => {
    const digitalOcean = intel.lookup('104.131.0.1');
    expect(digitalOcean.asn).toBe(14061);
    expect(digitalOcean.networkType).toBe('hosting');
    const hetzner = intel.lookup('2a01:4f8::1');
    expect(hetzner.asn).toBe(24940);
    expect(hetzner.networkType).toBe('hosting');
  });

  it('lists at least 80 hosting networks, each named', () => {
    expect(BUNDLED_HOSTING_ASNS.length).toBeGreaterThanOrEqual(80);
    expect(BUNDLED_HOSTING_ASNS.every((h) => h.name.length > 0)).toBe(true);
  });

  it('never throws, and always gives a known network type', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV4(), fc.ipV6()), fc.option(fc.string(), { nil: undefined }), (ip, ua) => {
        const result = intel.lookup(ip, ua);
        expect(NETWORK_TYPES).toContain(result.networkType);
        expect(result.ip).toBe(ip);
      }),
      { numRuns: 500 },
    );
    expect(intel.lookup('not an ip')).toMatchObject({ networkType: 'unknown', asn: null, country: null });
  });

  it('gives the same answer from its cache', () => {
    const first = intel.lookup('70.48.9.9');
    expect(intel.lookup('70.48.9.9')).toEqual(first);
  });
});

describe('crawlers', () => {
  it('recognises claims by user agent', () => {
    expect(intel.claimedCrawler(GOOGLEBOT)).toBe('googlebot');
    expect(intel.claimedCrawler(BINGBOT)).toBe('bingbot');
    expect(intel.claimedCrawler(BROWSER)).toBeNull();
    expect(intel.claimedCrawler('')).toBeNull();
  });

  it('is crawler only when the address confirms the claim', () => {
    expect(intel.lookup('66.249.66.1', GOOGLEBOT).networkType).toBe('crawler');
    expect(intel.lookup('157.55.39.1', BINGBOT).networkType).toBe('crawler');
    // Googlebot claimed from a DigitalOcean droplet: spoofed, keeps the network's own type
    expect(intel.lookup('104.131.0.1', GOOGLEBOT).networkType).toBe('hosting');
    expect(intel.lookup('70.48.1.1', GOOGLEBOT).networkType).toBe('isp');
    // the same address without a claim is not a crawler: the claim is part of the answer
    expect(intel.lookup('66.249.66.1').networkType).not.toBe('crawler');
    expect(intel.lookup('66.249.66.1', BROWSER).networkType).not.toBe('crawler');
  });

  it('tells a spoofed claim from one that cannot be checked offline', () => {
    expect(intel.verifyCrawler('104.131.0.1', GOOGLEBOT)).toMatchObject({ name: 'googlebot', confirmed: false, verifiable: true });
    expect(intel.verifyCrawler('66.249.66.1', GOOGLEBOT)).toMatchObject({ confirmed: true });
    expect(intel.verifyCrawler('52.0.0.1', AMAZONBOT)).toMatchObject({ name: 'amazonbot', confirmed: false, verifiable: false });
    expect(intel.verifyCrawler('52.0.0.1', BROWSER)).toBeNull();
  });
});

describe('attributions', () => {
  it('credits DB-IP with a link, RouteViews and the NRO', () => {
    const list = intel.attributions();
    expect(list.find((a) => a.url.includes('db-ip.com'))?.notice).toBe('IP Geolocation by DB-IP');
    expect(list.some((a) => a.url.includes('routeviews.org'))).toBe(true);
    expect(list.some((a) => a.url.includes('nro.net'))).toBe(true);
  });
});
