import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DataAttribution } from '../model/index.js';
import { deserializeRangeTable, RangeTableBuilder, serializeRangeTable, type RangeTable } from './range-table.js';
import { readCsvInto, readMmdbInto } from './sources.js';

/**
 * The reference data that ships with the install: ip-location-db's ASN CSV and country MMDB, as
 * npm packages. `npm run prepare` turns them into range tables under dist/intel-data; when those
 * are missing or were built from other package versions, they are rebuilt here (a few seconds).
 */

const ASN_PACKAGE = '@ip-location-db/asn';
const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country-mmdb';
const FORMAT = 1;

export interface BundledData {
  asn: RangeTable;
  country: RangeTable;
  versions: Record<string, string>;
  /** Where the tables came from: the built directory, or "memory" when rebuilt in this process. */
  origin: string;
}

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  builtAt: z.string(),
  versions: z.record(z.string(), z.string()),
  asn: z.object({ file: z.string(), ranges: z.number() }),
  country: z.object({ file: z.string(), ranges: z.number() }),
});

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  const info = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version?: string };
  return info.version ?? 'unknown';
}

export function installedVersions(): Record<string, string> {
  return { [ASN_PACKAGE]: packageVersion(ASN_PACKAGE), [COUNTRY_PACKAGE]: packageVersion(COUNTRY_PACKAGE) };
}

/** Vigie's package root: the first directory upward from this module with Vigie's package.json. */
export function packageRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'vigie') return dir;
      } catch {
        // an unreadable package.json is not ours; keep looking upward
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function defaultBuiltDir(): string | null {
  const root = packageRoot();
  return root ? join(root, 'dist', 'intel-data') : null;
}

/** Reads the packages in node_modules and builds both tables. */
export function buildBundledTables(): { asn: RangeTable; country: RangeTable; versions: Record<string, string> } {
  const asnDir = packageDir(ASN_PACKAGE);
  const countryDir = packageDir(COUNTRY_PACKAGE);
  const asnBuilder = new RangeTableBuilder();
  for (const file of ['asn-ipv4.csv', 'asn-ipv6.csv']) {
    const { errors } = readCsvInto(asnBuilder, readFileSync(join(asnDir, file), 'utf8'), 'asn');
    if (errors.length > 0) {
      const first = errors[0];
      process.stderr.write(`vigie: ${file}: ${errors.length} rows skipped (line ${first?.line}: ${first?.reason})\n`);
    }
  }
  const countryBuilder = new RangeTableBuilder();
  for (const file of ['geo-whois-asn-country-ipv4.mmdb', 'geo-whois-asn-country-ipv6.mmdb']) {
    readMmdbInto(countryBuilder, readFileSync(join(countryDir, file)), 'country');
  }
  return { asn: asnBuilder.build(), country: countryBuilder.build(), versions: installedVersions() };
}

/** Writes the tables and their manifest; each file is renamed into place so readers never see half a file. */
export function writeBundledTables(dir: string, data: { asn: RangeTable; country: RangeTable; versions: Record<string, string> }): void {
  mkdirSync(dir, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const put = (name: string, content: Buffer | string) => {
    const temp = join(dir, `.${name}.${stamp}.tmp`);
    writeFileSync(temp, content);
    renameSync(temp, join(dir, name));
  };
  put('asn.bin', serializeRangeTable(data.asn));
  put('country.bin', serializeRangeTable(data.country));
  const manifest: z.infer<typeof manifestSchema> = {
    format: FORMAT,
    builtAt: new Date().toISOString(),
    versions: data.versions,
    asn: { file: 'asn.bin', ranges: data.asn.v4.count + data.asn.v6.count },
    country: { file: 'country.bin', ranges: data.country.v4.count + data.country.v6.count },
  };
  put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The built tables in `dir`, or null when absent, unreadable or built from other package versions. */
export function readBuiltTables(dir: string): BundledData | null {
  try {
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    const versions = installedVersions();
    for (const [name, version] of Object.entries(versions)) if (manifest.versions[name] !== version) return null;
    const asnFile = join(dir, manifest.asn.file);
    const countryFile = join(dir, manifest.country.file);
    return {
      asn: deserializeRangeTable(readFileSync(asnFile), asnFile),
      country: deserializeRangeTable(readFileSync(countryFile), countryFile),
      versions,
      origin: dir,
    };
  } catch {
    return null;
  }
}

let cached: BundledData | null = null;

/** The bundled tables, loaded once per process. */
export function loadBundledData(): BundledData {
  if (cached) return cached;
  const dir = defaultBuiltDir();
  const built = dir ? readBuiltTables(dir) : null;
  if (built) return (cached = built);
  const fresh = buildBundledTables();
  if (dir) {
    try {
      writeBundledTables(dir, fresh);
    } catch {
      // a read-only install still works, only slower to start
    }
  }
  return (cached = { ...fresh, origin: 'memory' });
}

/** What the bundled data's licences ask for (ASN: RouteViews, DB-IP, NRO; country: NRO). */
export function bundledAttributions(versions: Record<string, string>): DataAttribution[] {
  const asnVersion = versions[ASN_PACKAGE] ?? '';
  const countryVersion = versions[COUNTRY_PACKAGE] ?? '';
  return [
    {
      name: 'DB-IP IP to ASN Lite',
      licence: 'CC BY 4.0',
      url: 'https://db-ip.com',
      notice: 'IP Geolocation by DB-IP',
    },
    {
      name: 'RouteViews',
      licence: 'CC BY 4.0',
      url: 'https://www.routeviews.org/routeviews/',
      notice: 'IP to AS number data by RouteViews (routeviews.org)',
    },
    {
      name: 'NRO',
      licence: 'CC BY 4.0',
      url: 'https://www.nro.net/',
      notice: 'Regional Internet Registry statistics by the Number Resource Organization (nro.net)',
    },
    {
      name: `ip-location-db (${ASN_PACKAGE} ${asnVersion}, ${COUNTRY_PACKAGE} ${countryVersion})`,
      licence: 'ASN: CC BY 4.0; country: CC0 1.0 with NRO data under CC BY 4.0',
      url: 'https://github.com/sapics/ip-location-db',
      notice: 'ASN and country data merged and modified by ip-location-db from RouteViews, DB-IP and NRO data',
    },
  ];
}
