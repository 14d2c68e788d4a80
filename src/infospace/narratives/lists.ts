import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { shippedFile } from '../data-path.js';

export const TYPOLOGIES = ['state-controlled', 'party-controlled', 'state-funded', 'state-affiliated'] as const;

const domain = z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/, 'a lower-case domain such as example.org');
const stateMediaSchema = z.object({
  about: z.string().optional(),
  outlets: z.array(
    z.object({
      name: z.string().min(1).max(120),
      country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code'),
      typology: z.enum(TYPOLOGIES),
      domains: z.array(domain).max(100),
      handles: z.array(z.string().regex(/^@?[\w.-]{1,64}(@[a-z0-9.-]+)?$/, 'a handle such as RT_com')).max(100),
    }),
  ),
});
export type StateMediaList = z.infer<typeof stateMediaSchema>;
export type Outlet = StateMediaList['outlets'][number];

const watchlistSchema = z.object({
  watchlists: z.array(
    z.object({
      name: z.string().regex(/^[\w.-]{1,64}$/),
      description: z.object({ en: z.string(), fr: z.string() }).optional(),
      terms: z.array(z.object({ term: z.string().min(2).max(100), aliases: z.array(z.string().min(1).max(100)).default([]), kind: z.string().max(30).default('keyword') })).min(1),
    }),
  ),
});
export type Watchlists = z.infer<typeof watchlistSchema>;

export class ListError extends Error {
  override name = 'ListError';
}

function load<T>(path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ListError(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ListError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The operator's list when given, else the starter list; validated, each error naming item and field. */
export function loadStateMedia(path = shippedFile(import.meta.url, 'data/state-media.json')): StateMediaList {
  const list = load(path, stateMediaSchema);
  const seen = new Map<string, string>();
  for (const outlet of list.outlets) {
    for (const d of outlet.domains) {
      const other = seen.get(d);
      if (other && other !== outlet.name) throw new ListError(`${path}: domain ${d} listed for both ${other} and ${outlet.name}`);
      seen.set(d, outlet.name);
    }
  }
  return list;
}

export function loadWatchlists(path = shippedFile(import.meta.url, 'data/watchlists.json')): Watchlists {
  return load(path, watchlistSchema);
}
