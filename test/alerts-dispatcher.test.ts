import { afterEach, describe, expect, it } from 'vitest';
import { parseAlertsConfig } from '../src/alerts/config.js';
import type { AlertChannel } from '../src/alerts/channel.js';
import { AlertDispatcher } from '../src/alerts/dispatcher.js';
import { createAlerting } from '../src/alerts/index.js';
import type { AlertMessage } from '../src/alerts/render.js';
import { startReceiver, type Receiver } from '../src/alerts/testing/receiver.js';
import { fakeClock, finding } from '../src/alerts/testing/fixtures.js';
import { createWebhookChannel } from '../src/alerts/webhook.js';

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

async function receiver(respond?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(respond);
  receivers.push(r);
  return r;
}

function webhook(name: string, url: string, retries = 0) {
  return createWebhookChannel({ name, url, languages: ['en', 'fr'], timeoutMs: 2000, retries, backoffMs: 1, maxBackoffMs: 2 });
}

const bodies = (r: Receiver) => r.requests.map((q) => JSON.parse(q.body) as { type: string; update: { total: { findings: number } } | null; digest: { held: number } | null });

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('AlertDispatcher', () => {
  it('turns a flood of 10,000 findings on one /24 into one alert and a few updates on the wire', async () => {
    const clock = fakeClock();
    const sink = await receiver();
    const dispatcher = new AlertDispatcher({
      targets: [{ channel: webhook('soc', sink.url) }],
      grouping: { updateIntervalMs: 60_000, windowMs: 600_000 },
      now: clock.now,
    });
    for (let i = 0; i < 10_000; i++) {
      const ip = `198.51.100.${(i % 200) + 1}`;
      dispatcher.submitFinding({ finding: finding({ id: `f${i}`, scope: { kind: 'ip', value: ip }, count: 2 }) });
      clock.advance(30); // 5 minutes in all
      if (i % 1000 === 0) dispatcher.tick();
    }
    await dispatcher.stop();
    const sent = bodies(sink);
    expect(sent.filter((b) => b.type === 'alert')).toHaveLength(1);
    expect(sent.length).toBeLessThanOrEqual(8);
    expect(sent.at(-1)!.update!.total.findings).toBe(10_000);
    expect(dispatcher.health()[0]).toMatchObject({ name: 'soc', sent: sent.length, failed: 0, dropped: 0 });
  });

  it('keeps delivering to healthy channels while another fails, and reports each channel’s health', async () => {
    const broken = await receiver(() => 500);
    const healthy = await receiver();
    const dispatcher = new AlertDispatcher({ targets: [{ channel: webhook('broken', `${broken.url}/x`, 1) }, { channel: webhook('healthy', healthy.url) }] });
    for (let i = 0; i < 3; i++) dispatcher.submitFinding({ finding: finding({ id: `f${i}`, scope: { kind: 'ip', value: `192.0.${i}.1` } }) });
    await dispatcher.stop();
    expect(healthy.requests).toHaveLength(3);
    expect(broken.requests).toHaveLength(6);
    const [bad, good] = dispatcher.health();
    expect(good).toMatchObject({ sent: 3, failed: 0, lastError: null });
    expect(good!.lastSentAt).not.toBeNull();
    expect(bad).toMatchObject({ sent: 0, failed: 3, lastError: { code: 'http-status' } });
    expect(bad!.lastError!.text.en).toContain('HTTP 500');
    expect(bad!.lastError!.text.fr).toContain('HTTP 500');
  });

  it('is not held up by a channel that never answers', async () => {
    const healthy = await receiver();
    const stuck: AlertChannel = { name: 'stuck', send: () => new Promise<void>(() => {}) };
    const dispatcher = new AlertDispatcher({ targets: [{ channel: stuck }, { channel: webhook('healthy', healthy.url) }], maxQueue: 3 });
    const submit = (i: number) => dispatcher.submitFinding({ finding: finding({ id: `f${i}`, scope: { kind: 'ip', value: `192.0.${i}.1` } }) });
    for (let i = 0; i < 3; i++) submit(i);
    await until(() => healthy.requests.length === 3);
    for (let i = 3; i < 6; i++) submit(i);
    await until(() => dispatcher.health()[1]!.sent === 6);
    const [hung, good] = dispatcher.health();
    // One in flight, three waiting, the rest dropped and counted: memory stays bounded.
    expect(hung).toMatchObject({ sent: 0, queued: 3, dropped: 2, lastError: { code: 'queue-full' } });
    expect(good).toMatchObject({ sent: 6, dropped: 0 });
  });

  it('sends each channel only what reaches its minimum severity', async () => {
    const all = await receiver();
    const critical = await receiver();
    const sent: AlertMessage[] = [];
    const dispatcher = new AlertDispatcher({
      targets: [
        { channel: webhook('all', all.url) },
        { channel: webhook('critical', critical.url), minSeverity: 'critical' },
        { channel: { name: 'memory', send: async (m) => void sent.push(m) }, minSeverity: 'high' },
      ],
    });
    dispatcher.submitFinding({ finding: finding({ id: 'a', severity: 'high' }) });
    dispatcher.submitFinding({ finding: finding({ id: 'b', severity: 'critical', category: 'xss' }) });
    await dispatcher.stop();
    expect(all.requests).toHaveLength(2);
    expect(critical.requests).toHaveLength(1);
    expect(sent).toHaveLength(2);
  });

  it('holds back what a channel’s rate limit does not allow and sums it up in a digest', async () => {
    const clock = fakeClock();
    const sink = await receiver();
    const dispatcher = new AlertDispatcher({ targets: [{ channel: webhook('soc', sink.url), rateLimit: { perMinute: 5 } }], now: clock.now });
    for (let i = 0; i < 500; i++) dispatcher.submitFinding({ finding: finding({ id: `f${i}`, scope: { kind: 'ip', value: `10.${i >> 8}.${i & 255}.1` } }) });
    await dispatcher.idle();
    clock.advance(12_000);
    dispatcher.tick();
    await dispatcher.stop();
    const sent = bodies(sink);
    expect(sent.filter((b) => b.type === 'alert')).toHaveLength(5);
    const digests = sent.filter((b) => b.type === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]!.digest!.held).toBe(495);
    expect(dispatcher.health()[0]!.held).toBe(495);
  });

  it('skips malformed input with a reason and goes on', async () => {
    const sent: AlertMessage[] = [];
    const dispatcher = new AlertDispatcher({ targets: [{ channel: { name: 'memory', send: async (m) => void sent.push(m) } }] });
    const result = dispatcher.submitFinding({ finding: { id: 'x' } as never });
    expect(result.ok).toBe(false);
    expect(dispatcher.submitFinding({ finding: finding() }).ok).toBe(true);
    await dispatcher.stop();
    expect(dispatcher.skipped).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it('is built from a configuration in one call', async () => {
    const sink = await receiver();
    const parsed = parseAlertsConfig(
      { languages: 'fr', channels: [{ type: 'webhook', name: 'soc', url: `${sink.url}/hook`, secretEnv: 'HOOK_SECRET' }] },
      { HOOK_SECRET: 'a-secret-of-enough-length' },
    );
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const dispatcher = createAlerting(parsed.config);
    dispatcher.submitFinding({ finding: finding() });
    await dispatcher.stop();
    expect(sink.requests).toHaveLength(1);
    expect(sink.requests[0]!.headers['x-vigie-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Object.keys(JSON.parse(sink.requests[0]!.body).text)).toEqual(['fr']);
  });
});
