import { categoryLabel, severityLabel } from '../report/messages.js';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { formatDateTime, formatPercent, translator, type Lang } from '../i18n/index.js';
import { prefixOf } from '../intel/ip.js';
import type { Finding, FindingCategory, Scope, Severity } from '../model/index.js';
import { alertMessages } from './messages.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];
export const DECISION_ACTIONS = ['ban', 'challenge', 'throttle'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/**
 * What an alert needs to know of a decision. Structural on purpose: the decisions part maps its own
 * record onto this, so alerts do not depend on how decisions are stored.
 */
export interface DecisionSummary {
  id: string;
  action: DecisionAction;
  scope: Scope;
  /** null: until lifted by hand. */
  durationMs: number | null;
  /** Short human reason, e.g. the rule name. Shown as is (escaped by each channel). */
  reason: string;
  /** When absent, derived from the action. */
  severity?: Severity;
  createdAt: number;
}

export interface AlertText {
  title: string;
  /** Plain text, lines separated by "\n"; never contains evidence (channels render it apart, escaped). */
  text: string;
}

export interface Alert {
  /** Deterministic: the same finding (or decision) and first-seen time give the same id. */
  id: string;
  /** Alerts with the same key within the grouping window are folded into one. */
  groupKey: string;
  severity: Severity;
  category: FindingCategory | 'decision';
  scope: Scope;
  requests: number;
  /** Findings folded into this alert: 1 when made, more once grouped. */
  findings: number;
  firstSeen: number;
  lastSeen: number;
  technique: string | null;
  rule: string | null;
  confidence: number | null;
  /** A few matching log lines, made printable and cut; not escaped for any medium. */
  evidence: string[];
  decision: DecisionSummary | null;
}

export type AlertResult = { ok: true; alert: Alert } | { ok: false; reason: string };

export interface AlertOptions {
  /** How many evidence lines to keep (default 3). */
  maxEvidence?: number;
  /** When it knows an address's autonomous system, alerts group by AS instead of by /24 (/64). */
  asnOf?: (ip: string) => number | null;
}

export const MAX_EVIDENCE_LINE = 300;
const DEFAULT_MAX_EVIDENCE = 3;

const scopeSchema = z.object({ kind: z.enum(['ip', 'prefix', 'asn', 'country']), value: z.string().min(1).max(200) });
const finite = z.number().refine(Number.isFinite, 'not a finite number');
const evidenceSchema = z.object({
  time: finite,
  ip: z.string(),
  method: z.string(),
  path: z.string(),
  status: finite,
  userAgent: z.string(),
});
const findingSchema = z.object({
  id: z.string().min(1),
  category: z.string().min(1).max(100),
  scope: scopeSchema,
  count: finite.refine((n) => n >= 0, 'negative'),
  severity: z.enum(SEVERITIES),
  confidence: finite,
  technique: z.string(),
  rule: z.string(),
  firstSeen: finite,
  lastSeen: finite,
  // Checked one by one below so that one malformed line does not discard the finding.
  evidence: z.array(z.unknown()),
});
const decisionSchema = z.object({
  id: z.string().min(1),
  action: z.enum(DECISION_ACTIONS),
  scope: scopeSchema,
  durationMs: finite.refine((n) => n >= 0, 'negative').nullable(),
  reason: z.string().max(1000),
  severity: z.enum(SEVERITIES).optional(),
  createdAt: finite,
});

const ACTION_SEVERITY: Record<DecisionAction, Severity> = { ban: 'high', challenge: 'medium', throttle: 'low' };

/**
 * An alert about a finding, optionally saying what was decided about it, or about a decision alone.
 * Never throws: malformed input gives a reason naming what is wrong.
 */
export function createAlert(
  input: { finding: Finding; decision?: DecisionSummary } | { finding?: undefined; decision: DecisionSummary },
  options: AlertOptions = {},
): AlertResult {
  try {
    let decision: DecisionSummary | null = null;
    if (input.decision !== undefined) {
      const parsed = decisionSchema.safeParse(input.decision);
      if (!parsed.success) return { ok: false, reason: `decision: ${describeIssues(parsed.error)}` };
      decision = parsed.data as DecisionSummary;
    }
    if (input.finding === undefined) {
      if (!decision) return { ok: false, reason: 'neither a finding nor a decision' };
      return { ok: true, alert: fromDecision(decision, options) };
    }
    const parsed = findingSchema.safeParse(input.finding);
    if (!parsed.success) return { ok: false, reason: `finding: ${describeIssues(parsed.error)}` };
    return { ok: true, alert: fromFinding(input.finding, decision, options) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function fromFinding(finding: Finding, decision: DecisionSummary | null, options: AlertOptions): Alert {
  const maxEvidence = options.maxEvidence ?? DEFAULT_MAX_EVIDENCE;
  const evidence: string[] = [];
  for (const line of finding.evidence) {
    if (evidence.length >= maxEvidence) break;
    if (evidenceSchema.safeParse(line).success) evidence.push(evidenceLine(line));
  }
  const alert: Alert = {
    id: shortHash(`finding|${finding.id}|${finding.firstSeen}`),
    groupKey: groupKeyOf(finding.category, finding.scope, options),
    severity: finding.severity,
    category: finding.category,
    scope: { kind: finding.scope.kind, value: printable(finding.scope.value, 200) },
    requests: finding.count,
    findings: 1,
    firstSeen: Math.min(finding.firstSeen, finding.lastSeen),
    lastSeen: Math.max(finding.firstSeen, finding.lastSeen),
    technique: finding.technique ? printable(finding.technique, 40) : null,
    rule: finding.rule ? printable(finding.rule, 200) : null,
    confidence: Math.min(1, Math.max(0, finding.confidence)),
    evidence,
    decision,
  };
  return alert;
}

function fromDecision(decision: DecisionSummary, options: AlertOptions): Alert {
  const alert: Alert = {
    id: shortHash(`decision|${decision.id}|${decision.createdAt}`),
    groupKey: groupKeyOf(`decision:${decision.action}`, decision.scope, options),
    severity: decision.severity ?? ACTION_SEVERITY[decision.action],
    category: 'decision',
    scope: { kind: decision.scope.kind, value: printable(decision.scope.value, 200) },
    requests: 0,
    findings: 1,
    firstSeen: decision.createdAt,
    lastSeen: decision.createdAt,
    technique: null,
    rule: null,
    confidence: null,
    evidence: [],
    decision,
  };
  return alert;
}

/**
 * Same category and same network: an attack spread over a /24 (or one AS) is one story, not 256.
 * Addresses and prefixes share the "net" kind so that a prefix finding joins its addresses' group.
 */
export function groupKeyOf(category: string, scope: Scope, options: Pick<AlertOptions, 'asnOf'> = {}): string {
  if (scope.kind === 'ip') {
    const asn = options.asnOf?.(scope.value) ?? null;
    if (asn !== null) return `${category}|asn|AS${asn}`;
    return `${category}|net|${prefixOf(scope.value) ?? scope.value}`;
  }
  if (scope.kind === 'prefix') return `${category}|net|${scope.value}`;
  return `${category}|${scope.kind}|${scope.value}`;
}

/**
 * The title and text of an alert in one language. Made when a message is rendered, not with the
 * alert: most alerts of a flood are folded into a group and never read, and formatting is costly.
 */
export function alertText(alert: Alert, lang: Lang): AlertText {
  const t = translator(alertMessages, lang);
  const severity = severityText(alert.severity, lang);
  const scope = scopeText(alert.scope, lang);
  const lines: string[] = [];
  let title: string;
  if (alert.category === 'decision' && alert.decision) {
    title = t('alert.titleDecision', { severity, action: t(`action.${alert.decision.action}`), scope });
  } else {
    title = t('alert.title', { severity, category: categoryText(alert.category, lang), scope });
    lines.push(
      t('alert.summary', {
        count: alert.requests,
        rule: alert.rule ?? '?',
        first: formatDateTime(alert.firstSeen, lang),
        last: formatDateTime(alert.lastSeen, lang),
      }),
    );
    if (alert.technique) lines.push(t('alert.technique', { technique: alert.technique }));
    if (alert.confidence !== null) lines.push(t('alert.confidence', { percent: formatPercent(alert.confidence, 1, lang) }));
  }
  if (alert.decision) lines.push(...decisionLines(alert.decision, lang));
  if (alert.scope.kind === 'asn' || alert.scope.kind === 'country') lines.push(t('alert.caveat'));
  return { title, text: lines.join('\n') };
}

function decisionLines(decision: DecisionSummary, lang: Lang): string[] {
  const t = translator(alertMessages, lang);
  const action = t(`action.${decision.action}`);
  const scope = scopeText(decision.scope, lang);
  const lines = [
    decision.durationMs === null
      ? t('alert.decisionPermanent', { action, scope })
      : t('alert.decision', { action, scope, duration: durationText(decision.durationMs, lang) }),
  ];
  if (decision.reason) lines.push(t('alert.decisionReason', { reason: printable(decision.reason, 300) }));
  return lines;
}

export function scopeText(scope: Scope, lang: Lang): string {
  return translator(alertMessages, lang)(`scope.${scope.kind}`, { value: scope.value });
}

/** Category and severity names are the report's, so that an alert and a report say the same. */
export function categoryText(category: string, lang: Lang): string {
  return category === 'decision' ? translator(alertMessages, lang)('category.decision') : categoryLabel(category, lang);
}

export function severityText(severity: Severity, lang: Lang): string {
  return severityLabel(severity, lang);
}

function durationText(ms: number, lang: Lang): string {
  const t = translator(alertMessages, lang);
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return t('duration.minutes', { n: minutes });
  const hours = Math.round(ms / 3_600_000);
  if (hours < 48) return t('duration.hours', { n: hours });
  return t('duration.days', { n: Math.round(ms / 86_400_000) });
}

function evidenceLine(line: z.infer<typeof evidenceSchema>): string {
  const time = Number.isFinite(new Date(line.time).getTime()) ? new Date(line.time).toISOString() : '?';
  return printable(`${time} ${line.ip} "${line.method} ${line.path}" ${line.status} "${line.userAgent}"`, MAX_EVIDENCE_LINE);
}

/** Control characters become visible escapes (a log line must not forge new lines in a message). */
export function printable(text: string, max: number): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
