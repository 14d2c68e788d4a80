import { randomUUID } from 'node:crypto';
import type { Decision, DecisionDraft, DecisionScope } from './decision.js';

/** One change to a decision: who, when, what, and the decision before and after. */
export interface AuditEntry {
  /** Increasing. */
  seq: number;
  at: number;
  /** "cli", "api", "vigie", "expiry", a bouncer or user name. */
  actor: string;
  action: 'add' | 'delete' | 'expire';
  decisionId: number;
  before: Decision | null;
  after: Decision | null;
}

/** A bouncer allowed to pull decisions, and where its stream stands. */
export interface Bouncer {
  name: string;
  /** SHA-512 of the key, hex: the key itself is shown once and never stored. */
  keyHash: string;
  createdAt: number;
  /** When its last stream pull started (0: never). */
  lastPull: number;
  /** The largest decision id it has been sent or skipped past. */
  lastId: number;
  userAgent: string | null;
  ip: string | null;
}

export interface DecisionQuery {
  /** Only decisions still in force after this instant (until > t). */
  untilAfter?: number;
  /** Only decisions created after this instant (createdAt > t). */
  createdAfter?: number;
  scope?: DecisionScope;
  value?: string;
  limit?: number;
}

/** Where decisions, their audit trail and bouncers are kept. Implementations: memory, DuckDB. */
export interface DecisionStore {
  insertDecision(draft: DecisionDraft): Promise<Decision>;
  /** Ends a decision at `at` (until = min(until, at), deletedAt = at); null when unknown or already over. */
  endDecision(id: number, at: number): Promise<Decision | null>;
  getDecision(id: number): Promise<Decision | null>;
  /** Ordered by id, oldest first. */
  queryDecisions(query?: DecisionQuery): Promise<Decision[]>;
  appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry>;
  /** Newest first. */
  auditTrail(query?: { decisionId?: number; limit?: number }): Promise<AuditEntry[]>;
  /** False when a bouncer of that name exists. */
  addBouncer(bouncer: Pick<Bouncer, 'name' | 'keyHash' | 'createdAt'>): Promise<boolean>;
  bouncerByKeyHash(keyHash: string): Promise<Bouncer | null>;
  listBouncers(): Promise<Bouncer[]>;
  deleteBouncer(name: string): Promise<boolean>;
  updateBouncer(name: string, patch: Partial<Pick<Bouncer, 'lastPull' | 'lastId' | 'userAgent' | 'ip'>>): Promise<void>;
  close(): Promise<void>;
}

/** A store that can take decisions and audit entries numbered elsewhere, many at once. */
export interface BatchDecisionStore extends DecisionStore {
  /** The largest decision id and audit sequence number so far (0 when none). */
  lastIds(): Promise<{ decisionId: number; auditSeq: number }>;
  /** Inserts or replaces (by id) the decisions, and appends the audit entries, all or none. */
  writeBatch(decisions: readonly Decision[], audits: readonly AuditEntry[]): Promise<void>;
}

/** For tests and for runs without a data directory. */
export class MemoryDecisionStore implements BatchDecisionStore {
  private readonly decisions = new Map<number, Decision>();
  private readonly audit: AuditEntry[] = [];
  private readonly bouncers = new Map<string, Bouncer>();
  private nextId = 1;

  async insertDecision(draft: DecisionDraft): Promise<Decision> {
    const decision: Decision = { ...draft, id: this.nextId++, uuid: randomUUID(), deletedAt: null };
    this.decisions.set(decision.id, decision);
    return { ...decision };
  }

  async endDecision(id: number, at: number): Promise<Decision | null> {
    const current = this.decisions.get(id);
    if (!current || current.until <= at) return null;
    const ended = { ...current, until: at, deletedAt: at };
    this.decisions.set(id, ended);
    return { ...ended };
  }

  async getDecision(id: number): Promise<Decision | null> {
    const found = this.decisions.get(id);
    return found ? { ...found } : null;
  }

  async queryDecisions(query: DecisionQuery = {}): Promise<Decision[]> {
    const out: Decision[] = [];
    for (const d of this.decisions.values()) {
      if (query.untilAfter !== undefined && !(d.until > query.untilAfter)) continue;
      if (query.createdAfter !== undefined && !(d.createdAt > query.createdAfter)) continue;
      if (query.scope !== undefined && d.scope !== query.scope) continue;
      if (query.value !== undefined && d.value !== query.value) continue;
      out.push({ ...d });
      if (query.limit !== undefined && out.length >= query.limit) break;
    }
    return out;
  }

  async lastIds(): Promise<{ decisionId: number; auditSeq: number }> {
    return { decisionId: this.nextId - 1, auditSeq: this.audit.length };
  }

  async writeBatch(decisions: readonly Decision[], audits: readonly AuditEntry[]): Promise<void> {
    for (const d of decisions) {
      this.decisions.set(d.id, { ...d });
      this.nextId = Math.max(this.nextId, d.id + 1);
    }
    for (const entry of audits) this.audit.push(structuredClone(entry));
  }

  async appendAudit(entry: Omit<AuditEntry, 'seq'>): Promise<AuditEntry> {
    const stored = structuredClone({ ...entry, seq: this.audit.length + 1 });
    this.audit.push(stored);
    return structuredClone(stored);
  }

  async auditTrail(query: { decisionId?: number; limit?: number } = {}): Promise<AuditEntry[]> {
    const entries = this.audit.filter((e) => query.decisionId === undefined || e.decisionId === query.decisionId).reverse();
    return structuredClone(entries.slice(0, query.limit ?? entries.length));
  }

  async addBouncer(bouncer: Pick<Bouncer, 'name' | 'keyHash' | 'createdAt'>): Promise<boolean> {
    if (this.bouncers.has(bouncer.name)) return false;
    this.bouncers.set(bouncer.name, { ...bouncer, lastPull: 0, lastId: 0, userAgent: null, ip: null });
    return true;
  }

  async bouncerByKeyHash(keyHash: string): Promise<Bouncer | null> {
    for (const b of this.bouncers.values()) if (b.keyHash === keyHash) return { ...b };
    return null;
  }

  async listBouncers(): Promise<Bouncer[]> {
    return [...this.bouncers.values()].map((b) => ({ ...b })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteBouncer(name: string): Promise<boolean> {
    return this.bouncers.delete(name);
  }

  async updateBouncer(name: string, patch: Partial<Pick<Bouncer, 'lastPull' | 'lastId' | 'userAgent' | 'ip'>>): Promise<void> {
    const current = this.bouncers.get(name);
    if (current) this.bouncers.set(name, { ...current, ...patch });
  }

  async close(): Promise<void> {}
}
