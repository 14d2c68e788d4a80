import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultBuiltDir, installedVersions, readBuiltTables, writeBundledTables } from './bundled.js';
import { lookupRange, RangeTableBuilder } from './range-table.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-built-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tables() {
  const asn = new RangeTableBuilder();
  asn.addV4(100, 200, 64500, 'Org');
  const country = new RangeTableBuilder();
  country.addV4(100, 200, 0, 'CA');
  return { asn: asn.build(), country: country.build(), versions: installedVersions() };
}

describe('built tables', () => {
  it('are read back when built from the installed package versions', () => {
    writeBundledTables(dir, tables());
    const read = readBuiltTables(dir);
    expect(read?.origin).toBe(dir);
    expect(lookupRange(read?.asn ?? tables().asn, { version: 4, v4: 150 })).toEqual({ value: 64500, label: 'Org' });
  });

  it('are ignored when built from other package versions, or missing', () => {
    writeBundledTables(dir, tables());
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { versions: Record<string, string> };
    for (const name of Object.keys(manifest.versions)) manifest.versions[name] = '0.0.0';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(readBuiltTables(dir)).toBeNull();
    expect(readBuiltTables(join(dir, 'absent'))).toBeNull();
  });

  it('live under the package root dist/intel-data', () => {
    expect(defaultBuiltDir()).toMatch(/dist[\\/]intel-data$/);
  });
});
