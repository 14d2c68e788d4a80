import type { Evidence, Finding, HttpEvent, Scope, ScopeKind } from '../../model/index.js';
import type { Behaviour } from './behaviour.js';
import { BoundedMap } from '../../lib/bounded-map.js';
import type { Detector } from './detector.js';
import { addEvidence, findingId, round, TouchedEntries } from './finding-kit.js';
import { networkKey, networkKeyLabel } from './ip-prefix.js';

const MINUTE = 60_000;
/**
 * Addresses and prefixes are many: each is compared with the typical key of its kind. An AS or a
 * country is one steady population: each is compared with its own earlier minutes.
 */
const OWN_BASELINE: Record<ScopeKind, boolean> = { ip: false, prefix: false, asn: true, country: true };

interface KeyState {
  minute: number;
  count: number;
  flagged: boolean;
  /** Own per-minute baseline (EWMA), for AS and country. */
  baseline: number;
  historyMinutes: number;
  /** For an address: its network key, worked out once while the address is tracked (IPv6 is costly). */
  prefix: number | string | null;
  /**
   * For an address: the states of its network, AS and country, to skip their lookups while their
   * maps have never evicted (see BoundedMap.everyValueHeld): few keys, so the common case.
   */
  prefixState: KeyState | null;
  asnState: KeyState | null;
  asnKey: number | null;
  countryState: KeyState | null;
  countryKey: string | null;
  /** Its key in `floods`, built once. */
  floodKey: string | null;
}

/** Per kind: its settings, its keys, the current minute's active keys and their requests capped at the floor. */
interface KindState {
  name: ScopeKind;
  keys: BoundedMap<string | number, KeyState>;
  floor: number;
  multiple: number;
  own: boolean;
  minute: number;
  activeKeys: number;
  cappedSum: number;
  /** EWMA of the typical per-key rate over completed minutes. */
  baseline: number;
  completedMinutes: number;
}

interface Flood {
  scope: Scope;
  count: number;
  minutes: number;
  peakPerMinute: number;
  baselineAtPeak: number;
  firstSeen: number;
  lastSeen: number;
  evidence: Evidence[];
}

/**
 * Request rates per address, /24 or /64, AS and country in one-minute buckets. A key floods in a
 * minute when its count passes both an absolute floor and a multiple of its baseline.
 * Lines a little out of order count in the current minute; a big jump back starts afresh.
 */
