import type { AttackTag, ParsedRequest } from '../../model/index.js';

/** What produced a simulated request: the ground truth a detector is measured against. */
export const TRAFFIC_LABELS = ['legit', 'crawler', 'scan', 'injection', 'credential-stuffing', 'flood', 'spoofed-crawler'] as const;
export type TrafficLabel = (typeof TRAFFIC_LABELS)[number];
export const ATTACK_LABELS = ['scan', 'injection', 'credential-stuffing', 'flood', 'spoofed-crawler'] as const;
export type AttackLabel = (typeof ATTACK_LABELS)[number];

export const LOG_FORMATS = ['combined', 'vhost-combined'] as const;
export type SimulatedLogFormat = (typeof LOG_FORMATS)[number];

export interface SimulationOptions {
  seed: number;
  lines: number;
  /** Start of the log; default 2026-10-20T22:00:00Z, election night. */
  start?: Date;
  format?: SimulatedLogFormat;
  /** ISO country whose home ISPs most visitors use; default "CA". */
  home?: string;
}

/** One request and what produced it. `request` holds what the client sent, before nginx escaping. */
export interface LabelledRequest {
  request: ParsedRequest;
  label: TrafficLabel;
  /** Attack tags that the request truly carries (empty for legitimate traffic). */
  tags: readonly AttackTag[];
  /** Server port, written by the vhost-combined format. */
  port: number;
}

/** One answer of the site to one request of a client. */
export interface Hit {
  method: string;
  path: string;
  status: number;
  bytes: number;
  referer: string;
  /** Overrides the client's user agent for this one request. */
  userAgent?: string;
  tags: readonly AttackTag[];
}
