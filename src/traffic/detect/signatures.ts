import { z } from 'zod';
import { ATTACK_TAGS, type AttackTag } from '../../model/index.js';
import type { Severity } from '../../model/index.js';
import defaultSignatureData from './signatures.json' with { type: 'json' };
import { SAFE_KEYWORD } from './prefilter.js';

/** Which request value a signature reads. */
export const SIGNATURE_FIELDS = ['target', 'userAgent', 'referer'] as const;
export type SignatureField = (typeof SIGNATURE_FIELDS)[number];

export interface Signature {
  id: string;
  tag: AttackTag;
  field: SignatureField;
  /** Applied to the normalised (decoded, lower-cased) value. */
  pattern: RegExp;
  /**
   * Lower-case keywords, one of which occurs (case-insensitively) in the raw value whenever the
   * pattern can match a value free of the pre-filter's special characters: for a target or referer,
   * a value made only of letters, digits and `/ . _ - = & ? + , @`; for a user agent, one without
   * `% ' " < > | \` $ \ { } # * &`. Such values skip the full pass and are checked only against
   * the signatures whose keywords they contain.
   */
  prefilter: string[];
  description: { en: string; fr: string };
  severity?: Severity;
  /** 0..1: how much one match alone says. */
  confidence?: number;
}

/** A bad signature entry: names the entry and the field, in English and French. */
export class SignatureError extends Error {
  readonly messageFr: string;
  constructor(
    readonly entryId: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`signature "${entryId}": field "${field}": ${reason}`);
    this.name = 'SignatureError';
    this.messageFr = `signature « ${entryId} » : champ « ${field} » : ${reason}`;
  }
}

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    tag: z.enum(ATTACK_TAGS),
    field: z.enum(SIGNATURE_FIELDS),
    pattern: z.string().min(1),
    prefilter: z.array(z.string().min(2).regex(SAFE_KEYWORD, 'keywords are lower-case letters, digits or / . _ - = & ? + , @')).optional(),
    description: z.object({ en: z.string().min(1), fr: z.string().min(1) }).strict(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    confidence: z.number().min(0).max(1).optional(),
  })
  .strict();

const fileSchema = z.object({ $comment: z.string().optional(), signatures: z.array(z.unknown()) }).strict();

/** Escapes (\S, \x3C, \p{L}) may be upper case; literal letters may not, since values are lower-cased. */
const ESCAPES = /\\(?:u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[pP]\{[^}]*\}|c[A-Za-z]|.)/g;

/** Validates and compiles signatures; throws SignatureError on the first bad entry. */
export function loadSignatures(data: unknown = defaultSignatureData): Signature[] {
  const file = fileSchema.safeParse(data);
  if (!file.success) throw new SignatureError('(file)', issuePath(file.error.issues[0]), file.error.issues[0]?.message ?? 'invalid');
  const seen = new Set<string>();
  return file.data.signatures.map((raw, index) => {
    const rawId = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : `#${index}`;
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SignatureError(rawId, issuePath(issue), issue?.message ?? 'invalid');
    }
    const entry = parsed.data;
    if (seen.has(entry.id)) throw new SignatureError(entry.id, 'id', 'duplicate id');
    seen.add(entry.id);
    if (/[A-Z]/.test(entry.pattern.replace(ESCAPES, ''))) {
      throw new SignatureError(entry.id, 'pattern', 'upper-case letters can never match the lower-cased value');
    }
    const pattern = compile(entry.id, 'pattern', entry.pattern);
    const signature: Signature = {
      id: entry.id,
      tag: entry.tag,
      field: entry.field,
      pattern,
      prefilter: entry.prefilter ?? [],
      description: entry.description,
    };
    if (entry.severity) signature.severity = entry.severity;
    if (entry.confidence !== undefined) signature.confidence = entry.confidence;
    return signature;
  });
}

function compile(id: string, field: string, source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new SignatureError(id, field, `not a valid regular expression (${(error as Error).message})`);
  }
}

function issuePath(issue: z.core.$ZodIssue | undefined): string {
  return issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(entry)';
}

let defaults: Signature[] | undefined;
/** The signatures shipped with Vigie, loaded once. */
export function defaultSignatures(): Signature[] {
  defaults ??= loadSignatures();
  return defaults;
}
