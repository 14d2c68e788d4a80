import { randomUUID } from 'node:crypto';
import type { Decision, DecisionDraft } from './decision.js';
import type { AuditEntry, BatchDecisionStore, Bouncer, DecisionQuery, DecisionStore } from './store.js';

const HOUR = 3_600_000;

export interface WriteBehindOptions {
  now?: () => number;
  /** Decisions that ended less than this long ago stay in memory (bouncer streams look back a day). */
  endedKeepMs?: number;
  /** Decisions created less than this long ago stay in memory (escalation counts repeats over 30 days). */
  createdKeepMs?: number;
  /** At most this many decisions in memory; the oldest go first. */
  maxDecisions?: number;
}

/**
 * Decisions recorded in memory at once and written to the backing store in batches by `flush()`.
 * A live run finds hundreds of new attackers a second; one database round trip per decision (and
 * per audit entry) cannot keep up, and the reader must not wait on the disk. Ids and audit
 * sequence numbers are given here, continuing the backing store's.
 *
 * Queries the memory can answer completely are answered from it; any other flushes and asks the
 * backing store. What was evicted (or never loaded) is described by two horizons: every decision
 * not in memory ended at or before `untilHorizon` and was created at or before `createdHorizon`.
 */
export class WriteBehindDecisionStore implements DecisionStore {
  private readonly recent = new Map<number, Decision>();
  private readonly idsByTarget = new Map<string, number[]>();
  private readonly dirty = new Map<number, Decision>();
  private pendingAudits: AuditEntry[] = [];
  private lastId: number;
  private lastSeq: number;
  private untilHorizon: number;
  private createdHorizon: number;
  private readonly now: () => number;
  private readonly endedKeepMs: number;
  private readonly createdKeepMs: number;
  private readonly maxDecisions: number;
  private flushing: Promise<void> = Promise.resolve();
  private bouncersLoad: Promise<Map<string, Bouncer>> | null = null;
  private readonly dirtyBouncers = new Set<string>();

  private constructor(
    private readonly backing: BatchDecisionStore,
    ids: { decisionId: number; auditSeq: number },
    options: WriteBehindOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.endedKeepMs = options.endedKeepMs ?? 25 * HOUR;
    this.createdKeepMs = options.createdKeepMs ?? 31 * 24 * HOUR;
    this.maxDecisions = options.maxDecisions ?? 500_000;
    this.lastId = ids.decisionId;
    this.lastSeq = ids.auditSeq;
    const now = this.now();
    this.untilHorizon = now - this.endedKeepMs;
    this.createdHorizon = now - this.createdKeepMs;
  }

  static async open(backing: BatchDecisionStore, options: WriteBehindOptions = {}): Promise<WriteBehindDecisionStore> {
    const store = new WriteBehindDecisionStore(backing, await backing.lastIds(), options);
    const byId = new Map<number, Decision>();
    for (const d of await backing.queryDecisions({ untilAfter: store.untilHorizon })) byId.set(d.id, d);
    for (const d of await backing.queryDecisions({ createdAfter: store.createdHorizon })) byId.set(d.id, d);
    for (const d of [...byId.values()].sort((a, b) => a.id - b.id)) store.remember(d);
    store.evict();
    return store;
  }

  /** Decisions, audit entries and bouncer cursors not yet in the backing store. */
  pending(): number {
    return this.dirty.size + this.pendingAudits.length + this.dirtyBouncers.size;
  }

