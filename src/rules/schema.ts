import { z } from 'zod';
import { ATTACK_TAGS, BEHAVIOUR_CATEGORIES } from '../model/index.js';
import type { FindingCategory, Severity } from '../model/index.js';
import { FIELD_NAMES, isKeyField } from './fields.js';
import type { Filter } from './filter.js';

/** The fields of one rule in a rule file (YAML). Unknown fields are refused, so typos are seen. */
export const RULE_TYPES = ['window', 'leaky', 'trigger'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** Group-by keys that name who a finding is about; a rule groups by at least one. */
export const SCOPE_KEYS = ['ip', 'prefix', 'asn', 'country'] as const;

export const CATEGORIES: readonly FindingCategory[] = [...ATTACK_TAGS, ...BEHAVIOUR_CATEGORIES];

const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A window or leak longer than a week would keep state for too long to mean anything live. */
const MAX_DURATION_MS = 7 * 86_400_000;

/** Milliseconds of "500ms", "30s", "5m", "2h", "1d"; null when it is not one of those. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return ms > 0 && ms <= MAX_DURATION_MS ? ms : null;
}

const duration = z.string().refine((s) => parseDuration(s) !== null, 'a duration such as 30s, 5m, 2h or 1d (above 0, at most 7d)');
const keyField = z.string().refine(isKeyField, { message: `a field among ${FIELD_NAMES.filter(isKeyField).join(', ')}` });

export const ruleSchema = z
  .strictObject({
    name: z
      .string()
      .max(100)
      .regex(/^[a-z0-9][a-z0-9._/-]*$/, 'lower-case letters, digits and . _ / - (e.g. "http/probing")'),
    description: z.strictObject({ en: z.string().min(1).max(1000), fr: z.string().min(1).max(1000) }),
    type: z.enum(RULE_TYPES),
    filter: z.string().min(1),
    groupBy: z.union([keyField, z.array(keyField).min(1).max(4)]).transform((v) => (Array.isArray(v) ? v : [v])),
    distinct: keyField.optional(),
    minDistinct: z.number().int().min(1).max(10_000).optional(),
    window: duration.optional(),
    /** Window rules: a wider filter (all login attempts); matches must be at least `minRatio` of it. */
    ratioOf: z.string().min(1).optional(),
    minRatio: z.number().gt(0).max(1).optional(),
    threshold: z.number().int().min(1).max(10_000).optional(),
    capacity: z.number().int().min(1).max(10_000).optional(),
    leakSpeed: duration.optional(),
    /** After firing, the group stays quiet this long, then may fire again (live use); absent: once per run. */
    blackhole: duration.optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']),
    confidence: z.number().min(0).max(1),
    category: z.enum(CATEGORIES as [FindingCategory, ...FindingCategory[]]),
    technique: z.string().regex(/^T\d{4}(\.\d{3})?$/, 'a MITRE ATT&CK technique id such as T1110 or T1595.003'),
    labels: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'label names: letters, digits, . _ -'), z.union([z.string().max(200), z.number(), z.boolean()])).default({}),
    simulation: z.boolean().default(false),
    enabled: z.boolean().default(true),
    evidence: z.number().int().min(0).max(1000).default(20),
  })
  .superRefine((rule, ctx) => {
    const need = (field: string, present: boolean) => {
      if (!present) ctx.addIssue({ code: 'custom', path: [field], message: `a ${rule.type} rule needs "${field}"` });
    };
    const refuse = (field: string, present: boolean) => {
      if (present) ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" has no meaning for a ${rule.type} rule` });
    };
    if (rule.type === 'window') {
      need('window', rule.window !== undefined);
      need('threshold', rule.threshold !== undefined);
      refuse('capacity', rule.capacity !== undefined);
      refuse('leakSpeed', rule.leakSpeed !== undefined);
    } else if (rule.type === 'leaky') {
      need('capacity', rule.capacity !== undefined);
      need('leakSpeed', rule.leakSpeed !== undefined);
      refuse('window', rule.window !== undefined);
      refuse('threshold', rule.threshold !== undefined);
      refuse('minDistinct', rule.minDistinct !== undefined);
    } else {
      for (const field of ['window', 'threshold', 'capacity', 'leakSpeed', 'distinct', 'minDistinct'] as const) refuse(field, rule[field] !== undefined);
    }
    if (rule.type !== 'window') {
      refuse('ratioOf', rule.ratioOf !== undefined);
      refuse('minRatio', rule.minRatio !== undefined);
    } else if ((rule.ratioOf === undefined) !== (rule.minRatio === undefined)) {
      ctx.addIssue({ code: 'custom', path: [rule.ratioOf === undefined ? 'minRatio' : 'ratioOf'], message: '"ratioOf" and "minRatio" go together' });
    }
    if (rule.minDistinct !== undefined && rule.distinct === undefined) {
      ctx.addIssue({ code: 'custom', path: ['minDistinct'], message: '"minDistinct" needs "distinct"' });
    }
    // zod runs this refinement even when a field failed: check shapes before use
    if (!Array.isArray(rule.groupBy)) return;
    if (!rule.groupBy.some((key) => (SCOPE_KEYS as readonly string[]).includes(key))) {
      ctx.addIssue({ code: 'custom', path: ['groupBy'], message: `group by at least one of ${SCOPE_KEYS.join(', ')}: a finding is about an address or a network` });
    }
    if (new Set(rule.groupBy).size !== rule.groupBy.length) ctx.addIssue({ code: 'custom', path: ['groupBy'], message: 'a key is listed twice' });
  });

export type RuleSpec = z.infer<typeof ruleSchema>;

/** A validated rule, ready to compile into a detector. */
export interface Rule extends RuleSpec {
  severity: Severity;
  filterCompiled: Filter;
  ratioCompiled: Filter | null;
  /** Window rules. */
  windowMs: number | null;
  /** Leaky rules: time for one event to leak out. */
  leakMs: number | null;
  blackholeMs: number | null;
  /** Where it was written. */
  source: { file: string; line: number; builtin: boolean };
}
