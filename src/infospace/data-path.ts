import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A data file shipped beside a module: found there when run from the sources, or under src/ when
 * run from the compiled dist/ (the build copies no JSON).
 */
export function shippedFile(moduleUrl: string, relative: string): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const beside = join(here, relative);
  if (existsSync(beside)) return beside;
  const fromDist = here.replace(/([\\/])dist([\\/])/, '$1src$2');
  return join(fromDist, relative);
}
