import { z } from 'zod';
import type { Post } from '../../model/index.js';
import type { FetchResponse } from './fetch.js';

export const SOURCE_KINDS = ['rss', 'mastodon', 'bluesky', 'telegram'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const sourceConfigSchema = z
  .object({
    name: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64'),
    kind: z.enum(SOURCE_KINDS),
    /** Feed URL; Mastodon instance; Bluesky XRPC service (https://public.api.bsky.app); URL of a Telegram export. */
    url: z.url({ protocol: /^https?$/ }),
    timeline: z.enum(['public', 'hashtag', 'account']).optional(),
    local: z.boolean().optional(),
    tag: z.string().min(1).max(100).optional(),
    accountId: z.string().min(1).max(64).optional(),
    endpoint: z.enum(['search', 'author', 'feed']).optional(),
    query: z.string().min(1).max(300).optional(),
    actor: z.string().min(1).max(253).optional(),
    feed: z.string().startsWith('at://').max(500).optional(),
    intervalSeconds: z.number().int().min(60).max(86_400).default(900),
    maxPages: z.number().int().min(1).max(20).default(3),
    allowPrivate: z.boolean().default(false),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'mastodon' && c.timeline === 'hashtag' && !c.tag) ctx.addIssue({ code: 'custom', path: ['tag'], message: 'a hashtag timeline needs tag' });
    if (c.kind === 'mastodon' && c.timeline === 'account' && !c.accountId) ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'an account timeline needs accountId' });
    if (c.kind === 'bluesky' && (c.endpoint ?? 'search') === 'search' && !c.query) ctx.addIssue({ code: 'custom', path: ['query'], message: 'a search needs query' });
    if (c.kind === 'bluesky' && c.endpoint === 'author' && !c.actor) ctx.addIssue({ code: 'custom', path: ['actor'], message: 'an author feed needs actor' });
    if (c.kind === 'bluesky' && c.endpoint === 'feed' && !c.feed) ctx.addIssue({ code: 'custom', path: ['feed'], message: 'a feed needs feed (an at:// URI)' });
  });

export type SourceConfig = z.output<typeof sourceConfigSchema>;

/** What a source remembers between polls: validators, cursor, backoff and health. */
export interface SourceState {
  etag: string | null;
  lastModified: string | null;
  /** Newest item id seen (Mastodon since_id) or the platform's cursor. */
  cursor: string | null;
  failures: number;
  nextPollAt: number;
  lastOkAt: number | null;
  lastError: string | null;
  posts: number;
  errors: number;
}

export const initialState = (): SourceState => ({ etag: null, lastModified: null, cursor: null, failures: 0, nextPollAt: 0, lastOkAt: null, lastError: null, posts: 0, errors: 0 });

/** A bad item: named, counted, skipped; the others are kept. */
export interface ItemError {
  source: string;
  item: string;
  message: string;
}

export interface PollResult {
  posts: Post[];
  errors: ItemError[];
  notModified: boolean;
  /** Validators and cursor to keep; backoff is handled by the caller. */
  etag?: string | null;
  lastModified?: string | null;
  cursor?: string | null;
}

export type Fetcher = (url: string, headers?: Record<string, string>) => Promise<FetchResponse>;

/** One platform: turns what its API answers into posts. */
export interface SourceAdapter {
  poll(config: SourceConfig, state: SourceState, fetch: Fetcher): Promise<PollResult>;
}

export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`${url}: HTTP ${status}`);
    this.name = 'HttpStatusError';
  }
}

/** Throws for an answer that is neither 2xx nor 304, keeping Retry-After. */
export function expectOk(response: FetchResponse): void {
  if ((response.status >= 200 && response.status < 300) || response.status === 304) return;
  const retry = Number(response.headers['retry-after']);
  throw new HttpStatusError(response.status, response.url, Number.isFinite(retry) ? retry : null);
}

export function parseJson(response: FetchResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch (error) {
    throw new Error(`${response.url}: not JSON (${(error as Error).message})`, { cause: error });
  }
}
