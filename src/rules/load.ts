import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Scalar } from 'yaml';
import { compileFilter, type Filter } from './filter.js';
import { parseDuration, ruleSchema, type Rule } from './schema.js';

/** What is wrong with a rule file, and where. */
export type RuleErrorKind = 'read' | 'yaml' | 'unknown-field' | 'missing-field' | 'bad-value' | 'filter' | 'duplicate' | 'not-found';

export interface RuleError {
  file: string;
  /** 1-based; 0 when the whole file is at fault (unreadable). */
  line: number;
  column: number;
  kind: RuleErrorKind;
  /** English detail; the CLI prints a translated heading before it. */
  message: string;
  rule?: string;
}

export interface ParsedRuleFile {
  rules: Rule[];
  /** Names that an entry `{ name, enabled: false }` turns off. */
  disables: Array<{ name: string; line: number }>;
  errors: RuleError[];
}

const MAX_FILE_BYTES = 1 << 20;
const MAX_RULES_PER_FILE = 1000;

export function formatRuleError(error: RuleError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  return `${where}: ${error.rule ? `rule "${error.rule}": ` : ''}${error.message}`;
}

function nodeOf(value: unknown): Node | null {
  return value !== null && typeof value === 'object' && 'range' in value ? (value as Node) : null;
}

/** The node at `path` under `node` (a key's value, or the key when it has no value). */
function nodeAt(node: Node, path: readonly PropertyKey[], wantKey = false): Node {
  let current: Node = node;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return current;
      const last = i === path.length - 1;
      const next = nodeOf(wantKey && last ? pair.key : pair.value) ?? nodeOf(pair.key);
      if (!next) return current;
      current = next;
    } else if (isSeq(current) && typeof segment === 'number') {
      const next = nodeOf(current.items[segment]);
      if (!next) return current;
      current = next;
    } else {
      return current;
    }
  }
  return current;
}

/** Parses the rules of one YAML text. A file with any error gives no rules: it is refused whole. */
export function parseRuleText(text: string, file: string, builtin = false): ParsedRuleFile {
  const lines = new LineCounter();
  const errors: RuleError[] = [];
  const rules: Rule[] = [];
  const disables: ParsedRuleFile['disables'] = [];
  const at = (offset: number) => lines.linePos(offset);
  const fail = (node: Node | null, kind: RuleErrorKind, message: string, rule?: string) => {
    const pos = node?.range ? at(node.range[0]) : { line: 1, col: 1 };
    errors.push({ file, line: pos.line, column: pos.col, kind, message, ...(rule ? { rule } : {}) });
  };

  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const list: Document[] = Array.isArray(documents) ? documents : [];
  for (const doc of list) {
    for (const problem of doc.errors) {
      // an error at the very end (an unclosed bracket) is shown on the last line that has text
      const pos = at(Math.max(0, Math.min(problem.pos[0], text.trimEnd().length - 1)));
      errors.push({ file, line: pos.line, column: pos.col, kind: 'yaml', message: (problem.message.split('\n')[0] ?? '').trim() });
    }
  }
  if (errors.length > 0) return { rules: [], disables: [], errors };

  const entries: Array<{ node: Node; doc: Document }> = [];
  for (const doc of list) {
    const contents = doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    if (isSeq(contents)) {
      for (const item of contents.items) {
        const node = nodeOf(item);
        if (node) entries.push({ node, doc });
        else fail(contents, 'bad-value', 'each list item must be a rule (a mapping)');
      }
    } else {
      entries.push({ node: contents, doc });
    }
  }
  if (entries.length > MAX_RULES_PER_FILE) fail(null, 'bad-value', `more than ${MAX_RULES_PER_FILE} rules in one file`);

  for (const { node, doc } of entries.slice(0, MAX_RULES_PER_FILE)) {
    if (!isMap(node)) {
      fail(node, 'bad-value', 'a rule is a mapping of fields (name:, type:, filter: ...)');
      continue;
    }
    let raw: unknown;
    try {
      raw = node.toJS(doc, { maxAliasCount: 50 });
    } catch (error) {
      fail(node, 'yaml', (error as Error).message);
      continue;
    }
    const record = raw as Record<string, unknown>;
    const name = typeof record.name === 'string' ? record.name : undefined;
    const keys = Object.keys(record);
    if (record.enabled === false && name !== undefined && keys.every((k) => k === 'name' || k === 'enabled')) {
      disables.push({ name, line: at(node.range?.[0] ?? 0).line });
      continue;
    }
    let parsed: ReturnType<typeof ruleSchema.safeParse>;
    try {
      parsed = ruleSchema.safeParse(raw);
    } catch (error) {
      fail(node, 'bad-value', (error as Error).message, name);
      continue;
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) fail(nodeAt(node, [...issue.path, key], true), 'unknown-field', `unknown field "${key}"`, name);
          continue;
        }
        const target = nodeAt(node, issue.path);
        const missing = issue.code !== 'custom' && issue.path.length === 1 && !(String(issue.path[0]) in record);
        const field = issue.path.join('.');
        if (missing) fail(node, 'missing-field', `missing field "${field}"`, name);
        else fail(target, 'bad-value', `field "${field}": ${issue.message}`, name);
      }
      continue;
    }
    const spec = parsed.data;
    const twin = rules.find((r) => r.name === spec.name);
    if (twin) {
      fail(nodeAt(node, ['name']), 'duplicate', `a rule of this name is already defined at line ${twin.source.line}`, spec.name);
      continue;
    }
    const compileAt = (field: 'filter' | 'ratioOf', source: string): Filter | null => {
      const compiled = compileFilter(source);
      if (compiled.ok) return compiled.filter;
      const pos = filterPosition(nodeAt(node, [field]), text, lines, compiled.error.line, compiled.error.column);
      errors.push({
        file,
        ...pos,
        kind: 'filter',
        message: `${field}: ${compiled.error.message} (filter line ${compiled.error.line}, column ${compiled.error.column})`,
        rule: spec.name,
      });
      return null;
    };
    const filter = compileAt('filter', spec.filter);
    const ratio = spec.ratioOf !== undefined ? compileAt('ratioOf', spec.ratioOf) : null;
    if (!filter || (spec.ratioOf !== undefined && !ratio)) continue;
    rules.push({
      ...spec,
      filterCompiled: filter,
      ratioCompiled: ratio,
      windowMs: spec.window !== undefined ? parseDuration(spec.window) : null,
      leakMs: spec.leakSpeed !== undefined ? parseDuration(spec.leakSpeed) : null,
      blackholeMs: spec.blackhole !== undefined ? parseDuration(spec.blackhole) : null,
      source: { file, line: at(node.range?.[0] ?? 0).line, builtin },
    });
  }
  if (errors.length > 0) return { rules: [], disables: [], errors };
  return { rules, disables, errors };
}

