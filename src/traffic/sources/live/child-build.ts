import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root, from this file's place in it. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

const LIVE_MODULES = ['source', 'messages', 'glob', 'checkpoint', 'file-follower'];

/**
 * Test helper: child processes must run plain JavaScript (Node 20 cannot run TypeScript), so the
 * few modules they need are transpiled into a folder under node_modules, where `zod` still
 * resolves. Readable by everyone, so a child may run as another user. Returns the folder; the
 * fixture `name` is at src/traffic/sources/live/<name>.js inside it.
 */
export function buildChildModules(fixtures: readonly string[]): string {
  const root = mkdtempSync(join(repoRoot, 'node_modules', '.vigie-live-child-'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  const sources = [
    'src/i18n/index.ts',
    'src/traffic/sources/files.ts',
    ...[...LIVE_MODULES, ...fixtures].map((f) => `src/traffic/sources/live/${f}.ts`),
  ];
  for (const source of sources) {
    const output = ts.transpileModule(readFileSync(join(repoRoot, source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const target = join(root, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  openToAll(root);
  return root;
}

export function childScript(root: string, fixture: string): string {
  return join(root, 'src', 'traffic', 'sources', 'live', `${fixture}.js`);
}

function openToAll(path: string): void {
  chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) openToAll(join(path, entry));
}