export function createFloodDetector(options: { behaviour: Behaviour; maxKeys: number; maxTrackedKeys?: number }): Detector {
  const { behaviour } = options;
  const settings = behaviour.flood;
  const alpha = settings.baselineAlpha;
  const tolerance = settings.reorderToleranceMinutes;
  // numbers for the /24 of IPv4 and for AS numbers: cheaper to hash than fresh strings
  const newKind = (name: ScopeKind): KindState => ({
    name,
    keys: new BoundedMap(options.maxTrackedKeys ?? options.maxKeys),
    floor: settings.floorPerMinute[name],
    multiple: settings.multipleOfBaseline[name],
    own: OWN_BASELINE[name],
    minute: Number.NEGATIVE_INFINITY,
    activeKeys: 0,
    cappedSum: 0,
    baseline: 0,
    completedMinutes: 0,
  });
  const ips = newKind('ip');
  const prefixes = newKind('prefix');
  const asns = newKind('asn');
  const countries = newKind('country');
  const floods = new BoundedMap<string, Flood>(options.maxKeys);
  const touched = new TouchedEntries<Flood>(options.maxKeys);

  const rollKind = (kind: KindState, minute: number): void => {
    if (minute > kind.minute) {
      if (kind.activeKeys > 0) {
        const sample = kind.cappedSum / kind.activeKeys;
        kind.baseline = kind.completedMinutes === 0 ? sample : kind.baseline + alpha * (sample - kind.baseline);
        kind.completedMinutes++;
      }
      kind.minute = minute;
      kind.activeKeys = 0;
      kind.cappedSum = 0;
    } else if (minute < kind.minute - tolerance) {
      kind.minute = minute;
      kind.activeKeys = 0;
      kind.cappedSum = 0;
    }
  };

  const observeKey = (
    kind: KindState,
    value: string | number,
    known: KeyState | null,
    event: HttpEvent,
    minute: number,
  ): KeyState => {
    const { floor, own, name: kindName } = kind;
    let state = known ?? kind.keys.get(value);
    if (!state) {
      const prefix = kindName === 'ip' ? networkKey(value as string) : null;
      state = {
        minute, count: 0, flagged: false, baseline: 0, historyMinutes: 0, prefix,
        prefixState: null, asnState: null, asnKey: null, countryState: null, countryKey: null, floodKey: null,
      };
      kind.keys.set(value, state);
      kind.activeKeys++;
    } else if (minute > state.minute) {
      if (own && !state.flagged) {
        // a flooded minute would teach the baseline that floods are normal
        state.baseline = state.historyMinutes === 0 ? state.count : state.baseline + alpha * (state.count - state.baseline);
      }
      const silentMinutes = Math.min(minute - state.minute - 1, 10_000);
      if (own && silentMinutes > 0) state.baseline *= (1 - alpha) ** silentMinutes;
      state.historyMinutes += 1 + silentMinutes;
      state.minute = minute;
      state.count = 0;
      state.flagged = false;
      kind.activeKeys++;
    } else if (minute < state.minute - tolerance) {
      state.minute = minute;
      state.count = 0;
      state.flagged = false;
    }
    state.count++;
    if (state.count <= floor) kind.cappedSum++;
    if (state.count < floor) return state;

    const floodKey = (state.floodKey ??= `${kindName}|${value}`);
    let flood = floods.peek(floodKey);
    if (!state.flagged) {
      let baseline: number;
      if (own) {
        if (state.historyMinutes < settings.minHistoryMinutes) return state;
        baseline = state.baseline;
      } else {
        baseline = kind.completedMinutes > 0 ? kind.baseline : kind.cappedSum / Math.max(1, kind.activeKeys);
      }
      if (state.count < kind.multiple * baseline) return state;
      state.flagged = true;
      if (!flood) {
        const label = kindName === 'asn' ? `AS${value}` : kindName === 'prefix' ? networkKeyLabel(value) : String(value);
        const scope: Scope = { kind: kindName, value: label };
        flood = { scope, count: 0, minutes: 0, peakPerMinute: 0, baselineAtPeak: baseline, firstSeen: event.time, lastSeen: event.time, evidence: [] };
        floods.set(floodKey, flood);
      }
      flood.minutes++;
      flood.count += state.count - 1;
      flood.baselineAtPeak = flood.peakPerMinute < state.count ? baseline : flood.baselineAtPeak;
    }
    if (!flood) return state;
    flood.count++;
    touched.add(flood);
    if (state.count > flood.peakPerMinute) flood.peakPerMinute = state.count;
    if (event.time < flood.firstSeen) flood.firstSeen = event.time;
    if (event.time > flood.lastSeen) flood.lastSeen = event.time;
    addEvidence(flood.evidence, event, behaviour.evidencePerFinding);
    return state;
  };

  const toFinding = (flood: Flood): Finding => {
    const rule = `flood/${flood.scope.kind}`;
    const threshold = Math.max(
      settings.floorPerMinute[flood.scope.kind],
      settings.multipleOfBaseline[flood.scope.kind] * flood.baselineAtPeak,
    );
    const excess = flood.peakPerMinute / threshold;
    return {
      id: findingId('flood', flood.scope, rule),
      category: 'flood',
      scope: flood.scope,
      count: flood.count,
      severity: flood.scope.kind === 'ip' && excess < 5 ? 'medium' : excess >= 10 ? 'critical' : 'high',
      confidence: round(Math.min(0.95, 0.6 + 0.2 * Math.log10(excess) + 0.05 * (flood.minutes - 1))),
      technique: settings.technique,
      rule,
      firstSeen: flood.firstSeen,
      lastSeen: flood.lastSeen,
      evidence: flood.evidence.slice(),
      details: {
        peakPerMinute: flood.peakPerMinute,
        baseline: round(flood.baselineAtPeak, 1),
        floorPerMinute: settings.floorPerMinute[flood.scope.kind],
        minutes: flood.minutes,
      },
    };
  };

  return {
    name: 'flood',
    observe(event) {
      if (!Number.isFinite(event.time)) return;
      const minute = Math.floor(event.time / MINUTE);
      rollKind(ips, minute);
      rollKind(prefixes, minute);
      rollKind(asns, minute);
      rollKind(countries, minute);
      const source = observeKey(ips, event.ip, null, event, minute);
      if (source.prefix !== null) {
        const known = prefixes.keys.everyValueHeld() ? source.prefixState : null;
        source.prefixState = observeKey(prefixes, source.prefix, known, event, minute);
      }
      if (event.asn !== null) {
        const known = source.asnKey === event.asn && asns.keys.everyValueHeld() ? source.asnState : null;
        source.asnState = observeKey(asns, event.asn, known, event, minute);
        source.asnKey = event.asn;
      }
      if (event.country) {
        const known = source.countryKey === event.country && countries.keys.everyValueHeld() ? source.countryState : null;
        source.countryState = observeKey(countries, event.country, known, event, minute);
        source.countryKey = event.country;
      }
    },
    findings() {
      return [...floods.values()].map(toFinding);
    },
    changedFindings() {
      return touched.drain(() => floods.values()).map(toFinding);
    },
    stateSizes: () => ({
      ip: ips.keys.size,
      prefix: prefixes.keys.size,
      asn: asns.keys.size,
      country: countries.keys.size,
      floods: floods.size,
    }),
  };
}
