/**
 * The API between `vigie serve` and its dashboard: every request and response as a zod schema,
 * with the TypeScript type inferred from it. The server validates with these schemas and builds its
 * OpenAPI document from them; the dashboard imports the types. Dependency-light on purpose (zod and
 * type-only imports), so that the browser bundle can import it.
 *
 * Conventions: all JSON under /api; times are epoch milliseconds (UTC); errors are ApiError with
 * 400 (field named), 401, 403, 404, 409, 429. Sessions ride in the httpOnly cookie `vigie_session`;
 * every state-changing request authenticated by that cookie carries the header `x-csrf-token`
 * (the token from /api/me, /api/login or /api/setup). Automation sends `Authorization: Bearer
 * <token>` instead (no CSRF). `?lang=fr` or Accept-Language picks the language of messages.
 */
import { z } from 'zod';
import type { AttackTag, NetworkType, Origin, HttpEvent, Finding, Severity, ScopeKind, BehaviourCategory } from '../model/index.js';
import type { Decision, DecisionOrigin, DecisionScope, DecisionType } from '../decisions/decision.js';

export const SESSION_COOKIE = 'vigie_session';
export const CSRF_HEADER = 'x-csrf-token';

// Enumerations are spelled out here (the model's constant arrays are values, which the browser
// bundle need not pull in); the checks at the end of the file keep them equal to the model's types.
export const NETWORK_TYPE_VALUES = ['isp', 'hosting', 'tor', 'vpn', 'crawler', 'private', 'unknown'] as const;
export const ORIGIN_VALUES = ['domestic', 'foreign', 'obscured', 'unknown'] as const;
export const ATTACK_TAG_VALUES = [
  'sqli', 'xss', 'path-traversal', 'rfi', 'command-injection', 'code-injection', 'ssrf', 'sensitive-file', 'cms-probe', 'scanner-tool',
] as const;
export const BEHAVIOUR_VALUES = ['scan', 'brute-force', 'flood', 'spoofed-crawler'] as const;
export const CATEGORY_VALUES = [...ATTACK_TAG_VALUES, ...BEHAVIOUR_VALUES] as const;
export const SEVERITY_VALUES = ['low', 'medium', 'high', 'critical'] as const;
export const SCOPE_KIND_VALUES = ['ip', 'prefix', 'asn', 'country'] as const;
export const DECISION_TYPE_VALUES = ['ban', 'challenge', 'throttle'] as const;
export const DECISION_SCOPE_VALUES = ['ip', 'range', 'asn', 'country'] as const;
export const DECISION_ORIGIN_VALUES = ['vigie', 'manual', 'cli', 'api'] as const;
export const ROLE_VALUES = ['admin', 'analyst', 'viewer'] as const;
export const LANG_VALUES = ['en', 'fr'] as const;

export const Role = z.enum(ROLE_VALUES);
export type Role = z.infer<typeof Role>;
export const Lang = z.enum(LANG_VALUES);
export type Lang = z.infer<typeof Lang>;

// ---------------------------------------------------------------- errors