/** Where in the file a position inside a filter's text lies (exact for single-line and `|` filters). */
function filterPosition(node: Node, text: string, lines: LineCounter, line: number, column: number): { line: number; column: number } {
  const start = node.range?.[0] ?? 0;
  const pos = lines.linePos(start);
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const bodyLine = pos.line + line; // the header ("|") is on the scalar's first line
    const lineStart = lines.lineStarts[bodyLine - 1];
    const indent = lineStart === undefined ? 0 : (/^ */.exec(text.slice(lineStart))?.[0].length ?? 0);
    return { line: bodyLine, column: indent + column };
  }
  if (line > 1) return { line: pos.line + line - 1, column };
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 1 : 0;
  return { line: pos.line, column: pos.col + quoted + column - 1 };
}

/** Reads one rule file; an unreadable or oversized file is an error naming it. */
export function readRuleFile(file: string, builtin = false): ParsedRuleFile {
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) return { rules: [], disables: [], errors: [{ file, line: 0, column: 0, kind: 'read', message: `larger than ${MAX_FILE_BYTES} bytes` }] };
    return parseRuleText(readFileSync(file, 'utf8'), file, builtin);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return { rules: [], disables: [], errors: [{ file, line: 0, column: 0, kind: 'read', message }] };
  }
}

/** The YAML files of a directory, by name; a path that is a file is itself. */
export function ruleFilesIn(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => /\.ya?ml$/i.test(name) && !name.startsWith('.'))
      .sort()
      .map((name) => join(path, name));
  } catch {
    return [path];
  }
}

/**
 * Where the shipped rules are: beside this module when run from the sources, or in src/ when run
 * from the compiled dist/ (the build copies no YAML).
 */
export function builtinRulesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'builtin'), join(here, '..', '..', 'src', 'rules', 'builtin')];
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

export interface LoadRulesOptions {
  /** Operator rule directories (or files), read in order after the built-in rules. */
  dirs: readonly string[];
  /** Load the shipped rules first. */
  builtin: boolean;
}

export interface LoadedRules {
  /** Every rule, enabled or not, in load order; an operator's rule replaces a built-in of the same name. */
  rules: Rule[];
  errors: RuleError[];
  /** Built-in rules that an operator rule replaced. */
  overridden: string[];
}

/** Loads rules: a bad file is refused with its file and line, and the good files still load. */
export function loadRules(options: LoadRulesOptions): LoadedRules {
  const byName = new Map<string, Rule>();
  const errors: RuleError[] = [];
  const overridden: string[] = [];
  const files = [
    ...(options.builtin ? ruleFilesIn(builtinRulesDir()).map((file) => ({ file, builtin: true })) : []),
    ...options.dirs.flatMap((dir) => ruleFilesIn(dir).map((file) => ({ file, builtin: false }))),
  ];
  for (const { file, builtin } of files) {
    const parsed = readRuleFile(file, builtin);
    if (parsed.errors.length > 0) {
      errors.push(...parsed.errors);
      continue;
    }
    const clash = parsed.rules.find((rule) => {
      const earlier = byName.get(rule.name);
      return earlier !== undefined && !(earlier.source.builtin && !builtin);
    });
    const unknown = parsed.disables.find((d) => !byName.has(d.name) && !parsed.rules.some((r) => r.name === d.name));
    if (clash) {
      const earlier = byName.get(clash.name) as Rule;
      errors.push({ file, line: clash.source.line, column: 1, kind: 'duplicate', rule: clash.name, message: `a rule of this name is already defined at ${earlier.source.file}:${earlier.source.line}` });
      continue;
    }
    if (unknown) {
      errors.push({ file, line: unknown.line, column: 1, kind: 'not-found', rule: unknown.name, message: 'no rule of this name to disable' });
      continue;
    }
    for (const rule of parsed.rules) {
      if (byName.get(rule.name)?.source.builtin) overridden.push(rule.name);
      byName.set(rule.name, rule);
    }
    for (const { name } of parsed.disables) byName.set(name, { ...(byName.get(name) as Rule), enabled: false });
  }
  return { rules: [...byName.values()], errors, overridden };
}
