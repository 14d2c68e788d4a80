/**
 * Generic JSON webhook.
 *
 * Each message is one POST with `Content-Type: application/json` and this body (schema
 * "vigie.alert.v1"; times are ISO 8601 UTC strings):
 *
 *   { "schema": "vigie.alert.v1",
 *     "type": "alert" | "update" | "digest",
 *     "sentAt": "...",
 *     "severity": "low" | "medium" | "high" | "critical",
 *     "text": { "<lang>": { "title": "...", "text": "...", "evidence": ["..."] } },  // configured languages
 *     "alert":  { id, groupKey, severity, category, scope: { kind, value }, requests, findings,
 *                 firstSeen, lastSeen, technique, rule, confidence, evidence: [...],
 *                 decision: { id, action, scope, durationMs, reason, createdAt } | null } | null,
 *     "update": { added: { findings, requests }, total: { findings, requests }, lastSeen, scopes: [...] } | null,
 *     "digest": { from, to, held, requests, byCategory: { category: count }, worst: [alert...] } | null }
 *
 * "alert" is the opening alert of the group for "alert" and "update" messages, null for digests.
 * Strings are plain (unescaped): a receiver that renders them as HTML must escape them.
 *
 * Headers: `X-Vigie-Event` (the type), `X-Vigie-Timestamp` (Unix seconds) and, when a secret is
 * configured, `X-Vigie-Signature: sha256=<hex>`, the HMAC-SHA256 with the secret of
 * "<timestamp>.<body>". Receivers check it with verifySignature() or the same recipe, and reject old
 * timestamps to stop replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Lang } from '../i18n/index.js';
import type { Alert } from './alert.js';
import { safeOrigin, type AlertChannel } from './channel.js';
import { postWithRetries } from './http-post.js';
import { renderMessage, severityOf, type AlertMessage } from './render.js';

export const WEBHOOK_SCHEMA = 'vigie.alert.v1';

export interface WebhookSettings {
  name: string;
  url: string;
  /** HMAC key; when absent, no signature header is sent. */
  secret?: string;
  languages: Lang[];
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** Extra headers (e.g. an API key); their values are treated as secrets. */
  headers?: Record<string, string>;
}

export interface HttpDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export function createWebhookChannel(settings: WebhookSettings, deps: HttpDeps = {}): AlertChannel {
  const now = deps.now ?? Date.now;
  const secrets = [settings.url, settings.secret ?? '', ...Object.values(settings.headers ?? {})];
  return {
    name: settings.name,
    async send(message) {
      const body = JSON.stringify(toWebhookPayload(message, settings.languages, now()));
      await postWithRetries({
        channel: settings.name,
        url: settings.url,
        body,
        timeoutMs: settings.timeoutMs,
        retries: settings.retries,
        backoffMs: settings.backoffMs,
        maxBackoffMs: settings.maxBackoffMs,
        sleep: deps.sleep,
        fetch: deps.fetch,
        secrets,
        headers: () => {
          const timestamp = String(Math.floor(now() / 1000));
          const headers: Record<string, string> = {
            ...settings.headers,
            'content-type': 'application/json',
            'user-agent': 'Vigie-alerts',
            'x-vigie-event': message.type,
            'x-vigie-timestamp': timestamp,
          };
          if (settings.secret) headers['x-vigie-signature'] = signPayload(settings.secret, timestamp, body);
          return headers;
        },
      });
    },
  };
}

/** For logs: where a webhook goes, without the parts that may be credentials. */
export function describeWebhook(settings: Pick<WebhookSettings, 'name' | 'url'>): string {
  return `${settings.name} (${safeOrigin(settings.url)})`;
}

export function signPayload(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** True when the signature matches and the timestamp is within `toleranceSeconds` of `nowMs`. */
export function verifySignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  nowMs: number,
  toleranceSeconds = 300,
): boolean {
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - seconds) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function toWebhookPayload(message: AlertMessage, languages: readonly Lang[], sentAt: number): Record<string, unknown> {
  const text: Record<string, unknown> = {};
  for (const lang of languages) text[lang] = renderMessage(message, lang);
  return {
    schema: WEBHOOK_SCHEMA,
    type: message.type,
    sentAt: iso(sentAt),
    severity: severityOf(message),
    text,
    alert: message.type === 'digest' ? null : alertJson(message.alert),
    update:
      message.type === 'update'
        ? { added: message.added, total: message.total, lastSeen: iso(message.lastSeen), scopes: message.scopes }
        : null,
    digest:
      message.type === 'digest'
        ? {
            from: iso(message.from),
            to: iso(message.to),
            held: message.held,
            requests: message.requests,
            byCategory: message.byCategory,
            worst: message.worst.map(alertJson),
          }
        : null,
  };
}

function alertJson(alert: Alert): Record<string, unknown> {
  return {
    ...alert,
    firstSeen: iso(alert.firstSeen),
    lastSeen: iso(alert.lastSeen),
    decision: alert.decision ? { ...alert.decision, createdAt: iso(alert.decision.createdAt) } : null,
  };
}

function iso(ms: number): string | null {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : null;
}
