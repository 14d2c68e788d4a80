import { translator, type Lang } from '../i18n/index.js';
import { alertMessages } from './messages.js';
import type { AlertMessage } from './render.js';

/** One way of delivering alert messages. Each implementation lives in its own file. */
export interface AlertChannel {
  readonly name: string;
  /** Resolves once delivered; rejects with a DeliveryError (never a secret in it) once it gives up. */
  send(message: AlertMessage): Promise<void>;
  close?(): Promise<void>;
}

/** What the caller gives the alerts part to log with: no logging library is imposed. */
export interface AlertLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: AlertLogger = { info() {}, warn() {} };

export type DeliveryErrorCode = 'http-status' | 'timeout' | 'network' | 'smtp' | 'queue-full';

/**
 * A failed delivery, described by a code and values so that a person can read it in either
 * language. Built only from redacted values: it may be logged and shown as is.
 */
export class DeliveryError extends Error {
  constructor(
    readonly channel: string,
    readonly code: DeliveryErrorCode,
    readonly vars: Record<string, string | number>,
    readonly retryable: boolean,
    public attempts = 1,
  ) {
    super('');
    this.name = 'DeliveryError';
    this.message = this.describe('en');
  }

  describe(lang: Lang): string {
    const t = translator(alertMessages, lang);
    return t('error.failed', { channel: this.channel, reason: t(`error.${this.code}`, this.vars), attempts: this.attempts });
  }

  /** Attempts are known only once retries end. */
  withAttempts(attempts: number): this {
    this.attempts = attempts;
    this.message = this.describe('en');
    return this;
  }
}

/** Replaces every secret (and its URL-encoded form) in a text, so that errors can be shown. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[redacted]');
  }
  return out;
}

/** Scheme, host and port only: webhook paths (Slack's, for one) are credentials. */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '[invalid url]';
  }
}

export interface RetryOptions {
  /** Names the channel in errors that did not come from it. */
  channel: string;
  /** Further attempts after the first. */
  retries: number;
  /** First wait; doubles each time, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, fails with a non-retryable DeliveryError, or retries run out. */
export async function withRetries(attempt: () => Promise<void>, options: RetryOptions): Promise<void> {
  const wait = options.sleep ?? sleep;
  for (let n = 0; ; n++) {
    try {
      await attempt();
      return;
    } catch (error) {
      // An unexpected error's text may quote anything, secrets included: it is not passed on.
      if (!(error instanceof DeliveryError)) throw new DeliveryError(options.channel, 'network', { reason: 'unexpected error' }, false, n + 1);
      if (!error.retryable || n >= options.retries) throw error.withAttempts(n + 1);
      const hinted = typeof error.vars.retryAfterMs === 'number' ? error.vars.retryAfterMs : 0;
      await wait(Math.min(options.maxBackoffMs, Math.max(hinted, options.backoffMs * 2 ** n)));
    }
  }
}
