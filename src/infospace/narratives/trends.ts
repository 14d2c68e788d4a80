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

/** Counts mentions one post at a time (posts can stream from the store), then judges the trend. */
export class TrendCounter {
  private readonly recent = new Map<CompiledTerm, { count: number; examples: string[] }>();
  private readonly before = new Map<CompiledTerm, number>();
  private readonly start: number;
  private readonly baselineStart: number;

  constructor(
    private readonly terms: readonly CompiledTerm[],
    private readonly options: TrendOptions,
  ) {
    this.start = options.now - options.windowHours * 3_600_000;
    this.baselineStart = this.start - options.baselineDays * 86_400_000;
  }

  add(post: Post): void {
    if (post.time < this.baselineStart || post.time >= this.options.now) return;
    for (const t of matchTerms(post.text, this.terms)) {
      if (post.time >= this.start) {
        const r = this.recent.get(t) ?? { count: 0, examples: [] };
        r.count++;
        if (r.examples.length < 3) r.examples.push(`${post.platform}:${post.id}`);
        this.recent.set(t, r);
      } else this.before.set(t, (this.before.get(t) ?? 0) + 1);
    }
  }

  /** Terms mentioned far more in the last window than in the windows of the baseline period before it. */
  alerts(): TrendAlert[] {
    const { windowHours, factor, minCount } = this.options;
    const windows = Math.max(1, (this.start - this.baselineStart) / (windowHours * 3_600_000));
    const alerts: TrendAlert[] = [];
    for (const [t, r] of this.recent) {
      // one mention of smoothing: a term never seen before needs minCount, not just any count
      const baseline = ((this.before.get(t) ?? 0) + 1) / windows;
      const ratio = r.count / baseline;
      if (r.count >= minCount && ratio >= factor) {
        alerts.push({ watchlist: t.watchlist, term: t.term, count: r.count, baseline: Math.round(baseline * 100) / 100, ratio: Math.round(ratio * 10) / 10, windowHours, examples: r.examples });
      }
    }
    return alerts.sort((a, b) => b.ratio - a.ratio);
  }
}

export function trendAlerts(posts: Iterable<Post>, terms: readonly CompiledTerm[], options: TrendOptions): TrendAlert[] {
  const counter = new TrendCounter(terms, options);
  for (const post of posts) counter.add(post);
  return counter.alerts();
}
