import type { HttpEvent, ParsedRequest } from '../model/index.js';
import { originOf } from '../traffic/attribution.js';
import type { TrafficStages } from './analyze.js';

/**
 * The enrich stage: a parsed request becomes an event, with its client resolved behind trusted
 * proxies, its network's country, AS and type, its origin and its attack tags. Fields are written
 * out one by one: every event then has the same shape, and an object spread of the parsed request
 * cost the live path a quarter of its time.
 */
export function enrichRequest(stages: TrafficStages, parsed: ParsedRequest, file: string, line: number, home: string): HttpEvent {
  const ip = stages.clientIp(parsed.ip, parsed.forwardedFor);
  const intel = stages.intel.lookup(ip, parsed.userAgent);
  return {
    file,
    line,
    time: parsed.time,
    ip,
    method: parsed.method,
    path: parsed.path,
    protocol: parsed.protocol,
    status: parsed.status,
    bytes: parsed.bytes,
    referer: parsed.referer,
    userAgent: parsed.userAgent,
    host: parsed.host,
    forwardedFor: parsed.forwardedFor,
    durationMs: parsed.durationMs,
    country: intel.country,
    asn: intel.asn,
    org: intel.org,
    networkType: intel.networkType,
    origin: originOf(intel.country, intel.networkType, home),
    tags: stages.tag(parsed.method, parsed.path, parsed.userAgent, parsed.referer),
  };
}
