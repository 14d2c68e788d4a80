/**
 * Slack and Mattermost incoming webhooks. Both accept a top-level `text` (used for notifications)
 * and Slack's legacy `attachments` (fallback, color, title, text, footer, ts); Block Kit is Slack
 * only, so it is not used. One attachment per configured language.
 *
 * Escaping: both treat &, < and > as control characters in text (Slack's `<!channel>` and links);
 * they are sent as entities. Mattermost renders Markdown and does not decode entities inside code
 * blocks, hence the `flavor` setting for evidence lines. Mentions are broken with a zero-width
 * space, in code blocks too, so that a log line can never ping a whole channel.
 */
import type { Lang } from '../i18n/index.js';
import type { Severity } from '../model/index.js';
import { safeOrigin, type AlertChannel } from './channel.js';
import { postWithRetries } from './http-post.js';
import { renderMessage, severityOf, type AlertMessage } from './render.js';
import type { HttpDeps } from './webhook.js';

export type ChatFlavor = 'slack' | 'mattermost';

export interface SlackSettings {
  name: string;
  /** The incoming-webhook URL: a credential (its path is the token). */
  url: string;
  flavor: ChatFlavor;
  languages: Lang[];
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** Mattermost lets a webhook override these when the server allows it; Slack ignores them. */
  username?: string;
  channel?: string;
}

const COLOR: Record<Severity, string> = { low: '#6b7280', medium: '#d97706', high: '#dc2626', critical: '#7f1d1d' };

export function createSlackChannel(settings: SlackSettings, deps: HttpDeps = {}): AlertChannel {
  const now = deps.now ?? Date.now;
  const secrets = [settings.url, pathOf(settings.url)];
  return {
    name: settings.name,
    async send(message) {
      const body = JSON.stringify(toSlackPayload(message, settings, now()));
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
        headers: () => ({ 'content-type': 'application/json', 'user-agent': 'Vigie-alerts' }),
      });
    },
  };
}

export function describeSlack(settings: Pick<SlackSettings, 'name' | 'url'>): string {
  return `${settings.name} (${safeOrigin(settings.url)})`;
}

export function toSlackPayload(
  message: AlertMessage,
  settings: Pick<SlackSettings, 'flavor' | 'languages' | 'username' | 'channel'>,
  sentAt: number,
): Record<string, unknown> {
  const color = COLOR[severityOf(message)];
  const rendered = settings.languages.map((lang) => ({ lang, ...renderMessage(message, lang) }));
  const attachments = rendered.map((r) => {
    const parts = [chatText(r.text)];
    if (r.evidence.length > 0) parts.push(codeBlock(r.evidence, settings.flavor));
    return {
      fallback: chatText(r.title),
      color,
      title: chatText(r.title),
      text: parts.join('\n'),
      mrkdwn_in: ['text'],
      footer: `Vigie · ${r.lang}`,
      ts: Math.floor(sentAt / 1000),
    };
  });
  const payload: Record<string, unknown> = { text: rendered.map((r) => chatText(r.title)).join(' / '), attachments };
  if (settings.username) payload.username = settings.username;
  if (settings.channel) payload.channel = settings.channel;
  return payload;
}

/** Plain text for a chat: control characters escaped, mentions broken. */
export function chatText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@\u200b');
}

function codeBlock(lines: readonly string[], flavor: ChatFlavor): string {
  // A backtick in a log line would close the block; a look-alike keeps the line readable.
  const safe = lines.map((line) => line.replace(/`/g, 'ˋ').replace(/@/g, '@\u200b'));
  const body = flavor === 'slack' ? safe.map((line) => line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')) : safe;
  return ['```', ...body, '```'].join('\n');
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
