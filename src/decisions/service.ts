import { createHash, randomBytes } from 'node:crypto';
import type { Finding } from '../model/index.js';
import {
  DECISION_SCOPES,
  DECISION_TYPES,
  normalizeScopeValue,
  type Decision,
  type DecisionDraft,
  type DecisionOrigin,
  type DecisionScope,
  type DecisionType,
} from './decision.js';
import { DEFAULT_POLICY, evaluate, type DecideContext, type DecideResult, type Policy } from './policy.js';
import type { Allowlist, TargetFacts } from './allowlist.js';
import { matchesFilter, selectStream, type DecisionFilter, type StreamSelection } from './stream.js';
import type { AuditEntry, Bouncer, DecisionStore } from './store.js';
import { ActiveDecisions } from './active-index.js';

/** A change other parts follow (export files, alerts, live pages). */
export interface DecisionChange {
  kind: 'added' | 'deleted' | 'expired';
  decision: Decision;
}

export interface ManualDecision {
  type: DecisionType;
  scope: DecisionScope;
  value: string;
  durationMs: number;
  reason: string;
  origin?: DecisionOrigin;
  /** Who asks: recorded in the audit trail. */
  actor?: string;
  simulated?: boolean;
}

/** Input a person gave that cannot become a decision; the message names the field. */
export class DecisionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecisionInputError';
  }
}

export interface DecisionServiceOptions {
  now?: () => number;
  policy?: Policy;
  allowlist?: Allowlist;
  simulation?: DecideContext['simulation'];
}

export function hashApiKey(key: string): string {
  return createHash('sha512').update(key).digest('hex');
}

/** Decisions: add, end, list, expire; every change audited and announced. */
export class DecisionService {
  /** The service's clock (epoch ms): the API writes durations against it. */
  readonly now: () => number;
  private readonly listeners = new Set<(change: DecisionChange) => void>();
  private lastSweep: number;
  private activeIndex: ActiveDecisions | null = null;
  private activeLoad: Promise<ActiveDecisions> | null = null;
  /** Changes announced while the index loads, applied on top of what the load read. */
  private changesDuringLoad: DecisionChange[] | null = null;

  constructor(
    readonly store: DecisionStore,
    private readonly options: DecisionServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.lastSweep = this.now();
  }

  /** Calls `listener` after each change; returns the function that stops it. */
  onChange(listener: (change: DecisionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The decisions in force, indexed for a per-request lookup and kept in step with every change
   * made through this service. Filled from the store in the background on first use; await
   * `loadActive()` to be sure it is complete.
   */
  active(): ActiveDecisions {
    if (!this.activeIndex) void this.loadActive();
    return this.activeIndex as ActiveDecisions;
  }

  loadActive(): Promise<ActiveDecisions> {
    if (this.activeLoad) return this.activeLoad;
    const index = new ActiveDecisions(this.now);
    this.activeIndex = index;
    this.changesDuringLoad = [];
    this.activeLoad = this.store.queryDecisions({ untilAfter: this.now() }).then((decisions) => {
      index.replace(decisions);
      for (const change of this.changesDuringLoad ?? []) index.apply(change);
      this.changesDuringLoad = null;
      return index;
    });
    return this.activeLoad;
  }

  private announce(change: DecisionChange): void {
    if (this.activeIndex) {
      if (this.changesDuringLoad) this.changesDuringLoad.push(change);
      else this.activeIndex.apply(change);
    }
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // a listener's failure is its own: the decision stands
      }
    }
  }

  private async record(draft: DecisionDraft, actor: string): Promise<Decision> {
    const decision = await this.store.insertDecision(draft);
    await this.store.appendAudit({ at: this.now(), actor, action: 'add', decisionId: decision.id, before: null, after: decision });
    this.announce({ kind: 'added', decision });
    return decision;
  }

  /** A decision a person asked for; throws DecisionInputError on bad input. */
  async add(input: ManualDecision): Promise<Decision> {
    if (!(DECISION_TYPES as readonly string[]).includes(input.type)) throw new DecisionInputError(`type: expected one of ${DECISION_TYPES.join(', ')}, got "${input.type}"`);
    if (!(DECISION_SCOPES as readonly string[]).includes(input.scope)) throw new DecisionInputError(`scope: expected one of ${DECISION_SCOPES.join(', ')}, got "${input.scope}"`);
    const value = normalizeScopeValue(input.scope, input.value);
    if (!value) throw new DecisionInputError(`${input.scope}: not a valid value: "${input.value}"`);
    if (!Number.isSafeInteger(input.durationMs) || input.durationMs <= 0) throw new DecisionInputError(`duration: expected a positive duration`);
    const now = this.now();
    const origin = input.origin ?? 'manual';
    return this.record(
      {
        type: input.type, scope: input.scope, value, origin, scenario: input.reason.trim() || 'manual',
        createdAt: now, until: now + input.durationMs, findingId: null, simulated: input.simulated ?? false,
      },
      input.actor ?? origin,
    );
  }

