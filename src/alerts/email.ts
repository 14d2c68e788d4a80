/**
 * E-mail over SMTP (nodemailer). One message per alert, update or digest; the subject carries the
 * title in each configured language, the body carries plain text and escaped HTML, language by
 * language.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Lang } from '../i18n/index.js';
import { DeliveryError, redact, withRetries, type AlertChannel } from './channel.js';
import { renderMessage, type AlertMessage, type RenderedMessage } from './render.js';

export type StartTls = 'required' | 'opportunistic' | 'never';

export interface EmailSettings {
  name: string;
  host: string;
  port: number;
  /** TLS from the first byte (usually port 465). */
  secure: boolean;
  /** Upgrade of a plain connection (usually port 587); ignored when `secure`. */
  starttls: StartTls;
  /** Refuse servers whose certificate does not verify. Default true. */
  rejectUnauthorized: boolean;
  user?: string;
  pass?: string;
  from: string;
  to: string[];
  languages: Lang[];
  subjectPrefix: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
}

export interface EmailDeps {
  sleep?: (ms: number) => Promise<void>;
}

/** SMTP error codes that sending again will not fix. */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ETLS', 'EREQUIRETLS']);

export function createEmailChannel(settings: EmailSettings, deps: EmailDeps = {}): AlertChannel {
  const transport = nodemailer.createTransport(transportOptions(settings));
  const secrets = [settings.pass, settings.user];
  return {
    name: settings.name,
    async send(message) {
      const mail = toEmail(message, settings.languages, settings.subjectPrefix);
      await withRetries(
        async () => {
          try {
            await transport.sendMail({ from: settings.from, to: settings.to, ...mail });
          } catch (error) {
            throw smtpError(settings, error, secrets);
          }
        },
        { channel: settings.name, retries: settings.retries, backoffMs: settings.backoffMs, maxBackoffMs: settings.maxBackoffMs, sleep: deps.sleep },
      );
    },
    async close() {
      transport.close();
    },
  };
}

function transportOptions(settings: EmailSettings): SMTPTransport.Options {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure && settings.starttls === 'required',
    ignoreTLS: !settings.secure && settings.starttls === 'never',
    tls: { rejectUnauthorized: settings.rejectUnauthorized },
    auth: settings.user ? { user: settings.user, pass: settings.pass ?? '' } : undefined,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
    // nodemailer's own logger could print credentials during AUTH.
    logger: false,
    debug: false,
  };
}

function smtpError(settings: EmailSettings, error: unknown, secrets: (string | undefined)[]): DeliveryError {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const text = typeof e.message === 'string' ? redact(e.message.slice(0, 200), secrets) : '';
  const reason = [code, text].filter(Boolean).join(': ') || 'unknown';
  const permanent = PERMANENT_CODES.has(code) && !(responseCode !== null && responseCode < 500);
  const retryable = !permanent && (responseCode === null || responseCode < 500);
  const timeout = code === 'ETIMEDOUT';
  return timeout
    ? new DeliveryError(settings.name, 'timeout', { seconds: settings.timeoutMs / 1000 }, retryable)
    : new DeliveryError(settings.name, 'smtp', { reason }, retryable);
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function toEmail(message: AlertMessage, languages: readonly Lang[], subjectPrefix: string): EmailContent {
  const rendered = languages.map((lang) => ({ lang, ...renderMessage(message, lang) }));
  const subject = `${subjectPrefix}${rendered.map((r) => r.title).join(' / ')}`.slice(0, 250);
  const text = rendered.map(plainSection).join('\n\n----\n\n');
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:sans-serif">',
    rendered.map(htmlSection).join('<hr>'),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function plainSection(r: RenderedMessage): string {
  const parts = [r.title, '', r.text];
  if (r.evidence.length > 0) parts.push('', ...r.evidence.map((line) => `    ${line}`));
  return parts.join('\n');
}

function htmlSection(r: RenderedMessage & { lang: Lang }): string {
  const lines = r.text.split('\n').map(escapeHtml).join('<br>');
  const evidence = r.evidence.length > 0 ? `<pre style="white-space:pre-wrap">${r.evidence.map(escapeHtml).join('\n')}</pre>` : '';
  return `<section lang="${r.lang}"><h2>${escapeHtml(r.title)}</h2><p>${lines}</p>${evidence}</section>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
