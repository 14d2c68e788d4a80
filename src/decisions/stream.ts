import { parseCidr, type IpRange } from '../intel/ip.js';
import { CROWDSEC_SCOPE, CROWDSEC_TYPE, normalizeScopeValue, rangeOfDecision, type Decision } from './decision.js';

/** The query-string filters CrowdSec's LAPI accepts on /v1/decisions and /v1/decisions/stream. */
export interface DecisionFilter {
  /** Lower-case CrowdSec scope names ("ip", "range", "as", "country"). */
  scopes?: string[];
  value?: string;
  /** Lower-case CrowdSec type ("ban", "captcha", "throttle"). */
  type?: string;
  /** An address or range to look up, with CrowdSec's `contains` meaning. */
  target?: IpRange;
  /** true (default): decisions whose range holds the target; false: decisions inside it. */
  contains: boolean;
  origins?: string[];
  scenariosContaining?: string[];
  scenariosNotContaining?: string[];
  includeSimulated: boolean;
}

// An empty list ("origins=") filters nothing rather than everything.
const list = (text: string | undefined): string[] | undefined => {
  const items = text?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  return items.length ? items : undefined;
};

/** Reads LAPI query parameters; an error message (for a 400) when one cannot be understood. */
export function parseDecisionFilter(query: Record<string, unknown>, defaults: { scopes?: string } = {}): DecisionFilter | { error: string } {
  const get = (name: string): string | undefined => {
    const raw = query[name];
    const first = Array.isArray(raw) ? raw[0] : raw;
    return typeof first === 'string' ? first : undefined;
  };
  const filter: DecisionFilter = { contains: true, includeSimulated: get('simulated') === 'true' };
  const scopes = list(get('scopes')) ?? list(get('scope')) ?? list(defaults.scopes);
  if (scopes) filter.scopes = scopes.map((s) => s.toLowerCase());
  const value = get('value');
  if (value !== undefined) filter.value = value;
  const type = get('type');
  if (type !== undefined) filter.type = type.toLowerCase() === 'challenge' ? 'captcha' : type.toLowerCase();
  const contains = get('contains');
  if (contains !== undefined) {
    if (!['true', 'false', '1', '0'].includes(contains)) return { error: `invalid contains value: ${contains}` };
    filter.contains = contains === 'true' || contains === '1';
  }
  const target = get('ip') ?? get('range');
  if (target !== undefined) {
    const range = parseCidr(target.trim());
    if (!range) return { error: `unable to convert '${target}' to an address or range` };
    filter.target = range;
  }
  const origins = list(get('origins'));
  if (origins) filter.origins = origins.map((o) => o.toLowerCase());
  const containing = list(get('scenarios_containing'));
  if (containing) filter.scenariosContaining = containing.map((s) => s.toLowerCase());
  const notContaining = list(get('scenarios_not_containing'));
  if (notContaining) filter.scenariosNotContaining = notContaining.map((s) => s.toLowerCase());
  return filter;
}

export function matchesFilter(d: Decision, f: DecisionFilter): boolean {
  if (d.simulated && !f.includeSimulated) return false;
  if (f.scopes && !f.scopes.includes(CROWDSEC_SCOPE[d.scope].toLowerCase())) return false;
  if (f.value !== undefined && d.value !== f.value && normalizeScopeValue(d.scope, f.value) !== d.value) return false;
  if (f.type !== undefined && CROWDSEC_TYPE[d.type] !== f.type) return false;
  if (f.origins && !f.origins.includes(d.origin.toLowerCase())) return false;
  const scenario = d.scenario.toLowerCase();
  if (f.scenariosContaining && !f.scenariosContaining.some((s) => scenario.includes(s))) return false;
  if (f.scenariosNotContaining && f.scenariosNotContaining.some((s) => scenario.includes(s))) return false;
  if (f.target) {
    const range = rangeOfDecision(d.scope, d.value);
    if (!range || range.version !== f.target.version) return false;
    const t = f.target;
    if (f.contains ? !(range.start <= t.start && range.end >= t.end) : !(range.start >= t.start && range.end <= t.end)) return false;
  }
  return true;
}

export interface StreamCursor {
  /** When the bouncer's previous pull started (0: never). */
  lastPull: number;
  /** The largest decision id the bouncer has been sent or skipped past. */
  lastId: number;
}

export interface StreamOptions {
  startup: boolean;
  now: number;
  /** Deletions this close before the last pull are sent again (clock steps, slow writes). */
  graceMs?: number;
  /** On startup, decisions that ended this recently are sent as deleted (stale rules in the bouncer). */
  startupDeletedWindowMs?: number;
}

export interface StreamSelection {
  new: Decision[];
  deleted: Decision[];
  cursor: StreamCursor;
}

const keyOf = (d: Decision) => `${d.scope}\u0000${d.value}\u0000${d.type}`;

/**
 * What a bouncer must learn: per target (scope, value, type), the longest decision in force, or
 * that none is left. A target is re-sent when one of its decisions is new since the cursor, or
 * ended since the last pull (another, shorter decision may now be the one in force). `rows` must
 * hold every decision in force and every one that ended since the window starts.
 */
export function selectStream(rows: readonly Decision[], filter: DecisionFilter, cursor: StreamCursor, options: StreamOptions): StreamSelection {
  const { now, startup } = options;
  const endedAfter = startup ? now - (options.startupDeletedWindowMs ?? 86_400_000) : cursor.lastPull - (options.graceMs ?? 2000);
  let maxId = cursor.lastId;
  const byKey = new Map<string, Decision[]>();
  for (const d of rows) {
    if (d.id > maxId) maxId = d.id;
    if (!matchesFilter(d, filter)) continue;
    const key = keyOf(d);
    const group = byKey.get(key);
    if (group) group.push(d);
    else byKey.set(key, [d]);
  }
  const fresh: Decision[] = [];
  const deleted: Decision[] = [];
  for (const group of byKey.values()) {
    const longest = group.reduce((a, b) => (b.until > a.until || (b.until === a.until && b.id > a.id) ? b : a));
    const endedRecently = group.some((d) => d.until <= now && d.until > endedAfter);
    if (longest.until > now) {
      if (startup || longest.id > cursor.lastId || endedRecently) fresh.push(longest);
    } else if (endedRecently && (startup || group.some((d) => d.id <= cursor.lastId))) {
      // a decision created and ended between two pulls was never sent: nothing to remove
      deleted.push(longest);
    }
  }
  const byId = (a: Decision, b: Decision) => a.id - b.id;
  return { new: fresh.sort(byId), deleted: deleted.sort(byId), cursor: { lastPull: now, lastId: maxId } };
}
