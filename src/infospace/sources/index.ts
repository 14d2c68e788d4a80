import { bluesky } from './bluesky.js';
import { DEFAULT_POLICY, FetchError, safeFetch, type FetchPolicy } from './fetch.js';
import { mastodon } from './mastodon.js';
import { rssAtom } from './rss-atom.js';
import { HttpStatusError, type ItemError, type SourceAdapter, type SourceConfig, type SourceKind, type SourceState } from './source.js';
import { telegramExport } from './telegram-export.js';
import type { Post } from '../../model/index.js';

export * from './source.js';
export { parseFeed } from './rss-atom.js';
export { parseTelegramExport } from './telegram-export.js';
export { importTabular, parseMapping, POST_FIELDS, type Mapping } from './tabular-import.js';
export { safeFetch, FetchError, DEFAULT_POLICY, type FetchPolicy } from './fetch.js';

export const ADAPTERS: Record<SourceKind, SourceAdapter> = { rss: rssAtom, mastodon, bluesky, telegram: telegramExport };

const MAX_BACKOFF_SECONDS = 6 * 3600;

/** Seconds before the next try: the interval when all is well, doubling with each failure, or what the server asked. */
export function backoffSeconds(intervalSeconds: number, failures: number, retryAfterSeconds: number | null = null): number {
  if (failures === 0) return intervalSeconds;
  return Math.max(retryAfterSeconds ?? 0, Math.min(MAX_BACKOFF_SECONDS, intervalSeconds * 2 ** Math.min(failures - 1, 16)));
}

export interface PollOutcome {
  source: string;
  posts: Post[];
  errors: ItemError[];
  notModified: boolean;
  /** The fetch or the document failed as a whole. */
  error: string | null;
  state: SourceState;
}

/** Polls one source once; never throws: a failure is recorded in the state, which then backs off. */
export async function pollSource(config: SourceConfig, state: SourceState, policy: Partial<FetchPolicy> = {}, now = Date.now()): Promise<PollOutcome> {
  const effective: FetchPolicy = { ...DEFAULT_POLICY, ...policy, allowPrivate: config.allowPrivate || (policy.allowPrivate ?? false) };
  const fetcher = (url: string, headers?: Record<string, string>) => safeFetch(url, headers, effective);
  try {
    const result = await ADAPTERS[config.kind].poll(config, state, fetcher);
    const next: SourceState = {
      ...state,
      etag: result.etag !== undefined ? result.etag : state.etag,
      lastModified: result.lastModified !== undefined ? result.lastModified : state.lastModified,
      cursor: result.cursor !== undefined ? result.cursor : state.cursor,
      failures: 0,
      nextPollAt: now + config.intervalSeconds * 1000,
      lastOkAt: now,
      lastError: null,
      posts: state.posts + result.posts.length,
      errors: state.errors + result.errors.length,
    };
    return { source: config.name, posts: result.posts, errors: result.errors, notModified: result.notModified, error: null, state: next };
  } catch (error) {
    const failures = state.failures + 1;
    const retryAfter = error instanceof HttpStatusError ? error.retryAfterSeconds : null;
    const message = error instanceof FetchError || error instanceof HttpStatusError || error instanceof Error ? error.message : String(error);
    const next: SourceState = { ...state, failures, lastError: message, nextPollAt: now + backoffSeconds(config.intervalSeconds, failures, retryAfter) * 1000 };
    return { source: config.name, posts: [], errors: [], notModified: false, error: message, state: next };
  }
}
