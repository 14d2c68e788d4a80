import type { HttpEvent } from '../model/index.js';
import { FIELD_NAMES, FIELDS, type FieldSpec } from './fields.js';
import { compileSafeRegex } from './regex.js';

/**
 * The filter language of rule files: comparisons over event fields joined by and / or / not.
 *   status in [401, 403] and method == "POST"
 *   pathOnly matches "^/wp-login\.php$" or path matches /\.env$/i
 *   "sqli" in tags and not (networkType == "crawler")
 * A filter is parsed once into a tree and evaluated by closures over that tree: nothing in a rule
 * file is ever run as code, and field names are looked up in a fixed table.
 */

export const MAX_FILTER_LENGTH = 4096;
const MAX_DEPTH = 64;
const MAX_LIST = 1000;

export interface FilterError {
  message: string;
  /** 1-based, within the filter text. */
  line: number;
  column: number;
}

type Literal = string | number | null;
export type Op = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type StringOp = 'contains' | 'startsWith' | 'endsWith';

export type FilterNode =
  | { kind: 'const'; value: boolean }
  | { kind: 'and' | 'or'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'compare'; field: string; op: Op; value: Literal }
  | { kind: 'in'; field: string; values: Literal[] }
  | { kind: 'has'; field: string; value: string }
  | { kind: 'matches'; field: string; regex: RegExp }
  | { kind: 'string'; field: string; op: StringOp; value: string };

export interface Filter {
  readonly source: string;
  readonly tree: FilterNode;
  readonly fields: readonly string[];
  test(event: HttpEvent): boolean;
}

export type FilterResult = { ok: true; filter: Filter } | { ok: false; error: FilterError };

interface Token {
  kind: 'word' | 'number' | 'string' | 'regex' | 'punct' | 'end';
  text: string;
  value?: string | number;
  flags?: string;
  at: number;
}

class FilterSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const PUNCT = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', ','];
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'matches', 'contains', 'startsWith', 'endsWith', 'true', 'false', 'null']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) {
          const next = source[i + 1] as string;
          // unknown escapes stay as written, so regex escapes such as \. pass through
          value += ESCAPES[next] ?? `\\${next}`;
          i += 2;
        } else {
          value += source[i];
          i++;
        }
      }
      if (i >= source.length) throw new FilterSyntaxError('unterminated string', start);
      i++;
      tokens.push({ kind: 'string', text: source.slice(start, i), value, at: start });
    } else if (c === '/') {
      let body = '';
      i++;
      while (i < source.length && source[i] !== '/') {
        if (source[i] === '\\' && i + 1 < source.length) {
          body += source[i + 1] === '/' ? '/' : source.slice(i, i + 2);
          i += 2;
        } else {
          body += source[i];
          i++;
        }
      }
      if (i >= source.length) throw new FilterSyntaxError('unterminated regular expression', start);
      i++;
      const flags = /^[a-z]*/.exec(source.slice(i))?.[0] ?? '';
      i += flags.length;
      tokens.push({ kind: 'regex', text: source.slice(start, i), value: body, flags, at: start });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(source.slice(i));
      if (!m) throw new FilterSyntaxError(`unexpected "${c}"`, start);
      i += m[0].length;
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), at: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      i += m[0].length;
      tokens.push({ kind: 'word', text: m[0], at: start });
    } else {
      const punct = PUNCT.find((p) => source.startsWith(p, i));
      if (!punct) throw new FilterSyntaxError(`unexpected "${c}"`, start);
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct, at: start });
    }
  }
  tokens.push({ kind: 'end', text: 'end of filter', at: source.length });
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  readonly fields = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  private get current(): Token {
    return this.tokens[this.index] as Token;
  }

  private isWord(text: string): boolean {
    return this.current.kind === 'word' && this.current.text === text;
  }

  private isPunct(text: string): boolean {
    return this.current.kind === 'punct' && this.current.text === text;
  }

  private fail(message: string, token: Token = this.current): never {
    throw new FilterSyntaxError(message, token.at);
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail(`expected "${text}", found "${this.current.text}"`);
    this.index++;
  }

  parse(): FilterNode {
    const node = this.or();
    if (this.current.kind !== 'end') this.fail(`expected "and", "or" or the end, found "${this.current.text}"`);
    return node;
  }

  private or(): FilterNode {
    const items = [this.and()];
    while (this.isWord('or')) {
      this.index++;
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as FilterNode) : { kind: 'or', items };
  }

  private and(): FilterNode {
    const items = [this.unary()];
    while (this.isWord('and')) {
      this.index++;
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as FilterNode) : { kind: 'and', items };
  }

  private unary(): FilterNode {
    if (++this.depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} deep`);
    try {
      if (this.isWord('not')) {
        this.index++;
        return { kind: 'not', item: this.unary() };
      }
      if (this.isPunct('(')) {
        this.index++;
        const inner = this.or();
        this.expectPunct(')');
        return inner;
      }
      if (this.isWord('true') || this.isWord('false')) {
        const value = this.current.text === 'true';
        this.index++;
        return { kind: 'const', value };
      }
      return this.comparison();
    } finally {
      this.depth--;
    }
  }

  private field(): { name: string; spec: FieldSpec; token: Token } {
    const token = this.current;
    if (token.kind !== 'word' || KEYWORDS.has(token.text)) this.fail(`expected a field name, found "${token.text}"`);
    const spec = FIELDS.get(token.text);
    if (!spec) this.fail(`unknown field "${token.text}" (known: ${FIELD_NAMES.join(', ')})`);
    this.index++;
    this.fields.add(token.text);
    return { name: token.text, spec, token };
  }

  private literal(): { value: Literal; token: Token } {
    const token = this.current;
    if (token.kind === 'string' || token.kind === 'number') {
      this.index++;
      return { value: token.value as string | number, token };
    }
    if (token.kind === 'word' && token.text === 'null') {
      this.index++;
      return { value: null, token };
    }
    return this.fail(`expected a value (a "string", a number or null), found "${token.text}"`);
  }

  private checkType(field: { name: string; spec: FieldSpec }, value: Literal, token: Token): void {
    if (value === null) {
      if (!field.spec.nullable) this.fail(`field "${field.name}" is never null`, token);
      return;
    }
    const type = typeof value === 'number' ? 'number' : 'string';
    if (field.spec.type !== type) this.fail(`field "${field.name}" is a ${field.spec.type}, not a ${type}`, token);
  }

  private comparison(): FilterNode {
    // "value" in listField
    if (this.current.kind === 'string') {
      const { value } = this.literal();
      const negate = this.isWord('not');
      if (negate) this.index++;
      if (!this.isWord('in')) this.fail(`a value on the left must be followed by "in" and a list field, found "${this.current.text}"`);
      this.index++;
      const field = this.field();
      if (field.spec.type !== 'list') this.fail(`"in" needs a list field such as tags on the right; "${field.name}" is a ${field.spec.type}`, field.token);
      const node: FilterNode = { kind: 'has', field: field.name, value: value as string };
      return negate ? { kind: 'not', item: node } : node;
    }
    const field = this.field();
    const op = this.current;
    if (op.kind === 'punct' && ['==', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      this.index++;
      const { value, token } = this.literal();
      if (field.spec.type === 'list') this.fail(`field "${field.name}" is a list: use "value" in ${field.name}`, field.token);
      this.checkType(field, value, token);
      if (op.text !== '==' && op.text !== '!=' && typeof value !== 'number') this.fail(`"${op.text}" compares numbers`, token);
      return { kind: 'compare', field: field.name, op: op.text as Op, value };
    }
    const negate = this.isWord('not');
    if (negate) {
      this.index++;
      if (!this.isWord('in')) this.fail(`expected "in" after "not", found "${this.current.text}"`);
    }
    if (this.isWord('in')) {
      this.index++;
      if (field.spec.type === 'list') this.fail(`field "${field.name}" is a list: use "value" in ${field.name}`, field.token);
      const values = this.list(field);
      const node: FilterNode = { kind: 'in', field: field.name, values };
      return negate ? { kind: 'not', item: node } : node;
    }
    if (this.isWord('matches')) {
      this.index++;
      if (field.spec.type !== 'string') this.fail(`"matches" needs a text field; "${field.name}" is a ${field.spec.type}`, field.token);
      const token = this.current;
      if (token.kind !== 'string' && token.kind !== 'regex') this.fail(`expected a regular expression ("..." or /.../i), found "${token.text}"`);
      this.index++;
      const checked = compileSafeRegex(token.value as string, token.flags ?? '');
      if (!checked.ok) this.fail(`bad regular expression: ${checked.reason}`, token);
      return { kind: 'matches', field: field.name, regex: checked.regex };
    }
    for (const stringOp of ['contains', 'startsWith', 'endsWith'] as const) {
      if (!this.isWord(stringOp)) continue;
      this.index++;
      const token = this.current;
      if (token.kind !== 'string') this.fail(`expected a "string" after ${stringOp}, found "${token.text}"`);
      this.index++;
      if (field.spec.type === 'list' && stringOp === 'contains') return { kind: 'has', field: field.name, value: token.value as string };
      if (field.spec.type !== 'string') this.fail(`"${stringOp}" needs a text field; "${field.name}" is a ${field.spec.type}`, field.token);
      return { kind: 'string', field: field.name, op: stringOp, value: token.value as string };
    }
    return this.fail(`expected an operator (==, !=, <, <=, >, >=, in, not in, matches, contains, startsWith, endsWith) after "${field.name}", found "${op.text}"`);
  }

  private list(field: { name: string; spec: FieldSpec }): Literal[] {
    this.expectPunct('[');
    const values: Literal[] = [];
    while (!this.isPunct(']')) {
      if (values.length > 0) this.expectPunct(',');
      const { value, token } = this.literal();
      this.checkType(field, value, token);
      values.push(value);
      if (values.length > MAX_LIST) this.fail(`a list holds at most ${MAX_LIST} values`, token);
    }
    this.index++;
    return values;
  }
}

type Test = (event: HttpEvent) => boolean;

function build(node: FilterNode): Test {
  switch (node.kind) {
    case 'const': {
      const value = node.value;
      return () => value;
    }
    case 'and': {
      const items = node.items.map(build);
      return (e) => {
        for (const t of items) if (!t(e)) return false;
        return true;
      };
    }
    case 'or': {
      const items = node.items.map(build);
      return (e) => {
        for (const t of items) if (t(e)) return true;
        return false;
      };
    }
    case 'not': {
      const item = build(node.item);
      return (e) => !item(e);
    }
    case 'compare': {
      const get = (FIELDS.get(node.field) as FieldSpec).get;
      const { value } = node;
      switch (node.op) {
        case '==':
          return (e) => get(e) === value;
        case '!=':
          return (e) => get(e) !== value;
        case '<':
          return (e) => ordered(get(e), value, (a, b) => a < b);
        case '<=':
          return (e) => ordered(get(e), value, (a, b) => a <= b);
        case '>':
          return (e) => ordered(get(e), value, (a, b) => a > b);
        case '>=':
          return (e) => ordered(get(e), value, (a, b) => a >= b);
      }
      break;
    }
    case 'in': {
      const get = (FIELDS.get(node.field) as FieldSpec).get;
      const set = new Set<unknown>(node.values);
      return (e) => set.has(get(e));
    }
    case 'has': {
      const get = (FIELDS.get(node.field) as FieldSpec).get;
      const { value } = node;
      return (e) => (get(e) as readonly string[]).includes(value);
    }
    case 'matches': {
      const get = (FIELDS.get(node.field) as FieldSpec).get;
      const { regex } = node;
      return (e) => {
        const v = get(e);
        return typeof v === 'string' && regex.test(v);
      };
    }
    case 'string': {
      const get = (FIELDS.get(node.field) as FieldSpec).get;
      const { value, op } = node;
      return (e) => {
        const v = get(e);
        if (typeof v !== 'string') return false;
        return op === 'contains' ? v.includes(value) : op === 'startsWith' ? v.startsWith(value) : v.endsWith(value);
      };
    }
  }
  return () => false;
}

function ordered(actual: unknown, expected: Literal, compare: (a: number, b: number) => boolean): boolean {
  return typeof actual === 'number' && typeof expected === 'number' && compare(actual, expected);
}

/** Line and column (1-based) of an offset in the text. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Parses a filter; a mistake comes back with its line and column, never as a throw. */
export function compileFilter(source: string): FilterResult {
  if (typeof source !== 'string') return { ok: false, error: { message: 'a filter is text', line: 1, column: 1 } };
  if (source.length > MAX_FILTER_LENGTH) {
    return { ok: false, error: { message: `longer than ${MAX_FILTER_LENGTH} characters`, line: 1, column: 1 } };
  }
  try {
    const parser = new Parser(tokenize(source));
    const tree = parser.parse();
    return { ok: true, filter: { source, tree, fields: [...parser.fields], test: build(tree) } };
  } catch (error) {
    if (error instanceof FilterSyntaxError) return { ok: false, error: { message: error.message, ...positionOf(source, error.at) } };
    throw error;
  }
}
