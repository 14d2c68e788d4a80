import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PLATFORMS, type Platform, type Post } from '../../model/index.js';
import { extractLinks } from '../text/links.js';
import { languageOf, makePost, parseTime } from './common.js';
import type { ItemError } from './source.js';

export const POST_FIELDS = ['id', 'account', 'time', 'text', 'links', 'hashtags', 'mentions', 'replyTo', 'repostOf', 'quoteOf', 'lang', 'url', 'platform'] as const;
export type PostField = (typeof POST_FIELDS)[number];
/** Which column (CSV header, or dotted path in a JSON line) holds each field of a post. */
export type Mapping = Partial<Record<PostField, string>>;
const REQUIRED: PostField[] = ['id', 'account', 'time', 'text'];
const MAX_LINE = 1024 * 1024;

/** `id=tweet_id,account=user.screen_name,time=created_at,text=full_text` or the same as a JSON object. */
export function parseMapping(spec: string): Mapping {
  let pairs: [string, unknown][];
  if (spec.trim().startsWith('{')) {
    try {
      pairs = Object.entries(JSON.parse(spec) as object);
    } catch (error) {
      throw new Error(`mapping: not JSON (${(error as Error).message})`, { cause: error });
    }
  } else {
    pairs = spec.split(',').filter((p) => p.trim()).map((p) => {
      const at = p.indexOf('=');
      if (at < 1) throw new Error(`mapping: expected field=column, got "${p.trim()}"`);
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
    });
  }
  const mapping: Mapping = {};
  for (const [field, column] of pairs) {
    if (!(POST_FIELDS as readonly string[]).includes(field)) throw new Error(`mapping: unknown field "${field}" (known: ${POST_FIELDS.join(', ')})`);
    if (typeof column !== 'string' || !column) throw new Error(`mapping: field "${field}" needs a column name`);
    mapping[field as PostField] = column;
  }
  const missing = REQUIRED.filter((f) => !mapping[f]);
  if (missing.length) throw new Error(`mapping: missing ${missing.join(', ')} (required: ${REQUIRED.join(', ')})`);
  return mapping;
}

export type ImportItem = { post: Post } | { error: ItemError };
type Row = (column: string) => unknown;

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : typeof v === 'object' && v ? String((v as Record<string, unknown>).text ?? (v as Record<string, unknown>).url ?? '') : String(v))).filter(Boolean);
  if (typeof value !== 'string' || !value.trim()) return [];
  return value.split(/[\s,|;]+/).map((v) => v.replace(/^[#@]/, '')).filter(Boolean);
}

function toPost(get: Row, mapping: Mapping, source: string, item: string): ImportItem {
  const field = (f: PostField): unknown => (mapping[f] ? get(mapping[f]!) : undefined);
  const text = (f: PostField): string | null => {
    const v = field(f);
    return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
  };
  for (const f of REQUIRED) if (text(f) === null) return { error: { source, item, message: `${f} (column "${mapping[f]}") is empty or missing` } };
  const time = parseTime(field('time'));
  if (time === null) return { error: { source, item, message: `time (column "${mapping.time}"): unreadable "${String(field('time')).slice(0, 40)}"` } };
  const platform = text('platform') ?? 'import';
  if (!(PLATFORMS as readonly string[]).includes(platform)) return { error: { source, item, message: `platform: unknown "${platform.slice(0, 40)}"` } };
  const body = text('text')!;
  const links = mapping.links ? listOf(field('links')) : extractLinks(body);
  return {
    post: makePost({
      id: text('id')!, platform: platform as Platform, account: text('account')!.replace(/^@/, ''), time, text: body, links,
      hashtags: listOf(field('hashtags')), mentions: listOf(field('mentions')), replyTo: text('replyTo'), repostOf: text('repostOf'), quoteOf: text('quoteOf'),
      lang: languageOf(text('lang'), body), url: text('url'), source,
    }),
  };
}

/** RFC 4180 records from a stream of text: quoted fields may hold commas, quotes and newlines. */
async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<{ fields: string[]; line: number }> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let pendingQuote = false;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (pendingQuote) {
        pendingQuote = false;
        if (c === '"') {
          field += '"';
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        if (c === '"') pendingQuote = true;
        else {
          if (c === '\n') line++;
          field += c;
          if (field.length > MAX_LINE) throw new Error(`line ${startLine}: a field longer than ${MAX_LINE} characters (unclosed quote?)`);
        }
      } else if (c === '"' && field === '') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n') {
        fields.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        yield { fields, line: startLine };
        fields = [];
        field = '';
        line++;
        startLine = line;
      } else field += c;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    yield { fields, line: startLine };
  }
}

function pathGet(record: unknown, path: string): unknown {
  let value = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Posts of a CSV file (with a header line) or a JSON lines file, one at a time; bad rows become errors naming their line. */
export async function* importTabular(path: string, format: 'csv' | 'jsonl', mapping: Mapping, source = path): AsyncGenerator<ImportItem> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line++;
      if (!text.trim()) continue;
      const item = `${source}:${line}`;
      if (text.length > MAX_LINE) {
        yield { error: { source, item, message: `line longer than ${MAX_LINE} characters` } };
        continue;
      }
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        yield { error: { source, item, message: `not JSON: ${(error as Error).message}` } };
        continue;
      }
      yield toPost((column) => pathGet(record, column), mapping, source, item);
    }
    return;
  }
  let header: string[] | null = null;
  let index = new Map<string, number>();
  for await (const { fields, line } of csvRecords(stream as AsyncIterable<string>)) {
    if (!header) {
      header = fields.map((f) => f.replace(/^\uFEFF/, '').trim());
      const missing = Object.entries(mapping).filter(([, column]) => !header!.includes(column));
      if (missing.length) throw new Error(`${source}:1: the header has no column ${missing.map(([f, c]) => `"${c}" (for ${f})`).join(', ')}`);
      index = new Map(header.map((h, i) => [h, i]));
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield toPost((column) => fields[index.get(column) ?? -1], mapping, source, `${source}:${line}`);
  }
}
