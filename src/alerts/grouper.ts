import type { Severity } from '../model/index.js';
import type { Alert } from './alert.js';
import { maxSeverity, severityRank, type AlertMessage, type AlertUpdate } from './render.js';

export interface GrouperOptions {
  /** Injected so that tests and replays control time. Epoch ms. */
  now: () => number;
  /** A group closes after this long without a new alert. Default 15 minutes. */
  windowMs?: number;
  /** At most one update per group per interval, unless the severity rises. Default 5 minutes. */
  updateIntervalMs?: number;
  /** Open groups kept at most; the least recently active one is closed first. Default 1,000. */
  maxGroups?: number;
  /** Distinct scopes listed in a group's updates. Default 5. */
  maxScopesPerGroup?: number;
}

interface Group {
  opening: Alert;
  lastActivity: number;
  lastEmit: number;
  pendingFindings: number;
  pendingRequests: number;
  totalFindings: number;
  totalRequests: number;
  severity: Severity;
  lastSeen: number;
  scopes: string[];
}

/**
 * Folds alerts that tell the same story into one alert plus a few updates, so that a flood of
 * findings about one network gives one message and a summary every few minutes, not thousands.
 * Pure: no timers, no I/O. The caller calls `tick()` now and then to release due updates.
 */
export class AlertGrouper {
  private readonly now: () => number;
  private readonly windowMs: number;
  private readonly updateIntervalMs: number;
  private readonly maxGroups: number;
  private readonly maxScopes: number;
  /** In order of last activity, least recent first (re-inserted on each alert). */
  private readonly groups = new Map<string, Group>();
  /** Groups closed early to respect maxGroups. */
  evicted = 0;

  constructor(options: GrouperOptions) {
    this.now = options.now;
    this.windowMs = positive(options.windowMs, 15 * 60_000);
    this.updateIntervalMs = positive(options.updateIntervalMs, 5 * 60_000);
    this.maxGroups = Math.max(1, Math.floor(positive(options.maxGroups, 1000)));
    this.maxScopes = Math.max(1, Math.floor(positive(options.maxScopesPerGroup, 5)));
  }

  get size(): number {
    return this.groups.size;
  }

  /** Messages to send now because of this alert: an opening alert, an update, or nothing. */
  add(alert: Alert): AlertMessage[] {
    const now = this.now();
    const out: AlertMessage[] = [];
    const existing = this.groups.get(alert.groupKey);
    if (existing && now - existing.lastActivity <= this.windowMs) {
      this.groups.delete(alert.groupKey);
      this.groups.set(alert.groupKey, existing);
      const rose = severityRank(alert.severity) > severityRank(existing.severity);
      this.fold(existing, alert, now);
      if (rose || now - existing.lastEmit >= this.updateIntervalMs) out.push(this.release(existing, now));
      return out;
    }
    if (existing) this.close(alert.groupKey, existing, out);
    while (this.groups.size >= this.maxGroups) {
      const [key, oldest] = this.groups.entries().next().value as [string, Group];
      this.close(key, oldest, out);
      this.evicted++;
    }
    this.groups.set(alert.groupKey, {
      opening: alert,
      lastActivity: now,
      lastEmit: now,
      pendingFindings: 0,
      pendingRequests: 0,
      totalFindings: alert.findings,
      totalRequests: alert.requests,
      severity: alert.severity,
      lastSeen: alert.lastSeen,
      scopes: [alert.scope.value],
    });
    out.push({ type: 'alert', alert });
    return out;
  }

  /** Updates that are due, and final updates of groups that went quiet. */
  tick(): AlertMessage[] {
    const now = this.now();
    const out: AlertMessage[] = [];
    for (const [key, group] of [...this.groups]) {
      if (now - group.lastActivity > this.windowMs) this.close(key, group, out);
      else if (group.pendingFindings > 0 && now - group.lastEmit >= this.updateIntervalMs) out.push(this.release(group, now));
    }
    return out;
  }

  /** Everything still pending, and forget all groups (on shutdown). */
  flush(): AlertMessage[] {
    const out: AlertMessage[] = [];
    for (const [key, group] of [...this.groups]) this.close(key, group, out);
    return out;
  }

  private fold(group: Group, alert: Alert, now: number): void {
    group.lastActivity = now;
    group.pendingFindings += alert.findings;
    group.pendingRequests += alert.requests;
    group.totalFindings += alert.findings;
    group.totalRequests += alert.requests;
    group.severity = maxSeverity(group.severity, alert.severity);
    group.lastSeen = Math.max(group.lastSeen, alert.lastSeen);
    if (group.scopes.length < this.maxScopes && !group.scopes.includes(alert.scope.value)) group.scopes.push(alert.scope.value);
  }

  private release(group: Group, now: number): AlertUpdate {
    const update: AlertUpdate = {
      type: 'update',
      alert: group.opening,
      added: { findings: group.pendingFindings, requests: group.pendingRequests },
      total: { findings: group.totalFindings, requests: group.totalRequests },
      severity: group.severity,
      lastSeen: group.lastSeen,
      scopes: [...group.scopes],
    };
    group.pendingFindings = 0;
    group.pendingRequests = 0;
    group.lastEmit = now;
    return update;
  }

  private close(key: string, group: Group, out: AlertMessage[]): void {
    if (group.pendingFindings > 0) out.push(this.release(group, this.now()));
    this.groups.delete(key);
  }
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
