#!/usr/bin/env node
// Runs Vigie's benchmarks against their peers. Each benchmark is one file, bench/<name>.js,
// exporting `run(args): Promise<number>` (an exit code).
// Usage: npm run bench [-- NAME [options of that benchmark]]; with no NAME, analyze then watch.
import { existsSync } from 'node:fs';

const DEFAULT = ['analyze', 'watch'];
const [first, ...rest] = process.argv.slice(2);

async function runOne(name, args) {
  const file = new URL(`./${name}.js`, import.meta.url);
  if (!/^[a-z][a-z-]*$/.test(name) || name === 'run' || !existsSync(file)) {
    throw new Error(`no benchmark named "${name}"`);
  }
  const mod = await import(file.href);
  return mod.run(args);
}

try {
  if (first === undefined) {
    let code = 0;
    for (const name of DEFAULT) code = code || (await runOne(name, []));
    process.exitCode = code;
  } else if (first.startsWith('-')) {
    process.exitCode = await runOne('analyze', process.argv.slice(2));
  } else {
    process.exitCode = await runOne(first, rest);
  }
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
