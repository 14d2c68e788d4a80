import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cachePolicy } from '../src/shield/cache-control.js';
import { ResponseCache } from '../src/shield/cache.js';
import { Tickets } from '../src/shield/challenge/challenge.js';
import { leadingZeroBits, ProofOfWork, solvePow } from '../src/shield/challenge/pow.js';
import { riskScore } from '../src/shield/challenge/risk.js';
import { PassCookie, readCookie, withoutCookie } from '../src/shield/cookie.js';
import { challengePage, heavyLoadPage, preferredLang, safeBack } from '../src/shield/pages.js';
import { SHA256_JS } from '../src/shield/pow-script.js';
import { RateLimiter } from '../src/shield/rate-limit.js';
import { shieldCatalogue } from '../src/shield/messages.js';
import { Tarpit } from '../src/shield/tarpit.js';

const secret = Buffer.alloc(32, 7);

describe('the page\u2019s SHA-256 (no crypto.subtle on plain http)', () => {
  const sha = new Function(`${SHA256_JS}; return { h: vigieSha256, z: vigieZeros };`)() as { h: (s: string) => number[]; z: (h: number[]) => number };
  it('agrees with Node\u2019s for inputs across block boundaries', () => {
    for (const text of ['', 'abc', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'pow.lx1.16.Zm9vYmFy.mac123'.repeat(5)]) {
      const words = sha.h(text).map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
      expect(words).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
  it('counts leading zero bits as the server does', () => {
    const token = 'pow.test.14.abc.def';
    const nonce = solvePow(token, 14);
    const hash = createHash('sha256').update(token + nonce).digest();
    expect(sha.z(sha.h(token + nonce))).toBe(leadingZeroBits(hash, 256));
  });
});

describe('proof of work', () => {
  it('scales with risk, within bounds, and accepts an answer once', () => {
    const pow = new ProofOfWork(new Tickets(secret, Date.now), 12);
    expect(pow.issue('b', 0).param).toBe(12);
    expect(pow.issue('b', 3).param).toBe(15);
    expect(pow.issue('b', 99).param).toBe(24);
    const ticket = pow.issue('bind', 0);
    const nonce = solvePow(ticket.token, ticket.param);
    expect(pow.verify({ token: ticket.token, nonce }, 'other-client')).toBe('forged');
    expect(pow.verify({ token: ticket.token, nonce }, 'bind')).toBe('solved');
    expect(pow.verify({ token: ticket.token, nonce }, 'bind')).toBe('replayed');
    expect(pow.verify({ token: 'garbage', nonce }, 'bind')).toBe('malformed');
  });
  it('refuses tickets older than ten minutes', () => {
    let now = 1_000_000;
    const pow = new ProofOfWork(new Tickets(secret, () => now), 12);
    const ticket = pow.issue('b', 0);
    now += 11 * 60_000;
    expect(pow.verify({ token: ticket.token, nonce: solvePow(ticket.token, ticket.param) }, 'b')).toBe('expired');
  });
  it('risk rises for obscured networks, decisions, attacks and failures', () => {
    expect(riskScore({ networkType: 'isp', challenged: false, underAttack: false, failures: 0 })).toBe(0);
    expect(riskScore({ networkType: 'hosting', challenged: true, underAttack: true, failures: 9 })).toBe(9);
  });
});

describe('pass cookie', () => {
  it('is bound to the client and expires', () => {
    let now = 5_000_000;
    const cookie = new PassCookie(secret, () => now);
    const { value } = cookie.issue('client-a', 60_000);
    expect(cookie.verify(value, 'client-a')).toBe('valid');
    expect(cookie.verify(value, 'client-b')).toBe('replayed');
    expect(cookie.verify(value.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'client-a')).toBe('forged');
    expect(cookie.verify('v1.zz', 'client-a')).toBe('malformed');
    expect(cookie.verify('x'.repeat(10_000), 'client-a')).toBe('malformed');
    now += 61_000;
    expect(cookie.verify(value, 'client-a')).toBe('expired');
  });
  it('is read from and removed from Cookie headers', () => {
    expect(readCookie('a=1; vigie_shield=xyz; b=2', 'vigie_shield')).toBe('xyz');
    expect(withoutCookie('a=1; vigie_shield=xyz; b=2', 'vigie_shield')).toBe('a=1; b=2');
    expect(withoutCookie('vigie_shield=xyz', 'vigie_shield')).toBeUndefined();
  });
});

describe('rate limiter', () => {
  it('refuses past the burst, refills over time, and tightens for a throttle decision', () => {
    let now = 0;
    const limiter = new RateLimiter({ ip: 1, prefix: 0, asn: 0, country: 0, hostingAsn: 0 }, { burst: 2, now: () => now });
    const keys = { ip: '1.2.3.4', prefix: null, asn: null, country: null };
    expect(limiter.take(keys)).toBeNull();
    expect(limiter.take(keys)).toBeNull();
    expect(limiter.take(keys)).toEqual({ kind: 'ip', retryAfter: 1 });
    now += 1000;
    expect(limiter.take(keys)).toBeNull();
    const throttled = { ...keys, ip: '5.6.7.8' };
    expect(limiter.take(throttled, true)).toBeNull();
    expect(limiter.take(throttled, true)?.kind).toBe('ip');
  });
  it('gives an AS of hosting networks its own, lower rate', () => {
    const limiter = new RateLimiter({ ip: 0, prefix: 0, asn: 100, country: 0, hostingAsn: 1 }, { burst: 1, now: () => 0 });
    const cloud = { ip: '159.203.1.1', prefix: null, asn: 14061, country: 'CA', obscured: true };
    expect(limiter.take(cloud)).toBeNull();
    expect(limiter.take({ ...cloud, ip: '159.203.2.2' })?.kind).toBe('asn');
    const isp = { ip: '70.48.1.1', prefix: null, asn: 577, country: 'CA', obscured: false };
    for (let i = 0; i < 50; i++) expect(limiter.take({ ...isp, ip: `70.48.1.${i}` })).toBeNull();
  });
  it('stays bounded whatever the number of clients', () => {
    const limiter = new RateLimiter({ ip: 10, prefix: 10, asn: 0, country: 0, hostingAsn: 0 }, { capPerKind: 1000 });
    for (let i = 0; i < 50_000; i++) limiter.take({ ip: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, prefix: `p${i}`, asn: null, country: null });
    expect(limiter.size).toBeLessThanOrEqual(2000);
  });
});

describe('cache', () => {
  it('reads Cache-Control as a shared cache must', () => {
    expect(cachePolicy('public, max-age=60, stale-while-revalidate=30', false, 100)).toEqual({ ttl: 60, staleWhileRevalidate: 30, staleIfError: 100 });
    expect(cachePolicy('max-age=60, s-maxage=10, stale-if-error=5', false, 100)).toEqual({ ttl: 10, staleWhileRevalidate: 0, staleIfError: 5 });
    expect(cachePolicy('private, max-age=60', false, 100).ttl).toBeNull();
    expect(cachePolicy('no-store', false, 100).ttl).toBeNull();
    expect(cachePolicy('public, max-age=60', true, 100).ttl).toBeNull();
    expect(cachePolicy('max-age=60, must-revalidate', false, 100).staleIfError).toBe(0);
    expect(cachePolicy(undefined, false, 100).ttl).toBeNull();
  });
  it('ages entries through fresh, stale and too old, and keeps to its bytes', () => {
    let now = 0;
    const cache = new ResponseCache(10_000, 4000, () => now);
    cache.set('a', { status: 200, headers: {}, body: Buffer.alloc(1000), policy: { ttl: 10, staleWhileRevalidate: 5, staleIfError: 60 } });
    expect(cache.freshness(cache.get('a')!)).toBe('fresh');
    now = 12_000;
    expect(cache.freshness(cache.get('a')!)).toBe('stale-while-revalidate');
    now = 30_000;
    expect(cache.freshness(cache.get('a')!)).toBe('stale-if-error');
    now = 80_000;
    expect(cache.freshness(cache.get('a')!)).toBe('too-old');
    expect(cache.set('huge', { status: 200, headers: {}, body: Buffer.alloc(5000), policy: { ttl: 1, staleWhileRevalidate: 0, staleIfError: 0 } })).toBe(false);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, { status: 200, headers: {}, body: Buffer.alloc(1500), policy: { ttl: 1, staleWhileRevalidate: 0, staleIfError: 0 } });
    expect(cache.usedBytes).toBeLessThanOrEqual(10_000);
    expect(cache.get('k19')).toBeDefined();
    expect(cache.get('k0')).toBeUndefined();
  });
});

describe('pages', () => {
  it('are bilingual, escape what they show, and only go back to this site', () => {
    const tickets = new Tickets(secret, Date.now);
    const html = challengePage('fr', tickets.issue('pow', 'b', 12), tickets.issue('wait', 'b', 5), '/"><script>alert(1)</script>');
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('lang="en"');
    expect(html).not.toContain('<script>alert');
    expect(heavyLoadPage('en')).toContain('<a href="">');
    const pow = tickets.issue('pow', 'b', 14);
    const again = challengePage('en', pow, tickets.issue('wait', 'b', 7), '/x?a=1&b=2');
    expect(again).toContain(`data-bits="14"><input type="hidden" name="token" value="${pow.token}">`);
    expect(again).toContain('content="7;url=/.vigie/wait?token=');
    expect(again).toContain('back=%2Fx%3Fa%3D1%26b%3D2');
    expect(again).toContain('value="/x?a=1&#38;b=2">');
    expect(safeBack('//evil.example/')).toBe('/');
    expect(safeBack('https://evil.example/')).toBe('/');
    expect(safeBack('/.vigie/pow')).toBe('/');
    expect(safeBack('/news?id=1')).toBe('/news?id=1');
    expect(preferredLang('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(preferredLang(undefined)).toBe('en');
  });
  it('have every message in both languages', () => {
    expect(Object.keys(shieldCatalogue.fr).sort()).toEqual(Object.keys(shieldCatalogue.en).sort());
    for (const text of Object.values(shieldCatalogue.fr)) expect(text.trim()).not.toBe('');
  });
});

describe('tarpit', () => {
  it('holds refusals until their time, in order, and sends at once past its bound or when closed', () => {
    let now = 0;
    const sent: string[] = [];
    const tarpit = new Tarpit(1000, 2, () => now, () => 0.5);
    tarpit.hold(() => sent.push('a'));
    now = 500;
    tarpit.hold(() => sent.push('b'));
    tarpit.hold(() => sent.push('c (over the bound)'));
    expect(sent).toEqual(['c (over the bound)']);
    expect(tarpit.held).toBe(2);
    now = 1000;
    tarpit.release(false);
    expect(sent).toEqual(['c (over the bound)', 'a']);
    tarpit.hold(() => {
      throw new Error('client gone');
    });
    tarpit.close();
    expect(sent).toEqual(['c (over the bound)', 'a', 'b']);
    expect(tarpit.held).toBe(0);
    new Tarpit(0, 10).hold(() => sent.push('no delay'));
    expect(sent.at(-1)).toBe('no delay');
  });
});
