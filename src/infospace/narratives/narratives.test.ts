import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Post } from '../../model/index.js';
import { detectInPosts } from '../coordination/detect.js';
import { ListError, loadStateMedia, loadWatchlists } from './lists.js';
import { amplifiedBy, StateMediaIndex } from './state-media.js';
import { compileWatchlists, matchTerms, trendAlerts } from './trends.js';

const T0 = Date.UTC(2025, 3, 22, 12);
const post = (text: string, time: number, fields: Partial<Post> = {}): Post => ({
  id: `${time}-${text.length}-${Math.random()}`, platform: 'import', account: 'a', time, text, links: [], hashtags: [], mentions: [], replyTo: null, repostOf: null, quoteOf: null, lang: null, url: null, source: 't', ...fields,
});

describe('state-affiliated media', () => {
  it('loads the starter list and finds outlets by host, subdomain and handle', () => {
    const index = new StateMediaIndex(loadStateMedia());
    expect(index.byHost('https://www.globaltimes.cn/page/202504/1.shtml')?.outlet.name).toBe('Global Times');
    expect(index.byHost('francais.rt.com/international')?.domain).toBe('francais.rt.com');
    expect(index.byHost('chinese.chinadaily.com.cn/a')?.outlet.typology).toBe('state-controlled');
    expect(index.byHost('cbc.ca/news')).toBeNull();
    expect(index.byHandle('@CGTNOfficial')?.name).toBe('CGTN');
  });
  it('rejects an operator list with a bad entry, naming the item and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-sm-'));
    const file = join(dir, 'list.json');
    writeFileSync(file, JSON.stringify({ outlets: [{ name: 'X', country: 'CN', typology: 'state-controlled', domains: ['ok.example'], handles: [] }, { name: 'Y', country: 'Canada', typology: 'maybe', domains: ['Bad Domain'], handles: [] }] }));
    expect(() => loadStateMedia(file)).toThrow(ListError);
    expect(() => loadStateMedia(file)).toThrow(/outlets\.1\.country.*outlets\.1\.typology.*outlets\.1\.domains\.0/s);
  });
  it('alerts when a coordinated ring pushes a state outlet', () => {
    const posts = ['r1', 'r2', 'r3'].flatMap((account, i) => [0, 1, 2].map((k) => post(`look ${k}`, T0 + k * 3_600_000 + i * 5000, { account, links: [`https://www.globaltimes.cn/page/2025/${k}.shtml`] })));
    const cluster = detectInPosts(posts).clusters[0]!;
    const amplified = amplifiedBy(cluster, new StateMediaIndex(loadStateMedia()));
    expect(amplified[0]).toMatchObject({ outlet: 'Global Times', typology: 'party-controlled', matched: 'globaltimes.cn' });
  });
});

describe('watchlists and trends', () => {
  const terms = compileWatchlists(loadWatchlists());
  it('matches terms in English, French and Chinese, Traditional or Simplified, on word boundaries', () => {
    const names = (text: string) => matchTerms(text, terms).map((t) => t.term);
    expect(names('Worried about FOREIGN interference in Markham')).toEqual(['foreign interference', 'Markham']);
    expect(names("L'ingérence étrangère inquiète le Bloc")).toEqual(['Bloc Québécois', 'foreign interference']);
    expect(names('外國干預影響萬錦的華人社區')).toEqual(['foreign interference', 'Chinese community', 'Markham']);
    expect(names('NDPX is not a party; Richmondville is not Richmond')).toEqual(['Richmond']);
  });
  it('raises a trend alert for a term mentioned far above its usual rate, not for steady ones', () => {
    const posts: Post[] = [];
    for (let d = 1; d <= 7; d++) posts.push(post('Elections Canada opened advance polls', T0 - d * 86_400_000));
    for (let h = 1; h <= 7 * 24; h++) posts.push(post('The NDP again', T0 - h * 3_600_000 - 60_000));
    for (let i = 0; i < 20; i++) posts.push(post(i % 2 ? '外國干預又來了' : 'foreign interference claims spread', T0 - i * 60_000));
    const alerts = trendAlerts(posts, terms, { now: T0 + 1, windowHours: 6, baselineDays: 7, factor: 3, minCount: 10 });
    expect(alerts.map((a) => a.term)).toEqual(['foreign interference']);
    expect(alerts[0]).toMatchObject({ watchlist: 'foreign-interference', count: 20 });
  });
});
