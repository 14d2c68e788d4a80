import { describe, expect, it } from 'vitest';
import type { Severity } from '../model/index.js';
import { createAlert, type Alert } from './alert.js';
import { ChannelRateLimiter } from './rate-limit.js';
import type { AlertDigest, AlertMessage } from './render.js';
import { fakeClock, finding } from './testing/fixtures.js';

function opening(i: number, severity: Severity = 'medium', count = 10): AlertMessage {
  const result = createAlert({ finding: finding({ id: `f${i}`, scope: { kind: 'ip', value: `10.1.${i % 250}.1` }, severity, count }) });
  if (!result.ok) throw new Error(result.reason);
  return { type: 'alert', alert: result.alert as Alert };
}

describe('ChannelRateLimiter', () => {
  it('lets a burst through, holds the rest, and sums them up in one digest once a token is free', () => {
    const clock = fakeClock();
    const limiter = new ChannelRateLimiter({ now: clock.now, perMinute: 6, burst: 3 });
    const passed: AlertMessage[] = [];
    for (let i = 0; i < 1000; i++) passed.push(...limiter.offer(opening(i, i === 500 ? 'critical' : 'medium')));
    expect(passed).toHaveLength(3);
    expect(limiter.holding).toBe(997);
    expect(limiter.tick()).toEqual([]);
    clock.advance(10_000); // 6 per minute: one token every 10 s
    const [digest] = limiter.tick() as AlertDigest[];
    expect(digest?.type).toBe('digest');
    expect(digest!.held).toBe(997);
    expect(digest!.requests).toBe(9970);
    expect(digest!.byCategory).toEqual({ sqli: 997 });
    expect(digest!.worst.length).toBeLessThanOrEqual(5);
    expect(digest!.worst[0]!.severity).toBe('critical');
    expect(limiter.holding).toBe(0);
  });

  it('sends the digest before newer messages, so the order stays true', () => {
    const clock = fakeClock();
    const limiter = new ChannelRateLimiter({ now: clock.now, perMinute: 60, burst: 2 });
    expect(limiter.offer(opening(1))).toHaveLength(1);
    expect(limiter.offer(opening(2))).toHaveLength(1);
    expect(limiter.offer(opening(3))).toEqual([]);
    clock.advance(2000);
    const out = limiter.offer(opening(4));
    expect(out.map((m) => m.type)).toEqual(['digest', 'alert']);
  });

  it('keeps the number of categories in a digest bounded', () => {
    const clock = fakeClock();
    const limiter = new ChannelRateLimiter({ now: clock.now, perMinute: 1, burst: 1 });
    for (let i = 0; i < 200; i++) {
      const message = opening(i);
      if (message.type === 'alert') message.alert.category = `custom-${i}` as never;
      limiter.offer(message);
    }
    const [digest] = limiter.flush() as AlertDigest[];
    expect(Object.keys(digest!.byCategory).length).toBeLessThanOrEqual(51);
    expect(Object.values(digest!.byCategory).reduce((a, b) => a + b, 0)).toBe(199);
  });
});
