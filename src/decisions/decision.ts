import { formatIpv4, formatIpv6, normalizeIp, parseCidr, bigIntToIpv6Words, type IpRange } from '../intel/ip.js';

export const DECISION_TYPES = ['ban', 'challenge', 'throttle'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

export const DECISION_SCOPES = ['ip', 'range', 'asn', 'country'] as const;
export type DecisionScope = (typeof DECISION_SCOPES)[number];

export const DECISION_ORIGINS = ['vigie', 'manual', 'cli', 'api'] as const;
export type DecisionOrigin = (typeof DECISION_ORIGINS)[number];

/** What to do about an address, a network, an AS or a country, and until when. */
export interface Decision {
  /** Increasing: a later decision always has a larger id. */
  id: number;
  /** Stable across stores and exports (CrowdSec's decision uuid). */
  uuid: string;
  type: DecisionType;
  scope: DecisionScope;
  /** Normalised: "203.0.113.7", "203.0.113.0/24", "64500" (as CrowdSec writes AS values), "CA". */
  value: string;
  origin: DecisionOrigin;
  /** Why: the finding category ("vigie/scan") or the operator's reason. */
  scenario: string;
  createdAt: number;
  /** Epoch ms. Deleting a decision brings `until` forward to the moment it was deleted. */
  until: number;
  /** Set when the decision was ended by someone before its time. */
  deletedAt: number | null;
  findingId: string | null;
  simulated: boolean;
}

/** A decision before the store gives it an id and uuid. */
export type DecisionDraft = Omit<Decision, 'id' | 'uuid' | 'deletedAt'>;

export function isActive(decision: Pick<Decision, 'until'>, now: number): boolean {
  return decision.until > now;
}

/** CrowdSec LAPI's spelling of each scope ("Ip", "Range", "AS", "Country"). */
export const CROWDSEC_SCOPE: Record<DecisionScope, string> = { ip: 'Ip', range: 'Range', asn: 'AS', country: 'Country' };

/** CrowdSec's bouncers know "captcha"; Vigie's challenge is the same request to prove a human (or work). */
export const CROWDSEC_TYPE: Record<DecisionType, string> = { ban: 'ban', challenge: 'captcha', throttle: 'throttle' };

export function scopeFromCrowdsec(text: string): DecisionScope | null {
  switch (text.trim().toLowerCase()) {
    case 'ip':
      return 'ip';
    case 'range':
      return 'range';
    case 'as':
    case 'asn':
      return 'asn';
    case 'country':
      return 'country';
    default:
      return null;
  }
}

export function typeFromCrowdsec(text: string): DecisionType | null {
  const lower = text.trim().toLowerCase();
  if (lower === 'captcha' || lower === 'challenge') return 'challenge';
  return lower === 'ban' || lower === 'throttle' ? lower : null;
}

/**
 * The canonical value for a scope, or null when `raw` is not one. Ranges with host bits set are
 * refused (a typo more often than a network).
 */
export function normalizeScopeValue(scope: DecisionScope, raw: string): string | null {
  const text = raw.trim();
  switch (scope) {
    case 'ip':
      return normalizeIp(text);
    case 'range': {
      const slash = text.indexOf('/');
      if (slash < 0) return null;
      const range = parseCidr(text);
      if (!range) return null;
      return formatRange(range, Number(text.slice(slash + 1)), text.slice(0, slash).includes(':'));
    }
    case 'asn': {
      const match = /^(?:AS)?(\d{1,10})$/i.exec(text);
      if (!match) return null;
      const asn = Number(match[1]);
      return asn > 0 && asn <= 4294967295 ? String(asn) : null;
    }
    case 'country':
      return /^[A-Za-z]{2}$/.test(text) ? text.toUpperCase() : null;
  }
}

function formatRange(range: IpRange, written: number, writtenAsV6: boolean): string {
  if (range.version === 4) {
    // an IPv4-mapped network written in IPv6 form keeps its IPv4 meaning
    const length = writtenAsV6 ? written - 96 : written;
    return `${formatIpv4(range.start)}/${length}`;
  }
  return `${formatIpv6(bigIntToIpv6Words(range.start))}/${written}`;
}

/** The address range a decision covers (ip and range scopes), or null. */
export function rangeOfDecision(scope: DecisionScope, value: string): IpRange | null {
  if (scope === 'ip' || scope === 'range') return parseCidr(value);
  return null;
}

/** How a person reads a decision's target: "AS64500" rather than "64500". */
export function displayValue(scope: DecisionScope, value: string): string {
  return scope === 'asn' ? `AS${value}` : value;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "4h", "1h30m", "90s", "7d" -> milliseconds; null when not a positive duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return null;
  let total = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] as string] as number);
  }
  total = Math.round(total);
  return total > 0 && Number.isSafeInteger(total) ? total : null;
}

/**
 * A millisecond span as Go's time.Duration prints it ("3h59m58.5s", "5m0s", "250ms", "-1.5s"):
 * CrowdSec's bouncers read the duration field with Go's time.ParseDuration.
 */
export function formatGoDuration(ms: number): string {
  const whole = Math.trunc(ms);
  if (whole === 0) return '0s';
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  if (abs < 1000) return `${sign}${abs}ms`;
  const hours = Math.floor(abs / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const millis = abs % 60_000;
  const seconds = Math.floor(millis / 1000);
  const fraction = millis % 1000;
  const secondsText = fraction === 0 ? String(seconds) : `${seconds}.${String(fraction).padStart(3, '0').replace(/0+$/, '')}`;
  if (hours > 0) return `${sign}${hours}h${minutes}m${secondsText}s`;
  if (minutes > 0) return `${sign}${minutes}m${secondsText}s`;
  return `${sign}${secondsText}s`;
}