  /**
   * The policy's decision for a finding, recorded; null (with the reason) when the policy says
   * none or a decision on the same target is already in force. Never throws on a bad finding.
   * `simulated`: recorded and shown, never enforced (the demo's traffic names real networks).
   */
  async addFromFinding(finding: Finding, facts?: TargetFacts, options: { simulated?: boolean } = {}): Promise<{ decision: Decision | null; reason: DecideResult['reason'] | 'already-decided' }> {
    const now = this.now();
    const context: DecideContext = { now, facts, policy: this.options.policy, allowlist: this.options.allowlist, simulation: this.options.simulation };
    const preview = evaluate(finding, context);
    if (!preview.decision) return { decision: null, reason: preview.reason };
    const { scope, value } = preview.decision;
    // only the escalation window matters: a bounded question the write-behind store answers from memory
    const windowMs = (this.options.policy ?? DEFAULT_POLICY).escalation.windowMs;
    const inForce = await this.store.queryDecisions({ scope, value, untilAfter: now });
    if (inForce.some((d) => !d.simulated)) return { decision: null, reason: 'already-decided' };
    const previous = await this.store.queryDecisions({ scope, value, createdAfter: now - windowMs - 1 });
    const result = evaluate(finding, { ...context, previous });
    if (!result.decision) return { decision: null, reason: result.reason };
    const draft = options.simulated ? { ...result.decision, simulated: true } : result.decision;
    return { decision: await this.record(draft, 'vigie'), reason: 'decided' };
  }

  async deleteById(id: number, actor: string): Promise<Decision | null> {
    const before = await this.store.getDecision(id);
    const now = this.now();
    if (!before) return null;
    const after = await this.store.endDecision(id, now);
    if (!after) return null;
    await this.store.appendAudit({ at: now, actor, action: 'delete', decisionId: id, before, after });
    this.announce({ kind: 'deleted', decision: after });
    return after;
  }

  /** Ends every decision in force on a target; the ended ones. */
  async deleteByValue(scope: DecisionScope, rawValue: string, actor: string): Promise<Decision[]> {
    const value = normalizeScopeValue(scope, rawValue);
    if (!value) throw new DecisionInputError(`${scope}: not a valid value: "${rawValue}"`);
    const active = await this.store.queryDecisions({ scope, value, untilAfter: this.now() });
    const ended: Decision[] = [];
    for (const d of active) {
      const after = await this.deleteById(d.id, actor);
      if (after) ended.push(after);
    }
    return ended;
  }

  /** Decisions in force; with `all`, past ones too. Oldest first. */
  async list(options: { all?: boolean } = {}): Promise<Decision[]> {
    return this.store.queryDecisions(options.all ? {} : { untilAfter: this.now() });
  }

  /** Decisions in force matching a LAPI filter (GET /v1/decisions). */
  async query(filter: DecisionFilter): Promise<Decision[]> {
    return (await this.store.queryDecisions({ untilAfter: this.now() })).filter((d) => matchesFilter(d, filter));
  }

  /** Audits and announces decisions that ran out since the last sweep. Call it every few seconds. */
  async sweep(): Promise<Decision[]> {
    const now = this.now();
    const since = this.lastSweep;
    this.lastSweep = now;
    const ended = (await this.store.queryDecisions({ untilAfter: since })).filter((d) => d.until <= now && d.deletedAt === null);
    if (this.activeIndex && !this.changesDuringLoad) this.activeIndex.sweep();
    for (const decision of ended) {
      await this.store.appendAudit({ at: now, actor: 'expiry', action: 'expire', decisionId: decision.id, before: decision, after: decision });
      this.announce({ kind: 'expired', decision });
    }
    return ended;
  }

  audit(query?: { decisionId?: number; limit?: number }): Promise<AuditEntry[]> {
    return this.store.auditTrail(query);
  }

  /** Registers a bouncer; its key, to show once (only its hash is kept). Null when the name is taken. */
  async addBouncer(name: string): Promise<string | null> {
    const clean = name.trim();
    if (!/^[\w.@-]{1,64}$/.test(clean)) throw new DecisionInputError(`bouncer name: letters, digits, . _ - @ only (1 to 64), got "${name}"`);
    const key = randomBytes(32).toString('base64url');
    return (await this.store.addBouncer({ name: clean, keyHash: hashApiKey(key), createdAt: this.now() })) ? key : null;
  }

  async authenticate(key: string | undefined): Promise<Bouncer | null> {
    if (!key) return null;
    return this.store.bouncerByKeyHash(hashApiKey(key));
  }

  /**
   * What a bouncer's stream pull returns: on startup, every decision in force; after, what changed
   * since its previous pull. Moves the bouncer's cursor.
   */
  async pull(bouncer: Bouncer, filter: DecisionFilter, startup: boolean, seen: { userAgent?: string; ip?: string } = {}): Promise<StreamSelection> {
    const now = this.now();
    const windowStart = startup ? now - 86_400_000 : Math.min(bouncer.lastPull - 2000, now - 86_400_000);
    const rows = await this.store.queryDecisions({ untilAfter: windowStart });
    const selection = selectStream(rows, filter, { lastPull: bouncer.lastPull, lastId: bouncer.lastId }, { startup, now });
    await this.store.updateBouncer(bouncer.name, { ...selection.cursor, userAgent: seen.userAgent ?? bouncer.userAgent, ip: seen.ip ?? bouncer.ip });
    return selection;
  }
}
