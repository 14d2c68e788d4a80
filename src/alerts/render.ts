import { formatDateTime, translator, type Lang } from '../i18n/index.js';
import type { Severity } from '../model/index.js';
import { alertText, categoryText, scopeText, severityText, type Alert } from './alert.js';
import { alertMessages } from './messages.js';

/** The first message of a group. */
export interface AlertOpened {
  type: 'alert';
  alert: Alert;
}

/** More of the same since the last message of a group ("+N more, 1,234 requests"). */
export interface AlertUpdate {
  type: 'update';
  /** The alert that opened the group. */
  alert: Alert;
  added: { findings: number; requests: number };
  total: { findings: number; requests: number };
  /** The highest severity seen in the group. */
  severity: Severity;
  lastSeen: number;
  /** A few distinct scopes of the group (bounded), the opening one first. */
  scopes: string[];
}

/** What a channel's rate limit held back, summed up once tokens are available again. */
export interface AlertDigest {
  type: 'digest';
  from: number;
  to: number;
  held: number;
  requests: number;
  byCategory: Record<string, number>;
  /** The most severe held-back alerts (bounded). */
  worst: Alert[];
}

export type AlertMessage = AlertOpened | AlertUpdate | AlertDigest;

export interface RenderedMessage {
  title: string;
  /** Plain text, lines separated by "\n". Not escaped: each channel escapes for its medium. */
  text: string;
  /** Log lines, plain; a channel shows them as code, escaped. */
  evidence: string[];
}

export function renderMessage(message: AlertMessage, lang: Lang): RenderedMessage {
  const t = translator(alertMessages, lang);
  switch (message.type) {
    case 'alert':
      return { ...alertText(message.alert, lang), evidence: message.alert.evidence };
    case 'update': {
      const lines = [
        t('update.text', {
          added: message.added.findings,
          requests: message.added.requests,
          totalFindings: message.total.findings,
          totalRequests: message.total.requests,
          last: formatDateTime(message.lastSeen, lang),
        }),
      ];
      if (message.scopes.length > 1) lines.push(t('update.widened', { scopes: message.scopes.join(', ') }));
      return {
        title: t('update.title', {
          severity: severityText(message.severity, lang),
          category: categoryText(message.alert.category, lang),
          scope: scopeText(message.alert.scope, lang),
          added: message.added.findings,
        }),
        text: lines.join('\n'),
        evidence: [],
      };
    }
    case 'digest': {
      const lines = [
        t('digest.text', {
          alerts: message.held,
          requests: message.requests,
          from: formatDateTime(message.from, lang),
          to: formatDateTime(message.to, lang),
        }),
      ];
      const categories = Object.entries(message.byCategory).sort((a, b) => b[1] - a[1]);
      for (const [category, count] of categories) lines.push(t('digest.category', { category: categoryText(category, lang), count }));
      if (message.worst.length > 0) {
        lines.push(t('digest.worst'));
        for (const alert of message.worst) lines.push(`- ${alertText(alert, lang).title}`);
      }
      return { title: t('digest.title', { alerts: message.held }), text: lines.join('\n'), evidence: [] };
    }
  }
}

export function severityOf(message: AlertMessage): Severity {
  if (message.type === 'alert') return message.alert.severity;
  if (message.type === 'update') return message.severity;
  return message.worst.reduce<Severity>((worst, alert) => maxSeverity(worst, alert.severity), 'low');
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

export function severityRank(severity: Severity): number {
  return RANK[severity];
}
