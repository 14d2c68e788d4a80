import type { Infospace, StateMediaAlert } from './index.js';
import type { CoordinationSettings } from './coordination/detect.js';
import type { TrendAlert } from './narratives/trends.js';
import type { PollOutcome } from './sources/index.js';

export interface Round {
  at: number;
  polled: (Omit<PollOutcome, 'posts'> & { inserted: number })[];
  clusters: number;
  /** Clusters not in the previous round (by id: the same accounts give the same id). */
  newClusters: string[];
  stateMedia: StateMediaAlert[];
  trends: TrendAlert[];
}

export interface ContinuousOptions {
  intervalMs: number;
  /** Detection searches the posts of this many hours before now. */
  horizonHours: number;
  settings?: CoordinationSettings;
  signal: AbortSignal;
  onRound(round: Round): void;
  now?: () => number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Detection that runs continuously: poll the sources that are due, search the recent horizon,
 * report what is new, wait, again, until the signal aborts. The horizon bounds the work and memory
 * of each round whatever the store holds.
 */
export async function runContinuously(infospace: Infospace, options: ContinuousOptions): Promise<number> {
  const now = options.now ?? Date.now;
  let previous = new Set<string>();
  let rounds = 0;
  while (!options.signal.aborted) {
    const at = now();
    const polled = (await infospace.poll({ now: at })).map(({ posts: _posts, ...rest }) => rest);
    const { result, alerts } = await infospace.detect(options.settings, { since: at - options.horizonHours * 3_600_000, until: at + 1 }, at);
    const ids = result.clusters.map((c) => c.id);
    const trends = await infospace.trends({ now: at });
    options.onRound({ at, polled, clusters: ids.length, newClusters: ids.filter((id) => !previous.has(id)), stateMedia: alerts, trends });
    previous = new Set(ids);
    rounds++;
    await sleep(options.intervalMs, options.signal);
  }
  return rounds;
}