  /** Writes what is pending to the backing store, in one batch. Serialised: never two at once. */
  flush(): Promise<void> {
    const run = async () => {
      await this.flushBouncers();
      if (this.dirty.size === 0 && this.pendingAudits.length === 0) return;
      const decisions = [...this.dirty.values()];
      const audits = this.pendingAudits;
      this.dirty.clear();
      this.pendingAudits = [];
      try {
        await this.backing.writeBatch(decisions, audits);
      } catch (error) {
        // kept for the next flush; a newer version of a decision wins over the failed one
        for (const d of decisions) if (!this.dirty.has(d.id)) this.dirty.set(d.id, d);
        this.pendingAudits = [...audits, ...this.pendingAudits];
        throw error;
      }
      this.evict();
    };
    const next = this.flushing.then(run, run);
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private async flushBouncers(): Promise<void> {
    if (this.dirtyBouncers.size === 0 || !this.bouncersLoad) return;
    const bouncers = await this.bouncersLoad;
    const names = [...this.dirtyBouncers];
    this.dirtyBouncers.clear();
    for (const name of names) {
      const b = bouncers.get(name);
      if (b) await this.backing.updateBouncer(name, { lastPull: b.lastPull, lastId: b.lastId, userAgent: b.userAgent, ip: b.ip });
    }
  }

  async insertDecision(draft: DecisionDraft): Promise<Decision> {
    const decision: Decision = { ...draft, id: ++this.lastId, uuid: randomUUID(), deletedAt: null };
    this.remember(decision);
    this.dirty.set(decision.id, decision);
    return { ...decision };
  }

  async endDecision(id: number, at: number): Promise<Decision | null> {
    const current = await this.getDecision(id);
    if (!current || current.until <= at) return null;
    const ended: Decision = { ...current, until: at, deletedAt: at };
    this.remember(ended);
    this.dirty.set(id, ended);
    return { ...ended };
  }

  async getDecision(id: number): Promise<Decision | null> {
    const known = this.recent.get(id);
    if (known) return { ...known };
    await this.flush();
    return this.backing.getDecision(id);
  }

  async queryDecisions(query: DecisionQuery = {}): Promise<Decision[]> {
    if (!this.answersFromMemory(query)) {
      await this.flush();
      return this.backing.queryDecisions(query);
    }
    const candidates =
      query.scope !== undefined && query.value !== undefined
        ? (this.idsByTarget.get(`${query.scope}|${query.value}`) ?? []).map((id) => this.recent.get(id)).filter((d): d is Decision => d !== undefined)
        : [...this.recent.values()];
    const matched = candidates
      .filter(
        (d) =>
          (query.untilAfter === undefined || d.until > query.untilAfter) &&
          (query.createdAfter === undefined || d.createdAt > query.createdAfter) &&
          (query.scope === undefined || d.scope === query.scope) &&
          (query.value === undefined || d.value === query.value),
      )
      .sort((a, b) => a.id - b.id);
    const limited = query.limit !== undefined ? matched.slice(0, Math.max(0, Math.floor(query.limit))) : matched;
    return limited.map((d) => ({ ...d }));
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    const full: AuditEntry = { ...entry, seq: ++this.lastSeq };
    this.pendingAudits.push(full);
    return full;
  }

  async auditTrail(query?: { decisionId?: number; limit?: number }): Promise<AuditEntry[]> {
    await this.flush();
    return this.backing.auditTrail(query);
  }

  // Bouncers pull every few seconds: their lookups and cursors are kept here too, so that a pull
  // never waits behind a batch of decisions being written.
  async addBouncer(bouncer: Pick<Bouncer, 'name' | 'keyHash' | 'createdAt'>): Promise<boolean> {
    const bouncers = await this.bouncerCache();
    const added = await this.backing.addBouncer(bouncer);
    if (added) bouncers.set(bouncer.name, { ...bouncer, lastPull: 0, lastId: 0, userAgent: null, ip: null });
    return added;
  }

  async bouncerByKeyHash(keyHash: string): Promise<Bouncer | null> {
    for (const bouncer of (await this.bouncerCache()).values()) if (bouncer.keyHash === keyHash) return { ...bouncer };
    return null;
  }

  async listBouncers(): Promise<Bouncer[]> {
    return [...(await this.bouncerCache()).values()].map((b) => ({ ...b })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteBouncer(name: string): Promise<boolean> {
    const bouncers = await this.bouncerCache();
    this.dirtyBouncers.delete(name);
    bouncers.delete(name);
    return this.backing.deleteBouncer(name);
  }

  async updateBouncer(name: string, patch: Partial<Pick<Bouncer, 'lastPull' | 'lastId' | 'userAgent' | 'ip'>>): Promise<void> {
    const bouncers = await this.bouncerCache();
    const current = bouncers.get(name);
    if (!current) return;
    bouncers.set(name, { ...current, ...patch });
    this.dirtyBouncers.add(name);
  }

  private bouncerCache(): Promise<Map<string, Bouncer>> {
    this.bouncersLoad ??= this.backing.listBouncers().then((list) => new Map(list.map((b) => [b.name, b])));
    return this.bouncersLoad;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.backing.close();
  }

  private answersFromMemory(query: DecisionQuery): boolean {
    return (
      (query.untilAfter !== undefined && query.untilAfter >= this.untilHorizon) ||
      (query.createdAfter !== undefined && query.createdAfter >= this.createdHorizon)
    );
  }

  private remember(decision: Decision): void {
    if (!this.recent.has(decision.id)) {
      const key = `${decision.scope}|${decision.value}`;
      const ids = this.idsByTarget.get(key);
      if (ids) ids.push(decision.id);
      else this.idsByTarget.set(key, [decision.id]);
    }
    this.recent.set(decision.id, decision);
  }

  /** Forgets decisions past both keep periods, and the oldest beyond the cap; never unwritten ones. */
  private evict(): void {
    const now = this.now();
    const untilLimit = now - this.endedKeepMs;
    const createdLimit = now - this.createdKeepMs;
    let excess = this.recent.size - this.maxDecisions;
    for (const decision of this.recent.values()) {
      const expired = decision.until <= untilLimit && decision.createdAt <= createdLimit;
      if (!expired && excess <= 0) continue;
      if (this.dirty.has(decision.id)) continue;
      this.forget(decision);
      excess--;
    }
    this.untilHorizon = Math.max(this.untilHorizon, untilLimit);
    this.createdHorizon = Math.max(this.createdHorizon, createdLimit);
  }

  private forget(decision: Decision): void {
    this.recent.delete(decision.id);
    const key = `${decision.scope}|${decision.value}`;
    const kept = (this.idsByTarget.get(key) ?? []).filter((id) => id !== decision.id);
    if (kept.length === 0) this.idsByTarget.delete(key);
    else this.idsByTarget.set(key, kept);
    this.untilHorizon = Math.max(this.untilHorizon, decision.until);
    this.createdHorizon = Math.max(this.createdHorizon, decision.createdAt);
  }
}
