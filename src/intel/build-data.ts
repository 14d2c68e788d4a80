/**
 * Run at install (`npm run prepare`): turns the bundled IP data packages into range tables under
 * dist/intel-data, so that loading them at run time is a file read rather than a parse.
 */
import { buildBundledTables, defaultBuiltDir, writeBundledTables } from './bundled.js';

const started = Date.now();
const dir = defaultBuiltDir();
if (!dir) {
  process.stderr.write('vigie: build-data: cannot find the vigie package root\n');
  process.exit(1);
}
const data = buildBundledTables();
writeBundledTables(dir, data);
const ranges = (t: { v4: { count: number }; v6: { count: number } }) => t.v4.count + t.v6.count;
process.stdout.write(
  `vigie: intel data built in ${dir}: ${ranges(data.asn)} ASN ranges, ${ranges(data.country)} country ranges ` +
    `(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
