import type { Post } from '../../model/index.js';
import { segmentWords } from '../text/chinese.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Watchlists } from './lists.js';

interface CompiledTerm {
  watchlist: string;
  term: string;
  /** Normalised forms; Latin ones matched on word boundaries, Chinese ones on segmented words. */
  latin: string[];
  han: string[];
}

const HAN = /\p{Script=Han}/u;

export function compileWatchlists(watchlists: Watchlists): CompiledTerm[] {
  return watchlists.watchlists.flatMap((w) =>
    w.terms.map((t) => {
      const forms = [t.term, ...t.aliases].map(normalizeForMatch).filter(Boolean);
      return { watchlist: w.name, term: t.term, latin: forms.filter((f) => !HAN.test(f)), han: forms.filter((f) => HAN.test(f)) };
    }),
  );
}

/**
 * The watchlist terms a post mentions. Chinese has no spaces: a Chinese term matches when the
 * post's text, cut into words by Intl.Segmenter, holds the term's words in a row (so 选举 does not
 * match inside an unrelated longer word the segmenter keeps whole), or as a plain substring when
 * the segmenter cuts the term itself differently.
 */
export function matchTerms(text: string, terms: readonly CompiledTerm[]): CompiledTerm[] {
  const norm = ` ${normalizeForMatch(text)} `;
  let words: string | null = null;
  return terms.filter((t) => {
    if (t.latin.some((f) => norm.includes(` ${f} `))) return true;
    if (t.han.length === 0 || !HAN.test(norm)) return false;
    words ??= `|${segmentWords(norm).join('|')}|`;
    return t.han.some((f) => words!.includes(`|${segmentWords(f).join('|')}|`) || norm.includes(f));
  });
}

export interface TrendAlert {
  watchlist: string;
  term: string;
  count: number;
  /** Mentions per window over the baseline period. */
  baseline: number;
  ratio: number;
  windowHours: number;
  examples: string[];
}

export interface TrendOptions {
  now: number;
  windowHours: number;
  baselineDays: number;
  /** How many times the usual rate, at least. */
  factor: number;
  minCount: number;
}

export const DEFAULT_TRENDS: Omit<TrendOptions, 'now'> = { windowHours: 6, baselineDays: 7, factor: 3, minCount: 10 };

/** Terms mentioned far more in the last window than in the windows of the baseline period before it. */
export function trendAlerts(posts: Iterable<Post>, terms: readonly CompiledTerm[], options: TrendOptions): TrendAlert[] {
  const window = options.windowHours * 3_600_000;
  const start = options.now - window;
  const baselineStart = start - options.baselineDays * 86_400_000;
  const recent = new Map<CompiledTerm, { count: number; examples: string[] }>();
  const before = new Map<CompiledTerm, number>();
  for (const post of posts) {
    if (post.time < baselineStart || post.time >= options.now) continue;
    for (const t of matchTerms(post.text, terms)) {
      if (post.time >= start) {
        const r = recent.get(t) ?? { count: 0, examples: [] };
        r.count++;
        if (r.examples.length < 3) r.examples.push(`${post.platform}:${post.id}`);
        recent.set(t, r);
      } else before.set(t, (before.get(t) ?? 0) + 1);
    }
  }
  const windows = Math.max(1, (start - baselineStart) / window);
  const alerts: TrendAlert[] = [];
  for (const [t, r] of recent) {
    // one mention of smoothing: a term never seen before needs minCount, not just any count
    const baseline = ((before.get(t) ?? 0) + 1) / windows;
    const ratio = r.count / baseline;
    if (r.count >= options.minCount && ratio >= options.factor) {
      alerts.push({ watchlist: t.watchlist, term: t.term, count: r.count, baseline: Math.round(baseline * 100) / 100, ratio: Math.round(ratio * 10) / 10, windowHours: options.windowHours, examples: r.examples });
    }
  }
  return alerts.sort((a, b) => b.ratio - a.ratio);
}
