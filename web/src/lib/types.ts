/** The shapes the dashboard reads: types only, from the server's contract (no zod in the bundle). */
export type {
  Overview,
  Traffic,
  TrafficQuery,
  EntityDetail,
  FalsePositiveAnswer,
  SourceHealth,
  Settings,
  UpdateSettingsRequest,
  Attribution,
  AuditRecord,
  TokenRecord,
  CreatedToken,
  UserRecord,
  DemoStatus,
  StatsEvent,
  FindingEvent,
  DecisionEvent,
  SessionInfo,
  SetupStatus,
  User,
  Role,
  Count,
  TimelinePoint,
  OriginSplit,
  TopSource,
  AddDecisionRequest,
  Ok,
} from '../../../src/server/contract';
import type { z } from 'zod';
import type { ApiDecision, ApiFinding, ApiHttpEvent, RuleInfo } from '../../../src/server/contract';

export type Finding = ApiFinding;
export type Decision = ApiDecision;
export type HttpEventRow = ApiHttpEvent;
export type Rule = z.infer<typeof RuleInfo>;
