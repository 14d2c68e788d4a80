import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlert, type Alert } from '../src/alerts/alert.js';
import { DeliveryError } from '../src/alerts/channel.js';
import type { AlertMessage } from '../src/alerts/render.js';
import { startReceiver, type Receiver } from '../src/alerts/testing/receiver.js';
import { decision, finding, T0 } from '../src/alerts/testing/fixtures.js';
import { createWebhookChannel, verifySignature, type WebhookSettings } from '../src/alerts/webhook.js';

const SECRET = 'webhook-secret-0123456789';
let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

function opening(): AlertMessage {
  const result = createAlert({ finding: finding({ count: 1234 }), decision: decision() });
  if (!result.ok) throw new Error(result.reason);
  return { type: 'alert', alert: result.alert as Alert };
}

function settings(url: string, overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  return { name: 'soc', url, secret: SECRET, languages: ['en', 'fr'], timeoutMs: 2000, retries: 3, backoffMs: 1, maxBackoffMs: 5, ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('webhook channel', () => {
  it('posts the documented JSON with both languages and a signature the receiver can check', async () => {
    receiver = await startReceiver();
    const now = T0 + 120_000;
    await createWebhookChannel(settings(`${receiver.url}/hook`), { now: () => now }).send(opening());
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.url).toBe('/hook');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-vigie-event']).toBe('alert');
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ schema: 'vigie.alert.v1', type: 'alert', severity: 'high', update: null, digest: null });
    expect(body.alert).toMatchObject({ category: 'sqli', requests: 1234, scope: { kind: 'ip', value: '203.0.113.7' }, technique: 'T1190' });
    expect(body.alert.firstSeen).toBe(new Date(T0).toISOString());
    expect(body.alert.decision).toMatchObject({ action: 'ban', durationMs: 4 * 3_600_000 });
    expect(body.text.en.title).toContain('SQL injection');
    expect(body.text.fr.title).toContain('Injection SQL');
    expect(body.text.en.evidence[0]).toContain("/search?q=1' OR '1'='1");

    const timestamp = String(request!.headers['x-vigie-timestamp']);
    const signature = String(request!.headers['x-vigie-signature']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${request!.body}`).digest('hex')}`;
    expect(signature).toBe(expected);
    expect(verifySignature(SECRET, timestamp, request!.body, signature, now)).toBe(true);
    expect(verifySignature('another-secret', timestamp, request!.body, signature, now)).toBe(false);
    expect(verifySignature(SECRET, timestamp, `${request!.body} `, signature, now)).toBe(false);
    // A replay an hour later is refused.
    expect(verifySignature(SECRET, timestamp, request!.body, signature, now + 3_600_000)).toBe(false);
  });

  it('sends no signature without a secret, and only the configured languages', async () => {
    receiver = await startReceiver();
    await createWebhookChannel(settings(receiver.url, { secret: undefined, languages: ['fr'] })).send(opening());
    const [request] = receiver.requests;
    expect(request!.headers['x-vigie-signature']).toBeUndefined();
    expect(Object.keys(JSON.parse(request!.body).text)).toEqual(['fr']);
  });

  it('retries on 5xx and 429 with growing waits, then succeeds', async () => {
    const statuses = [503, 500, 429, 200];
    receiver = await startReceiver((n) => statuses[n] ?? 200);
    const waits: number[] = [];
    await createWebhookChannel(settings(receiver.url, { backoffMs: 100, maxBackoffMs: 250 }), { sleep: async (ms) => void waits.push(ms) }).send(opening());
    expect(receiver.requests).toHaveLength(4);
    expect(waits).toEqual([100, 200, 250]);
    // Same body each time: the receiver can deduplicate on the alert id.
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
  });

  it('does not retry on 4xx, nor follow a redirect', async () => {
    receiver = await startReceiver((n) => (n === 0 ? 400 : 302));
    const channel = createWebhookChannel(settings(receiver.url));
    const error = await rejection(channel.send(opening()));
    expect(error).toMatchObject({ code: 'http-status', retryable: false, attempts: 1, vars: { status: 400 } });
    expect(receiver.requests).toHaveLength(1);
    const redirected = await rejection(channel.send(opening()));
    expect(redirected.vars.status).toBe(302);
    expect(receiver.requests).toHaveLength(2);
  });

  it('gives up after the configured retries', async () => {
    receiver = await startReceiver(() => 502);
    const error = await rejection(createWebhookChannel(settings(receiver.url, { retries: 2 })).send(opening()));
    expect(error.attempts).toBe(3);
    expect(receiver.requests).toHaveLength(3);
    expect(error.describe('fr')).toContain('HTTP 502');
  });

  it('retries when the receiver does not answer in time', async () => {
    receiver = await startReceiver((n) => (n === 0 ? 'hang' : 200));
    await createWebhookChannel(settings(receiver.url, { timeoutMs: 300 })).send(opening());
    expect(receiver.requests).toHaveLength(2);
  });

  it('keeps the URL path, the secret and header values out of errors', async () => {
    receiver = await startReceiver();
    const url = `${receiver.url}/hooks/T0KEN-in-the-path`;
    await receiver.close();
    receiver = null;
    const error = await rejection(
      createWebhookChannel(settings(url, { retries: 1, headers: { authorization: 'Bearer api-key-value' } })).send(opening()),
    );
    expect(error.code).toBe('network');
    const shown = [error.message, error.describe('fr'), JSON.stringify(error), String(error.stack)].join('\n');
    for (const secret of ['T0KEN-in-the-path', SECRET, 'api-key-value']) expect(shown).not.toContain(secret);
  });
});
