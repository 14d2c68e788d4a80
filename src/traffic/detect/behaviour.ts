import { z } from 'zod';
import { ATTACK_TAGS } from '../../model/index.js';
import data from './behaviour.json' with { type: 'json' };

const severity = z.enum(['low', 'medium', 'high', 'critical']);
const technique = z.string().regex(/^T\d{4}(?:\.\d{3})?$/, 'a MITRE ATT&CK technique id such as T1190');
const positive = z.number().positive();
const perTag = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(ATTACK_TAGS.map((t) => [t, value])) as Record<(typeof ATTACK_TAGS)[number], T>).strict();
const perKind = z.object({ ip: positive, prefix: positive, asn: positive, country: positive }).strict();
const regex = z.string().refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
const statuses = z.array(z.number().int().min(100).max(599));

export const behaviourSchema = z
  .object({
    $comment: z.string().optional(),
    maxKeys: z.number().int().min(10),
    maxTrackedKeys: z.number().int().min(10),
    evidencePerFinding: z.number().int().min(1).max(1000),
    attackTags: z
      .object({
        severity: perTag(severity),
        technique: perTag(technique),
        defaultConfidence: z.number().min(0).max(1),
        raiseSeverityAt: z.array(z.number().int().positive()),
      })
      .strict(),
    scan: z
      .object({ notFoundStatuses: statuses, windowSeconds: positive, minDistinctPaths: z.number().int().min(2), technique })
      .strict(),
    bruteForce: z
      .object({
        loginPaths: z.array(regex).min(1),
        credentialQuery: regex,
        failureStatuses: statuses,
        successStatuses: statuses,
        perIp: z.object({ minFailures: z.number().int().min(2), windowSeconds: positive, technique }).strict(),
        distributed: z
          .object({
            minFailures: z.number().int().min(2),
            minDistinctIps: z.number().int().min(2),
            minFailureRatio: z.number().min(0).max(1),
            windowSeconds: positive,
            technique,
          })
          .strict(),
      })
      .strict(),
    flood: z
      .object({
        floorPerMinute: perKind,
        multipleOfBaseline: perKind,
        baselineAlpha: z.number().gt(0).max(1),
        minHistoryMinutes: z.number().int().min(0),
        reorderToleranceMinutes: z.number().int().min(0),
        technique,
      })
      .strict(),
    spoofedCrawler: z.object({ technique }).strict(),
  })
  .strict();

export type Behaviour = z.infer<typeof behaviourSchema>;

/** Validates behaviour thresholds; the error names the bad field. */
export function loadBehaviour(input: unknown = data): Behaviour {
  const parsed = behaviourSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`behaviour thresholds: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
