import type { Finding, HttpEvent } from '../../model/index.js';

/** A row as DuckDB's reader gives it (column name to JS value). */
export type Row = Record<string, unknown>;

/** An `events` row as the event it was stored from. */
export function eventFromRow(row: Row): HttpEvent {
  const event: HttpEvent = {
    file: String(row.file), line: Number(row.line), time: Number(row.ts), ip: String(row.ip),
    method: String(row.method ?? ''), path: String(row.path ?? ''), protocol: String(row.protocol ?? ''), status: Number(row.status ?? 0),
    bytes: Number(row.bytes ?? 0), referer: String(row.referer ?? ''), userAgent: String(row.user_agent ?? ''),
    country: row.country === null ? null : String(row.country), asn: row.asn === null ? null : Number(row.asn),
    org: row.org === null ? null : String(row.org), networkType: row.network_type as HttpEvent['networkType'],
    origin: row.origin as HttpEvent['origin'], tags: row.tags ? (String(row.tags).split(',') as HttpEvent['tags']) : [],
  };
  if (row.host !== null && row.host !== undefined) event.host = String(row.host);
  return event;
}

/** A `findings` row as the finding it was stored from. */
export function findingFromRow(row: Row): Finding {
  return {
    id: String(row.id),
    category: row.category as Finding['category'],
    scope: { kind: row.scope_kind as Finding['scope']['kind'], value: String(row.scope_value) },
    count: Number(row.count),
    severity: row.severity as Finding['severity'],
    confidence: Number(row.confidence),
    technique: String(row.technique),
    rule: String(row.rule),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
    evidence: JSON.parse(String(row.evidence)) as Finding['evidence'],
    details: JSON.parse(String(row.details)) as Finding['details'],
  };
}
