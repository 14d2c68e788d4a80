/**
 * The embedded store's schema, as numbered migrations. A migration is never edited once released:
 * add a new one. Times are epoch milliseconds (BIGINT) so that appends need no conversion; views
 * give timestamps for people who query the file by hand.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, inputs VARCHAR NOT NULL, home VARCHAR NOT NULL,
     started_at BIGINT NOT NULL, finished_at BIGINT, lines BIGINT DEFAULT 0, parsed BIGINT DEFAULT 0,
     rejected BIGINT DEFAULT 0, findings INTEGER DEFAULT 0, summary JSON);
   CREATE TABLE events (
     run_id VARCHAR NOT NULL, file VARCHAR NOT NULL, line BIGINT NOT NULL, ts BIGINT NOT NULL,
     ip VARCHAR NOT NULL, method VARCHAR, path VARCHAR, protocol VARCHAR, status SMALLINT, bytes BIGINT,
     user_agent VARCHAR, referer VARCHAR, host VARCHAR, country VARCHAR, asn INTEGER, org VARCHAR,
     network_type VARCHAR NOT NULL, origin VARCHAR NOT NULL, tags VARCHAR NOT NULL);
   CREATE TABLE findings (
     run_id VARCHAR NOT NULL, id VARCHAR NOT NULL, category VARCHAR NOT NULL, scope_kind VARCHAR NOT NULL,
     scope_value VARCHAR NOT NULL, count BIGINT NOT NULL, severity VARCHAR NOT NULL, confidence DOUBLE NOT NULL,
     technique VARCHAR NOT NULL, rule VARCHAR NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,
     evidence JSON NOT NULL, details JSON NOT NULL, PRIMARY KEY (run_id, id));
   CREATE VIEW events_v AS SELECT *, make_timestamp(ts * 1000) AS time FROM events;`,
  `CREATE TABLE rollups (
     run_id VARCHAR NOT NULL, minute BIGINT NOT NULL, dimension VARCHAR NOT NULL, key VARCHAR NOT NULL,
     requests BIGINT NOT NULL, attacks BIGINT NOT NULL);
   CREATE INDEX rollups_minute ON rollups (minute);`,
  // accounts and settings of `vigie serve`; secrets are kept as hashes only
  `CREATE TABLE users (
     username VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
     created_at BIGINT NOT NULL, last_login_at BIGINT);
   CREATE TABLE sessions (
     id_hash VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
     created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
   CREATE TABLE api_tokens (
     id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, role VARCHAR NOT NULL, token_hash VARCHAR NOT NULL UNIQUE,
     created_by VARCHAR NOT NULL, created_at BIGINT NOT NULL, last_used_at BIGINT);
   CREATE TABLE audit_log (
     seq BIGINT NOT NULL, at_ms BIGINT NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL,
     target VARCHAR NOT NULL, detail VARCHAR NOT NULL);
   CREATE TABLE settings (key VARCHAR PRIMARY KEY, value JSON NOT NULL);`,
  // per-minute counts by every traffic filter, so that a filtered traffic page reads thousands of
  // rows instead of every event; kept beside the events on each load (see traffic-cube.ts)
  `CREATE TABLE traffic_cube (
     minute BIGINT NOT NULL, country VARCHAR, asn INTEGER, network_type VARCHAR NOT NULL, origin VARCHAR NOT NULL,
     status SMALLINT, tags VARCHAR NOT NULL, requests BIGINT NOT NULL, attacks BIGINT NOT NULL);
   CREATE TABLE traffic_paths (
     minute BIGINT NOT NULL, path VARCHAR, country VARCHAR, asn INTEGER, network_type VARCHAR NOT NULL,
     origin VARCHAR NOT NULL, status SMALLINT, tags VARCHAR NOT NULL, requests BIGINT NOT NULL, attacks BIGINT NOT NULL);
   INSERT INTO traffic_cube SELECT ts // 60000 * 60000, country, asn, network_type, origin, status, tags,
     count(*), count(*) FILTER (WHERE tags <> '') FROM events GROUP BY ALL ORDER BY 1;
   INSERT INTO traffic_paths SELECT ts // 60000 * 60000, split_part(path, '?', 1), country, asn, network_type, origin,
     status, tags, count(*), count(*) FILTER (WHERE tags <> '') FROM events GROUP BY ALL ORDER BY 1;`,
  // which load wrote an event, so that the cubes are filled from the rows a load just inserted
  // (one value per load: it compresses to nothing)
  'ALTER TABLE events ADD COLUMN load_id BIGINT;',
];

