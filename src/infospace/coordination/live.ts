import type { Post } from '../../model/index.js';
import { detectCoordination, newCorpus, type CoordinationSettings } from './detect.js';
import type { CoordinationResult } from './types.js';

export interface LiveOptions {
  /** Hours of posts kept and searched. */
  horizonHours: number;
  /** Most posts kept, whatever the horizon: memory stays bounded. */
  maxPosts: number;
}

/**
 * Detection that runs continuously: new posts go in as they arrive, those older than the horizon
 * (or beyond the cap, oldest first) fall out, and each run searches what is left.
 */
export class LiveCoordination {
  private posts: Post[] = [];
  dropped = 0;

  constructor(
    private readonly options: LiveOptions = { horizonHours: 72, maxPosts: 2_000_000 },
    private readonly settings: CoordinationSettings = {},
  ) {}

  add(posts: readonly Post[]): void {
    for (const post of posts) this.posts.push(post);
    if (this.posts.length > this.options.maxPosts * 1.1) this.trim(Number.NEGATIVE_INFINITY);
  }

  get size(): number {
    return this.posts.length;
  }

  private trim(now: number): void {
    const oldest = now - this.options.horizonHours * 3_600_000;
    this.posts.sort((a, b) => a.time - b.time);
    let drop = 0;
    while (drop < this.posts.length && this.posts[drop]!.time < oldest) drop++;
    drop = Math.max(drop, this.posts.length - this.options.maxPosts);
    if (drop > 0) {
      this.posts = this.posts.slice(drop);
      this.dropped += drop;
    }
  }

  detect(now = Date.now()): CoordinationResult {
    this.trim(now);
    const corpus = newCorpus(this.settings);
    for (const post of this.posts) corpus.add(post);
    return detectCoordination(corpus, this.settings);
  }
}
