import type { Post } from '../../model/index.js';
import { canonicalLink } from '../text/links.js';
import { minhashInto, shingleHashesOf, textHashOf } from '../text/minhash.js';
import { normalizeInto } from '../text/normalize.js';
import { foldHashtag } from '../text/tags.js';
import { Hash64Ids, hashString, Interner, U32List } from './arrays.js';
import type { Method } from './types.js';

/** Methods whose items are known when a post arrives (co-text groups are found later). */
export type ItemMethod = Exclude<Method, 'co-text' | 'burst'>;
const ITEM_METHODS: ItemMethod[] = ['co-link', 'co-domain', 'copy-paste', 'co-repost', 'co-reply', 'co-hashtag'];

export class ItemTable {
  readonly items = new U32List();
  readonly posts = new U32List();
  readonly keys = new Interner<string | number>();
  /** A readable form of each item (for a text hash: the first post that had it). */
  readonly labels: string[] = [];

  add(key: string | number, label: string, post: number): void {
    const id = this.keys.id(key);
    if (id === this.labels.length) this.labels.push(label);
    this.items.push(id);
    this.posts.push(post);
  }

  /** An item interned elsewhere; its label is its key unless one is given. */
  addId(id: number, post: number, label?: () => string): void {
    if (label && id === this.labels.length) this.labels.push(label());
    this.items.push(id);
    this.posts.push(post);
  }

  label(id: number): string {
    return this.labels[id] ?? String(this.keys.keys[id] ?? '');
  }
}

/** Raw link -> its canonical link's and domain's item ids: a link shared again is not parsed again. */
interface LinkIds {
  link: number;
  domain: number;
}

const MAX_TEXT_KEPT = 280;

/**
 * Posts held column by column, with interned accounts and items, and MinHash signatures computed on
 * arrival: a million posts fit in a few hundred megabytes and the original objects can go.
 */
export class Corpus {
  readonly accounts = new Interner<string>();
  readonly account = new U32List(1 << 16);
  /** Epoch seconds. */
  readonly time = new U32List(1 << 16);
  readonly ids: string[] = [];
  readonly texts: string[] = [];
  readonly urls: (string | null)[] = [];
  /** The language the platform gave, else null: coordination needs none, the detector runs on demand. */
  readonly langs: (string | null)[] = [];
  readonly tables = Object.fromEntries(ITEM_METHODS.map((m) => [m, new ItemTable()])) as Record<ItemMethod, ItemTable>;
  signatures: Uint32Array;
  /** 1 when the post has a signature (its text was long enough). */
  hasSignature = new U32List(1 << 16);
  private readonly seen = new Hash64Ids();
  private readonly texts64 = new Hash64Ids();
  private readonly links = new Map<string, LinkIds | null>();
  private readonly scratch: number[] = [];
  /** Normalised text of the post being added; longer texts are cut (enough to judge similarity). */
  private readonly codes = new Uint16Array(4096);
  duplicates = 0;

  constructor(
    readonly bins = 32,
    readonly minShingles = 12,
    readonly keepText = true,
  ) {
    this.signatures = new Uint32Array(bins * (1 << 16));
  }

  get size(): number {
    return this.ids.length;
  }

  private linkIds(raw: string): LinkIds | null {
    let ids = this.links.get(raw);
    if (ids === undefined) {
      const link = canonicalLink(raw);
      ids = link ? { link: this.tables['co-link'].keys.id(link.url), domain: this.tables['co-domain'].keys.id(link.domain) } : null;
      // bounded: a stream of unique raw links must not grow this cache for ever
      if (this.links.size < 2_000_000) this.links.set(raw, ids);
    }
    return ids;
  }

  /** Adds a post; false when the same platform id was already added. */
  add(post: Post): boolean {
    const key = `${post.platform}:${post.id}`;
    const [h1, h2] = hashString(key);
    this.seen.id(h1, h2);
    if (!this.seen.created) {
      this.duplicates++;
      return false;
    }
    const index = this.ids.length;
    this.ids.push(key);
    this.account.push(this.accounts.id(post.account));
    this.time.push(Math.max(0, Math.floor(post.time / 1000)));
    this.texts.push(this.keepText ? post.text.slice(0, MAX_TEXT_KEPT) : '');
    this.urls.push(post.url);
    this.langs.push(post.lang);

    if (post.links.length > 0) {
      const linksSeen: number[] = [];
      const domainsSeen: number[] = [];
      for (let i = 0; i < post.links.length && i < 50; i++) {
        const ids = this.linkIds(post.links[i] as string);
        // a post counts once per link and once per domain
        if (!ids || linksSeen.includes(ids.link)) continue;
        linksSeen.push(ids.link);
        this.tables['co-link'].addId(ids.link, index);
        if (domainsSeen.includes(ids.domain)) continue;
        domainsSeen.push(ids.domain);
        this.tables['co-domain'].addId(ids.domain, index);
      }
    }
    if (post.repostOf) this.tables['co-repost'].add(`${post.platform}:${post.repostOf}`, post.repostOf, index);
    if (post.replyTo) this.tables['co-reply'].add(`${post.platform}:${post.replyTo}`, post.replyTo, index);
    if (post.hashtags.length >= 2) {
      const sequence = post.hashtags.map(foldHashtag).filter((t, i, all) => t && t !== all[i - 1]);
      if (sequence.length >= 2) {
        const joined = sequence.map((t) => `#${t}`).join(' ');
        this.tables['co-hashtag'].add(joined, joined, index);
      }
    }

    const length = normalizeInto(post.text, this.codes);
    if (length >= 20 && !post.repostOf) {
      const h = textHashOf(this.codes, length);
      const id = this.texts64.id(Math.floor(h / 0x200000) >>> 0, h % 0x200000);
      this.tables['copy-paste'].addId(id, index, () => post.text.slice(0, 120));
    }
    const hashes = shingleHashesOf(this.codes, length, this.scratch);
    if (this.signatures.length < (index + 1) * this.bins) {
      const next = new Uint32Array(this.signatures.length * 2);
      next.set(this.signatures);
      this.signatures = next;
    }
    // a repost carries someone else's text: co-repost judges it, not co-text
    if (hashes.length >= this.minShingles && !post.repostOf) {
      minhashInto(hashes, this.bins, this.signatures, index * this.bins);
      this.hasSignature.push(1);
    } else {
      this.hasSignature.push(0);
    }
    return true;
  }
}