export const ApiError = z.object({
  error: z.object({
    /** Stable, for programs: "invalid", "unauthenticated", "forbidden", "not-found", "conflict", "rate-limited", "csrf", "internal". */
    code: z.string(),
    /** For people, in the request's language. */
    message: z.string(),
    /** The input field at fault (400 only), e.g. "body.password" or "query.minutes". */
    field: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

// ---------------------------------------------------------------- shared records

export const Country = z.string().regex(/^[A-Z]{2}$/);
export const Ip = z.string().min(2).max(45);

export const HttpEventSchema = z.object({
  time: z.number(),
  ip: z.string(),
  method: z.string(),
  path: z.string(),
  protocol: z.string(),
  status: z.number(),
  bytes: z.number(),
  referer: z.string(),
  userAgent: z.string(),
  host: z.string().optional(),
  forwardedFor: z.string().optional(),
  durationMs: z.number().optional(),
  file: z.string(),
  line: z.number(),
  country: z.string().nullable(),
  asn: z.number().nullable(),
  org: z.string().nullable(),
  networkType: z.enum(NETWORK_TYPE_VALUES),
  origin: z.enum(ORIGIN_VALUES),
  tags: z.array(z.enum(ATTACK_TAG_VALUES)),
});

export const EvidenceSchema = z.object({
  file: z.string(), line: z.number(), time: z.number(), ip: z.string(), method: z.string(), path: z.string(), status: z.number(), userAgent: z.string(),
});

export const FindingSchema = z.object({
  id: z.string(),
  category: z.enum(CATEGORY_VALUES),
  scope: z.object({ kind: z.enum(SCOPE_KIND_VALUES), value: z.string() }),
  count: z.number(),
  severity: z.enum(SEVERITY_VALUES),
  confidence: z.number(),
  /** MITRE ATT&CK technique id. */
  technique: z.string(),
  /** The rule or detector that fired. */
  rule: z.string(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  evidence: z.array(EvidenceSchema),
  details: z.record(z.string(), z.union([z.number(), z.string()])),
});

export const DecisionSchema = z.object({
  id: z.number(),
  uuid: z.string(),
  type: z.enum(DECISION_TYPE_VALUES),
  scope: z.enum(DECISION_SCOPE_VALUES),
  /** "203.0.113.7", "203.0.113.0/24", "64500" (AS number without "AS"), "CA". */
  value: z.string(),
  origin: z.enum(DECISION_ORIGIN_VALUES),
  scenario: z.string(),
  createdAt: z.number(),
  until: z.number(),
  deletedAt: z.number().nullable(),
  findingId: z.string().nullable(),
  simulated: z.boolean(),
});

export const UserSchema = z.object({ username: z.string(), role: Role });
export type User = z.infer<typeof UserSchema>;

/** Requests and attacks (requests carrying an attack tag) of one key. */
export const Count = z.object({ key: z.string(), requests: z.number(), attacks: z.number() });
export type Count = z.infer<typeof Count>;
export const OriginSplit = z.object({ domestic: z.number(), foreign: z.number(), obscured: z.number(), unknown: z.number() });
export type OriginSplit = z.infer<typeof OriginSplit>;
export const TimelinePoint = z.object({ minute: z.number(), requests: z.number(), attacks: z.number() });
export type TimelinePoint = z.infer<typeof TimelinePoint>;

// ---------------------------------------------------------------- accounts

export const Username = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'letters, digits, . _ - @ (1 to 64)');
/** At least 12 characters: no default password and no short ones. */
export const Password = z.string().min(12).max(256);

export const SetupStatus = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;
export const SetupRequest = z.strictObject({ username: Username, password: Password });
export type SetupRequest = z.infer<typeof SetupRequest>;
export const LoginRequest = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginRequest = z.infer<typeof LoginRequest>;
/** Answer of /api/setup, /api/login and /api/me. */
export const SessionInfo = z.object({ user: UserSchema, csrfToken: z.string() });
export type SessionInfo = z.infer<typeof SessionInfo>;
export const Ok = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;

export const UserRecord = UserSchema.extend({ createdAt: z.number(), lastLoginAt: z.number().nullable() });
export type UserRecord = z.infer<typeof UserRecord>;
export const UserList = z.array(UserRecord);
export const CreateUserRequest = z.strictObject({ username: Username, password: Password, role: Role });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;
/** PATCH /api/users/:username: a new role and/or a new password. */
export const UpdateUserRequest = z.strictObject({ role: Role.optional(), password: Password.optional() });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const TokenRecord = z.object({ id: z.string(), name: z.string(), role: Role, createdBy: z.string(), createdAt: z.number(), lastUsedAt: z.number().nullable() });
export type TokenRecord = z.infer<typeof TokenRecord>;
export const TokenList = z.array(TokenRecord);
export const CreateTokenRequest = z.strictObject({ name: z.string().regex(/^[\w .@-]{1,64}$/), role: Role });
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;
/** The secret is shown once: only its hash is kept. */
export const CreatedToken = TokenRecord.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

export const AuditRecord = z.object({
  at: z.number(),
  /** A user name, "token:<name>", "vigie" (automatic decisions) or "expiry". */
  actor: z.string(),
  /** e.g. "user.create", "login", "login.failed", "decision.add", "settings.update", "demo.start". */
  action: z.string(),
  target: z.string(),
  detail: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
export const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
export const AuditList = z.array(AuditRecord);

// ---------------------------------------------------------------- overview and traffic

export const OverviewQuery = z.object({ minutes: z.coerce.number().int().min(1).max(10_080).default(60) });
export type OverviewQuery = z.infer<typeof OverviewQuery>;

export const TopSource = z.object({
  ip: z.string(),
  country: z.string().nullable(),
  asn: z.number().nullable(),
  org: z.string().nullable(),
  networkType: z.enum(NETWORK_TYPE_VALUES),
  findings: z.number(),
  severity: z.enum(SEVERITY_VALUES),
  lastSeen: z.number(),
});
export type TopSource = z.infer<typeof TopSource>;

export const Overview = z.object({
  now: z.number(),
  minutes: z.number(),
  /** Home country (ISO alpha-2) that "domestic" means. */
  home: z.string(),
  requests: z.number(),
  attacks: z.number(),
  split: z.object({ all: OriginSplit, attacks: OriginSplit }),
  countries: z.array(Count),
  topSources: z.array(TopSource),
  timeline: z.array(TimelinePoint),
  recentFindings: z.array(FindingSchema),
  recentDecisions: z.array(DecisionSchema),
  /** Decisions in force now. */
  activeDecisions: z.number(),
});
export type Overview = z.infer<typeof Overview>;

export const TrafficQuery = z.object({
  /** Epoch ms; default: one hour before `to`. */
  from: z.coerce.number().int().min(0).optional(),
  /** Epoch ms; default: now. */
  to: z.coerce.number().int().min(0).optional(),
  country: z.string().regex(/^([A-Za-z]{2}|\?\?)$/).optional(),
  asn: z.coerce.number().int().min(0).max(4294967295).optional(),
  network: z.enum(NETWORK_TYPE_VALUES).optional(),
  category: z.enum(ATTACK_TAG_VALUES).optional(),
  /** Path prefix (query string excluded). */
  path: z.string().min(1).max(512).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
});
export type TrafficQuery = z.infer<typeof TrafficQuery>;

export const Traffic = z.object({
  from: z.number(),
  to: z.number(),
  /** "rollups": per-minute counts (the rollups, or under a filter the store's traffic cubes); "events": the stored requests. */
  basis: z.enum(['rollups', 'events']),
  requests: z.number(),
  attacks: z.number(),
  timeline: z.array(TimelinePoint),
  byCountry: z.array(Count),
  byAsn: z.array(Count.extend({ org: z.string().nullable() })),
  byNetwork: z.array(Count),
  byOrigin: z.array(Count),
  byCategory: z.array(Count),
  byStatus: z.array(Count),
  byPath: z.array(Count),
});
export type Traffic = z.infer<typeof Traffic>;

// ---------------------------------------------------------------- drill-down

export const EntityParams = {
  ip: z.object({ ip: Ip }),
  asn: z.object({ asn: z.string().regex(/^(AS|as)?\d{1,10}$/) }),
  country: z.object({ cc: z.string().regex(/^[A-Za-z]{2}$/) }),
};
export const EntityQuery = z.object({ minutes: z.coerce.number().int().min(1).max(43_200).default(1440) });

export const IpIntelSchema = z.object({
  ip: z.string(), country: z.string().nullable(), asn: z.number().nullable(), org: z.string().nullable(),
  networkType: z.enum(NETWORK_TYPE_VALUES), lists: z.array(z.string()), origin: z.enum(ORIGIN_VALUES),
});
export const EntitySummary = z.object({
  /** "ip", "asn" or "country" and its normalised key ("203.0.113.7", "64500", "CA"). */
  kind: z.enum(['ip', 'asn', 'country']),
  key: z.string(),
  label: z.string(),
  requests: z.number(),
  attacks: z.number(),
  firstSeen: z.number().nullable(),
  lastSeen: z.number().nullable(),
});
export const EntityDetail = z.object({
  summary: EntitySummary,
  /** Only for an IP. */
  intel: IpIntelSchema.nullable(),
  /** The most recent requests (at most 200). */
  requests: z.array(HttpEventSchema),
  findings: z.array(FindingSchema),
  decisions: z.array(DecisionSchema),
  timeline: z.array(TimelinePoint),
  /** Top IPs (for an ASN or country), top paths (for an IP). */
  top: z.array(Count),
});
export type EntityDetail = z.infer<typeof EntityDetail>;

// ---------------------------------------------------------------- findings

export const FindingsQuery = z.object({
  category: z.enum(CATEGORY_VALUES).optional(),
  severity: z.enum(SEVERITY_VALUES).optional(),
  ip: Ip.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type FindingsQuery = z.infer<typeof FindingsQuery>;
export const FindingList = z.array(FindingSchema);
export const FindingParams = z.object({ id: z.string().regex(/^[\w:.\-/|]{1,200}$/) });
export const FalsePositiveRequest = z.strictObject({ note: z.string().max(500).optional() });
export const FalsePositiveAnswer = z.object({
  finding: FindingSchema,
  suggestion: z.object({
    kind: z.enum(['allowlist', 'rule']),
    /** What to add to which file (YAML), ready to paste. */
    text: z.string(),
    /** Where it goes, e.g. "allowlist.yaml" or "rules/local.yaml". */
    file: z.string(),
  }),
});
export type FalsePositiveAnswer = z.infer<typeof FalsePositiveAnswer>;

// ---------------------------------------------------------------- decisions

export const DecisionsQuery = z.object({
  active: z.enum(['true', 'false']).default('true'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export const DecisionList = z.array(DecisionSchema);
export const AddDecisionRequest = z.strictObject({
  type: z.enum(DECISION_TYPE_VALUES).default('ban'),
  scope: z.enum(DECISION_SCOPE_VALUES),
  value: z.string().min(1).max(64),
  /** "4h", "30m", "7d". */
  duration: z.string().regex(/^(\d+(\.\d+)?(ms|s|m|h|d))+$/, 'a duration such as 4h, 30m or 7d').default('4h'),
  reason: z.string().min(1).max(200).default('manual'),
});
export type AddDecisionRequest = z.input<typeof AddDecisionRequest>;
export const DecisionParams = z.object({ id: z.coerce.number().int().min(1) });

// ---------------------------------------------------------------- sources, settings, attributions

export const SourceHealth = z.object({
  name: z.string(),
  /** "files", "syslog", "ingest", "demo". */
  kind: z.string(),
  status: z.enum(['running', 'idle', 'stopped', 'error']),
  linesPerSecond: z.number(),
  /** Seconds between now and the newest event's own time (null before any). */
  lagSeconds: z.number().nullable(),
  lines: z.number(),
  errors: z.number(),
  lastEventAt: z.number().nullable(),
  /** Last notice or error, in English (source messages are technical). */
  lastMessage: z.string().nullable(),
});
export type SourceHealth = z.infer<typeof SourceHealth>;
export const SourceList = z.array(SourceHealth);

export const Settings = z.object({
  home: Country,
  retentionDays: z.number().int().min(1).max(3650),
  alerts: z.object({
    /** Channel names and kinds, secrets never included. */
    channels: z.array(z.object({ name: z.string(), kind: z.string() })),
    minSeverity: z.enum(SEVERITY_VALUES),
  }),
  rulesDirs: z.array(z.string()),
  language: Lang,
});
export type Settings = z.infer<typeof Settings>;
export const UpdateSettingsRequest = z.strictObject({
  home: z.string().regex(/^[A-Za-z]{2}$/).transform((s) => s.toUpperCase()).optional(),
  retentionDays: z.number().int().min(1).max(3650).optional(),
  minSeverity: z.enum(SEVERITY_VALUES).optional(),
  language: Lang.optional(),
});
export type UpdateSettingsRequest = z.input<typeof UpdateSettingsRequest>;

export const RuleInfo = z.object({ id: z.string(), category: z.string(), severity: z.enum(SEVERITY_VALUES), source: z.enum(['builtin', 'operator']), description: z.string() });
export const RuleList = z.array(RuleInfo);

export const Attribution = z.object({ name: z.string(), licence: z.string(), url: z.string(), notice: z.string() });
export type Attribution = z.infer<typeof Attribution>;
export const AttributionList = z.array(Attribution);

// ---------------------------------------------------------------- demo and live stream

export const DemoStatus = z.object({
  running: z.boolean(),
  startedAt: z.number().nullable(),
  lines: z.number(),
  linesPerSecond: z.number(),
  /** True when the server has no configured source: the dashboard offers the demo. */
  offered: z.boolean(),
});
export type DemoStatus = z.infer<typeof DemoStatus>;
export const DemoStartRequest = z.strictObject({ rate: z.number().int().min(10).max(5000).optional() }).optional();

/** SSE on GET /api/stream: `event: stats` each second, `event: finding`, `event: decision`. */
export const StatsEvent = z.object({ at: z.number(), requestsPerSecond: z.number(), attacksPerSecond: z.number(), events: z.number(), findings: z.number() });
export type StatsEvent = z.infer<typeof StatsEvent>;
export const FindingEvent = z.object({ finding: FindingSchema, decisionId: z.number().nullable() });
export type FindingEvent = z.infer<typeof FindingEvent>;
export const DecisionEvent = z.object({ kind: z.enum(['added', 'deleted', 'expired']), decision: DecisionSchema });
export type DecisionEvent = z.infer<typeof DecisionEvent>;
export const STREAM_EVENTS = ['stats', 'finding', 'decision'] as const;

// ---------------------------------------------------------------- inferred records, checked against the model

export type ApiHttpEvent = z.infer<typeof HttpEventSchema>;
export type ApiFinding = z.infer<typeof FindingSchema>;
export type ApiDecision = z.infer<typeof DecisionSchema>;
export type ApiEntitySummary = z.infer<typeof EntitySummary>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const check = <T extends true>(value: T): T => value;
check<Same<(typeof NETWORK_TYPE_VALUES)[number], NetworkType>>(true);
check<Same<(typeof ORIGIN_VALUES)[number], Origin>>(true);
check<Same<(typeof ATTACK_TAG_VALUES)[number], AttackTag>>(true);
check<Same<(typeof BEHAVIOUR_VALUES)[number], BehaviourCategory>>(true);
check<Same<(typeof SEVERITY_VALUES)[number], Severity>>(true);
check<Same<(typeof SCOPE_KIND_VALUES)[number], ScopeKind>>(true);
check<Same<(typeof DECISION_TYPE_VALUES)[number], DecisionType>>(true);
check<Same<(typeof DECISION_SCOPE_VALUES)[number], DecisionScope>>(true);
check<Same<(typeof DECISION_ORIGIN_VALUES)[number], DecisionOrigin>>(true);
check<Same<ApiDecision, Decision>>(true);
check<ApiFinding extends Finding ? true : false>(true);
check<ApiHttpEvent extends HttpEvent ? true : false>(true);

// ================================================================ information space (dashboard pages: sources, clusters, posts, trends, cases)
// Every text in these records comes from strangers' posts: the dashboard renders it as text only.

export const INFOSPACE_PLATFORM_VALUES = ['rss', 'atom', 'mastodon', 'bluesky', 'telegram', 'import'] as const;
export const INFOSPACE_METHOD_VALUES = ['co-link', 'co-domain', 'co-text', 'copy-paste', 'co-repost', 'co-reply', 'co-hashtag', 'burst'] as const;
export const TLP_VALUES = ['clear', 'green', 'amber', 'red'] as const;
const InfoMethod = z.enum(INFOSPACE_METHOD_VALUES);

export const InfoSource = z.object({
  name: z.string(),
  kind: z.string(),
  url: z.string(),
  posts: z.number(),
  errors: z.number(),
  failures: z.number(),
  lastOkAt: z.number().nullable(),
  nextPollAt: z.number(),
  lastError: z.string().nullable(),
  /** ok: last poll worked; failing: the last poll(s) failed; new: never polled yet. */
  health: z.enum(['ok', 'failing', 'new']),
});
export type InfoSource = z.infer<typeof InfoSource>;
export const InfoSourceList = z.object({ sources: z.array(InfoSource), posts: z.number() });
export type InfoSourceList = z.infer<typeof InfoSourceList>;

export const InfoClusterSummary = z.object({
  id: z.string(),
  accounts: z.array(z.string()),
  method: InfoMethod,
  methods: z.array(z.object({ method: InfoMethod, window: z.number(), windowEstimated: z.boolean(), edges: z.number(), items: z.number() })),
  score: z.number(),
  window: z.number(),
  first: z.string(),
  last: z.string(),
  medianDelaySeconds: z.number(),
  items: z.array(z.object({ method: InfoMethod, item: z.string(), accounts: z.number(), posts: z.number() })),
});
export type InfoClusterSummary = z.infer<typeof InfoClusterSummary>;
export const InfoClusterList = z.object({ at: z.number().nullable(), clusters: z.array(InfoClusterSummary) });
export type InfoClusterList = z.infer<typeof InfoClusterList>;
export const InfoClusterParams = z.object({ id: z.string().regex(/^[\w.-]{1,100}$/) });
export const InfoGraph = z.object({
  nodes: z.array(z.object({ id: z.string(), weight: z.number() })),
  edges: z.array(z.object({ source: z.string(), target: z.string(), weight: z.number(), methods: z.array(InfoMethod), symmetry: z.number() })),
});
export type InfoGraph = z.infer<typeof InfoGraph>;
export const InfoEvidenceQuery = z.object({ a: z.string().min(1).max(300), b: z.string().min(1).max(300) });
export const InfoEvidencePost = z.object({ id: z.string(), account: z.string(), time: z.string(), method: InfoMethod, item: z.string(), text: z.string(), url: z.string().nullable() });
export type InfoEvidencePost = z.infer<typeof InfoEvidencePost>;
export const InfoEvidenceList = z.array(InfoEvidencePost);

export const InfoDetectRequest = z.strictObject({ since: z.number().int().min(0).optional(), until: z.number().int().min(0).optional() }).optional();
export const InfoDetectAnswer = z.object({
  posts: z.number(),
  accounts: z.number(),
  edges: z.number(),
  clusters: z.number(),
  alerts: z.array(z.object({ cluster: z.string(), accounts: z.number(), outlets: z.array(z.object({ outlet: z.string(), typology: z.string(), matched: z.string(), posts: z.number() })) })),
});
export type InfoDetectAnswer = z.infer<typeof InfoDetectAnswer>;

export const InfoPostsQuery = z.object({
  platform: z.enum(INFOSPACE_PLATFORM_VALUES).optional(),
  account: z.string().min(1).max(300).optional(),
  lang: z.string().regex(/^[a-z]{2,3}$/).optional(),
  source: z.string().min(1).max(300).optional(),
  text: z.string().min(1).max(200).optional(),
  since: z.coerce.number().int().min(0).optional(),
  until: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type InfoPostsQuery = z.input<typeof InfoPostsQuery>;
export const InfoPost = z.object({
  id: z.string(),
  platform: z.enum(INFOSPACE_PLATFORM_VALUES),
  account: z.string(),
  time: z.number(),
  text: z.string(),
  links: z.array(z.string()),
  hashtags: z.array(z.string()),
  mentions: z.array(z.string()),
  replyTo: z.string().nullable(),
  repostOf: z.string().nullable(),
  quoteOf: z.string().nullable(),
  lang: z.string().nullable(),
  url: z.string().nullable(),
  source: z.string(),
});
export type InfoPost = z.infer<typeof InfoPost>;
export const InfoPostList = z.array(InfoPost);

export const InfoTrendsQuery = z.object({
  /** The end of the window (epoch ms); default: the newest stored post, so an imported corpus shows its own trends. */
  at: z.coerce.number().int().min(0).optional(),
  windowHours: z.coerce.number().min(1).max(168).default(6),
  baselineDays: z.coerce.number().min(1).max(60).default(7),
});
export const InfoTrend = z.object({
  watchlist: z.string(), term: z.string(), count: z.number(), baseline: z.number(), ratio: z.number(), windowHours: z.number(), examples: z.array(z.string()),
});
export type InfoTrend = z.infer<typeof InfoTrend>;
export const InfoTrendList = z.object({ at: z.number(), trends: z.array(InfoTrend) });
export type InfoTrendList = z.infer<typeof InfoTrendList>;

export const InfoCaseSummary = z.object({
  id: z.string(), title: z.string(), status: z.enum(['open', 'closed']), tlp: z.enum(TLP_VALUES), created: z.number(), updated: z.number(),
  createdBy: z.string(), cluster: z.string(), accounts: z.number(), method: InfoMethod, score: z.number(), techniques: z.array(z.string()), notes: z.number(),
});
export type InfoCaseSummary = z.infer<typeof InfoCaseSummary>;
export const InfoCaseList = z.array(InfoCaseSummary);
export const InfoCaseDetail = InfoCaseSummary.extend({
  notes: z.array(z.object({ at: z.number(), author: z.string(), text: z.string() })),
  amplified: z.array(z.object({ outlet: z.string(), typology: z.string(), matched: z.string(), posts: z.number() })),
  clusterDetail: InfoClusterSummary,
  evidence: InfoEvidenceList,
});
export type InfoCaseDetail = z.infer<typeof InfoCaseDetail>;
export const InfoCaseParams = z.object({ id: z.string().regex(/^[\w.-]{1,100}$/) });
export const InfoOpenCaseRequest = z.strictObject({
  cluster: z.string().regex(/^[\w.-]{1,100}$/),
  title: z.string().min(1).max(200).optional(),
  tlp: z.enum(TLP_VALUES).optional(),
});
export type InfoOpenCaseRequest = z.input<typeof InfoOpenCaseRequest>;
export const InfoUpdateCaseRequest = z.strictObject({
  note: z.string().min(1).max(10_000).optional(),
  techniques: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)).max(50).optional(),
  status: z.enum(['open', 'closed']).optional(),
});
export type InfoUpdateCaseRequest = z.input<typeof InfoUpdateCaseRequest>;
