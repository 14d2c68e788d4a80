import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../../model/index.js';
import { initialState, sourceConfigSchema } from '../sources/source.js';
import { DuckDbInfospaceStore } from './duckdb.js';

const T0 = Date.UTC(2025, 3, 22, 12);
const post = (id: string, fields: Partial<Post> = {}): Post => ({
  id, platform: 'mastodon', account: 'a@x.example', time: T0, text: `text ${id}`, links: ['https://a.example/1'], hashtags: ['elxn45'], mentions: [],
  replyTo: null, repostOf: null, quoteOf: null, lang: 'en', url: null, source: 's', ...fields,
});

describe('DuckDB infospace store', () => {
  let store: DuckDbInfospaceStore;
  beforeAll(async () => {
    store = await DuckDbInfospaceStore.open(mkdtempSync(join(tmpdir(), 'vigie-is-store-')));
  });
  afterAll(() => store.close());

  it('keeps posts once, whatever the batches, and filters them', async () => {
    expect(await store.addPosts([post('1'), post('2', { lang: 'fr', text: '100% ingérence_x', time: T0 + 1000 }), post('1')])).toEqual({ inserted: 2, duplicates: 1 });
    expect(await store.addPosts([post('2'), post('3', { platform: 'bluesky', account: 'b.bsky.social', time: T0 + 2000 })])).toEqual({ inserted: 1, duplicates: 1 });
    expect((await store.posts()).map((p) => p.id)).toEqual(['3', '2', '1']);
    expect((await store.posts({ lang: 'fr' })).map((p) => p.id)).toEqual(['2']);
    expect((await store.posts({ text: '100%' })).map((p) => p.id)).toEqual(['2']);
    expect((await store.posts({ text: '_x' })).map((p) => p.id)).toEqual(['2']);
    expect((await store.posts({ platform: 'bluesky' }))[0]).toMatchObject({ account: 'b.bsky.social', links: ['https://a.example/1'], hashtags: ['elxn45'] });
    expect((await store.posts({ since: T0 + 500, until: T0 + 1500 })).map((p) => p.id)).toEqual(['2']);
    const all: string[] = [];
    for await (const p of store.eachPost(0, T0 + 10_000)) all.push(p.id);
    expect(all).toEqual(['1', '2', '3']);
  });

  it('saves sources and their state, and audits changes', async () => {
    const config = sourceConfigSchema.parse({ name: 'fil', kind: 'rss', url: 'https://example.org/rss.xml' });
    await store.saveSource(config, initialState(), 'alice');
    await store.saveSourceState('fil', { ...initialState(), posts: 4, etag: '"e"' });
    expect(await store.sources()).toEqual([{ config, state: expect.objectContaining({ posts: 4, etag: '"e"' }) }]);
    expect(await store.removeSource('fil', 'bob')).toBe(true);
    expect(await store.removeSource('fil', 'bob')).toBe(false);
    expect((await store.audit()).map((a) => [a.actor, a.action, a.target])).toEqual([['bob', 'source.remove', 'fil'], ['alice', 'source.save', 'fil']]);
  });
});
