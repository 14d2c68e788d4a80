import { z } from 'zod';
import type { Finding, ScopeKind, Severity } from '../model/index.js';
import { DECISION_TYPES, normalizeScopeValue, parseDuration, type DecisionDraft, type DecisionScope, type DecisionType } from './decision.js';
import type { Allowlist, TargetFacts } from './allowlist.js';
import policyData from './policy.json' with { type: 'json' };

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const FINDING_SCOPES = ['ip', 'prefix', 'asn', 'country'] as const;

const durationText = z.string().refine((text) => parseDuration(text) !== null, { message: 'expected a duration such as 4h, 30m or 7d' });

const policySchema = z.object({
  minConfidence: z.number().min(0).max(1).default(0),
  rules: z.array(
    z.object({
      categories: z.array(z.string().min(1)).min(1),
      minSeverity: z.enum(SEVERITIES).default('low'),
      type: z.enum(DECISION_TYPES),
      duration: durationText,
      scopes: z.array(z.enum(FINDING_SCOPES)).min(1).default(['ip']),
    }),
  ),
  escalation: z.object({
    factor: z.number().min(1).max(100),
    windowDays: z.number().positive().max(3650),
    maxDuration: durationText,
  }),
});

export interface PolicyRule {
  categories: readonly string[];
  minSeverity: Severity;
  type: DecisionType;
  durationMs: number;
  scopes: readonly ScopeKind[];
}

export interface Policy {
  minConfidence: number;
  /** The first rule that matches a finding decides. */
  rules: readonly PolicyRule[];
  escalation: { factor: number; windowMs: number; maxDurationMs: number };
}

/** Reads and checks a policy file's content; throws an Error naming `source` and the bad field. */
export function parsePolicy(data: unknown, source = 'policy.json'): Policy {
  const result = policySchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${source}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid policy'}`);
  }
  const p = result.data;
  return {
    minConfidence: p.minConfidence,
    rules: p.rules.map((r) => ({ ...r, durationMs: parseDuration(r.duration) as number })),
    escalation: {
      factor: p.escalation.factor,
      windowMs: p.escalation.windowDays * 86_400_000,
      maxDurationMs: parseDuration(p.escalation.maxDuration) as number,
    },
  };
}

export const DEFAULT_POLICY: Policy = parsePolicy(policyData);

export interface DecideContext {
  now: number;
  policy?: Policy;
  allowlist?: Allowlist;
  /** What intel says of the finding's target (its AS, whether it is a verified crawler). */
  facts?: TargetFacts;
  /** When each earlier decision on the same target was made (any age: the policy applies its window). */
  previous?: readonly { createdAt: number; simulated?: boolean }[];
  /** Simulation mode: everything, or the named rules; simulated findings yield no decision. */
  simulation?: { all?: boolean; rules?: readonly string[] };
}

export interface DecideResult {
  decision: DecisionDraft | null;
  /** Why there is no decision, or "decided". */
  reason: 'decided' | 'invalid-finding' | 'simulation' | 'low-confidence' | 'no-rule' | 'bad-target' | `allowlist:${string}`;
}

const SCOPE_OF_FINDING: Record<ScopeKind, DecisionScope> = { ip: 'ip', prefix: 'range', asn: 'asn', country: 'country' };

/** The decision a finding calls for, or null. Pure: never throws, whatever the finding holds. */
export function decide(finding: Finding, context: DecideContext): DecisionDraft | null {
  return evaluate(finding, context).decision;
}

/** Like `decide`, with the reason when there is no decision. */
export function evaluate(finding: Finding, context: DecideContext): DecideResult {
  const policy = context.policy ?? DEFAULT_POLICY;
  const none = (reason: DecideResult['reason']): DecideResult => ({ decision: null, reason });
  if (!finding || typeof finding !== 'object' || !finding.scope || typeof finding.scope.value !== 'string') return none('invalid-finding');
  if (context.simulation?.all || context.simulation?.rules?.includes(finding.rule)) return none('simulation');
  // a rule in simulation mode marks its findings: they are evidence, never a reason to act
  if (finding.details && finding.details.simulated === 1) return none('simulation');
  if (!(Number(finding.confidence) >= policy.minConfidence)) return none('low-confidence');

  const scope = SCOPE_OF_FINDING[finding.scope.kind];
  if (!scope) return none('invalid-finding');
  const rule = policy.rules.find(
    (r) => r.categories.includes(finding.category) && r.scopes.includes(finding.scope.kind) && severityRank(finding.severity) >= severityRank(r.minSeverity),
  );
  if (!rule) return none('no-rule');
  const value = normalizeScopeValue(scope, finding.scope.value);
  if (!value) return none('bad-target');
  const allowed = context.allowlist?.match(scope, value, context.facts);
  if (allowed) return none(`allowlist:${allowed}`);

  const since = context.now - policy.escalation.windowMs;
  const repeats = (context.previous ?? []).filter((p) => !p.simulated && p.createdAt >= since && p.createdAt <= context.now).length;
  const duration = Math.min(rule.durationMs * policy.escalation.factor ** repeats, Math.max(policy.escalation.maxDurationMs, rule.durationMs));
  return {
    reason: 'decided',
    decision: {
      type: rule.type,
      scope,
      value,
      origin: 'vigie',
      scenario: `vigie/${finding.category}`,
      createdAt: context.now,
      until: context.now + duration,
      findingId: typeof finding.id === 'string' ? finding.id : null,
      simulated: false,
    },
  };
}

function severityRank(severity: string): number {
  return (SEVERITIES as readonly string[]).indexOf(severity);
}
