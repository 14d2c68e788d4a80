import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './rate-limit.js';
import { hashPassword, verifyPassword } from './secrets.js';

describe('login rate limit', () => {
  const limits = { perIp: 3, perUser: 2, windowMs: 60_000, maxKeys: 4 };

  it('stops a name after its failures, from any address, until the window ends', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(limits, () => now);
    limiter.failed('198.51.100.1', 'Admin');
    limiter.failed('198.51.100.2', 'admin');
    expect(limiter.retryAfter('198.51.100.3', 'ADMIN')).toBe(60);
    expect(limiter.retryAfter('198.51.100.3', 'someone-else')).toBe(0);
    now = 60_000;
    expect(limiter.retryAfter('198.51.100.3', 'admin')).toBe(0);
  });

  it('stops an address that tries many names', () => {
    const limiter = new LoginRateLimiter(limits, () => 0);
    for (const name of ['a', 'b', 'c']) limiter.failed('203.0.113.9', name);
    expect(limiter.retryAfter('203.0.113.9', 'd')).toBeGreaterThan(0);
  });

  it('remembers a bounded number of keys: old ones are forgotten first', () => {
    const limiter = new LoginRateLimiter(limits, () => 0);
    limiter.failed('192.0.2.1', 'x');
    limiter.failed('192.0.2.1', 'x');
    for (let i = 0; i < 20; i++) limiter.failed(`192.0.2.${100 + i}`, `user${i}`);
    expect(limiter.retryAfter('192.0.2.77', 'x')).toBe(0);
  });
});

describe('password hashes', () => {
  it('verifies the right password only, with a salt of its own each time', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', a)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});
