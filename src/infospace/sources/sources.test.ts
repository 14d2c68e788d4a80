import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, initialState, pollSource, safeFetch, sourceConfigSchema, type SourceConfig } from './index.js';
import { importTabular, parseMapping } from './tabular-import.js';
import { DEFAULT_POLICY, refusal } from './fetch.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./testdata/${name}`, import.meta.url)));
const LOOPBACK = { allowLoopback: true };
const requests: { path: string; headers: IncomingMessage['headers'] }[] = [];
let server: Server;
let base = '';

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', base);
  requests.push({ path: url.pathname + url.search, headers: req.headers });
  const send = (type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': type, ...headers });
    res.end(body);
  };
  switch (url.pathname) {
    case '/politique/rss.xml':
      if (req.headers['if-none-match'] === '"rss-v1"') return void res.writeHead(304).end();
      return send('application/rss+xml', fixture('rss.xml'), { etag: '"rss-v1"', 'last-modified': 'Tue, 22 Apr 2025 18:05:00 GMT' });
    case '/election/atom.xml':
      return send('application/atom+xml', fixture('atom.xml'));
    case '/api/v1/timelines/public':
      if (url.searchParams.get('max_id') === '113456789012345660') return send('application/json', fixture('mastodon-public-2.json'));
      if (url.searchParams.get('since_id')) return send('application/json', '[]');
      return send('application/json', fixture('mastodon-public-1.json'), { link: `<${base}/api/v1/timelines/public?limit=40&max_id=113456789012345660>; rel="next", <${base}/api/v1/timelines/public?limit=40&min_id=113456789012345680>; rel="prev"` });
    case '/xrpc/app.bsky.feed.searchPosts':
      return send('application/json', fixture(url.searchParams.get('cursor') === '2' ? 'bluesky-search-2.json' : 'bluesky-search-1.json'));
    case '/xrpc/app.bsky.feed.getAuthorFeed':
      return send('application/json', fixture('bluesky-author-feed.json'));
    case '/telegram/result.json':
      return send('application/json', fixture('telegram-result.json'));
    case '/busy':
      res.writeHead(503, { 'retry-after': '120' });
      return void res.end('busy');
    case '/big':
      return send('text/plain', Buffer.alloc(64 * 1024, 'x'));
    case '/slow':
      return void setTimeout(() => send('text/plain', 'late'), 2000);
    case '/loop':
      res.writeHead(302, { location: '/loop' });
      return void res.end();
    case '/to-private':
      res.writeHead(302, { location: 'http://10.1.2.3/feed' });
      return void res.end();
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const config = (fields: Record<string, unknown>): SourceConfig => sourceConfigSchema.parse({ name: 'test', ...fields });

describe('safe fetcher', () => {
  it('refuses loopback unless the caller opts in, and private targets unless the operator allows them', async () => {
    await expect(safeFetch(`${base}/big`)).rejects.toMatchObject({ kind: 'blocked-address' });
    await expect(safeFetch('http://localhost:9/')).rejects.toBeInstanceOf(FetchError);
    expect(refusal('10.0.0.8', DEFAULT_POLICY)).toBe('private');
    expect(refusal('169.254.169.254', DEFAULT_POLICY)).toBe('link-local');
    expect(refusal('::ffff:127.0.0.1', DEFAULT_POLICY)).toBe('loopback');
    expect(refusal('fd00::1', DEFAULT_POLICY)).toBe('unique-local');
    expect(refusal('10.0.0.8', { allowPrivate: true, allowLoopback: false })).toBeNull();
    expect(refusal('8.8.8.8', DEFAULT_POLICY)).toBeNull();
  });
  it('follows a redirect only to a permitted address, a limited number of times', async () => {
    await expect(safeFetch(`${base}/to-private`, {}, { ...DEFAULT_POLICY, ...LOOPBACK })).rejects.toMatchObject({ kind: 'blocked-address' });
    await expect(safeFetch(`${base}/loop`, {}, { ...DEFAULT_POLICY, ...LOOPBACK })).rejects.toMatchObject({ kind: 'too-many-redirects' });
  });
  it('limits size and time', async () => {
    await expect(safeFetch(`${base}/big`, {}, { ...DEFAULT_POLICY, ...LOOPBACK, maxBytes: 1000 })).rejects.toMatchObject({ kind: 'too-large' });
    await expect(safeFetch(`${base}/slow`, {}, { ...DEFAULT_POLICY, ...LOOPBACK, timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
    await expect(safeFetch('file:///etc/passwd')).rejects.toMatchObject({ kind: 'bad-url' });
  });
});

describe('RSS and Atom', () => {
  it('parses RSS 2.0, names the bad item, then asks again with validators and gets 304', async () => {
    const source = config({ kind: 'rss', url: `${base}/politique/rss.xml` });
    const first = await pollSource(source, initialState(), LOOPBACK, 1_000);
    expect(first.error).toBeNull();
    expect(first.posts.map((p) => p.id)).toEqual(['lfq-2025-04-22-0931', 'https://www.lefilduquebec.example/politique/2025-04-22/ingerence-rapport', 'lfq-2025-04-21-1800']);
    expect(first.errors).toEqual([{ source: 'test', item: 'lfq-undated', message: 'unreadable date "mardi dernier"' }]);
    const [debate, report] = first.posts;
    expect(debate).toMatchObject({ platform: 'rss', account: 'Marie-Ève Tremblay@lefilduquebec.example', lang: 'fr', time: Date.parse('2025-04-22T17:31:00Z'), hashtags: ['polcan'] });
    expect(debate!.links).toContain('https://www.elections.ca/content.aspx?section=vot&lang=f');
    expect(report!.text).not.toContain('alert');
    expect(report!.text).toContain('sinophones & des réseaux');
    expect(first.state).toMatchObject({ etag: '"rss-v1"', failures: 0, posts: 3, errors: 1 });
    const second = await pollSource(source, first.state, LOOPBACK, 2_000);
    expect(second.notModified).toBe(true);
    expect(requests.at(-1)!.headers['if-none-match']).toBe('"rss-v1"');
    expect(requests.at(-1)!.headers['if-modified-since']).toBe('Tue, 22 Apr 2025 18:05:00 GMT');
  });
  it('parses Atom', async () => {
    const result = await pollSource(config({ kind: 'rss', url: `${base}/election/atom.xml` }), initialState(), LOOPBACK);
    expect(result.posts.map((p) => [p.platform, p.id, p.account, p.lang])).toEqual([
      ['atom', 'tag:prairieledger.example,2025:entry-1841', 'Jordan Whitehorse@prairieledger.example', 'en'],
      ['atom', 'tag:prairieledger.example,2025:entry-1838', 'prairieledger.example', 'en'],
    ]);
    expect(result.posts[0]!.links).toEqual(['https://prairieledger.example/election/calgary-centre?fbclid=IwAR0abc', 'https://results.example/calgary-centre']);
    expect(result.errors[0]!.item).toBe('tag:prairieledger.example,2025:entry-1830');
  });
  it('backs off after a failure, honouring Retry-After', async () => {
    const source = config({ kind: 'rss', url: `${base}/busy`, intervalSeconds: 60 });
    const first = await pollSource(source, initialState(), LOOPBACK, 0);
    expect(first.error).toMatch(/HTTP 503/);
    expect(first.state.nextPollAt).toBe(120_000);
    const second = await pollSource(source, { ...first.state, failures: 3 }, LOOPBACK, 0);
    expect(second.state.nextPollAt).toBe(60 * 8 * 1000);
    const blocked = await pollSource(source, initialState(), {}, 0);
    expect(blocked.error).toMatch(/loopback/);
  });
});

describe('Mastodon', () => {
  it('reads a public timeline through Link pagination, then only what is newer', async () => {
    const source = config({ kind: 'mastodon', url: base, timeline: 'public' });
    const result = await pollSource(source, initialState(), LOOPBACK);
    expect(result.posts).toHaveLength(4);
    expect(result.errors).toEqual([{ source: 'test', item: '113456789012345650', message: 'unreadable created_at "undefined"' }]);
    const [first, reply, boost] = result.posts;
    expect(first).toMatchObject({ account: 'maplewatch@127.0.0.1', hashtags: ['elxn45', 'cdnpoli'], mentions: ['lecteur@piaille.example'], lang: 'en' });
    expect(first!.links).toEqual(['https://www.elections.ca/content.aspx?section=vot&lang=e&utm_source=mastodon', 'https://www.elections.ca/content.aspx?section=vot&lang=e']);
    expect(reply).toMatchObject({ replyTo: '113456789012345001', lang: 'zh' });
    expect(boost!.repostOf).toBe('https://mastodon.example/users/lecteur/statuses/113456789012345000');
    expect(result.state.cursor).toBe('113456789012345680');
    await pollSource(source, result.state, LOOPBACK);
    expect(requests.at(-1)!.path).toContain('since_id=113456789012345680');
  });
});

describe('Bluesky', () => {
  it('searches posts over two pages with facets, replies and quotes', async () => {
    const result = await pollSource(config({ kind: 'bluesky', url: base, endpoint: 'search', query: 'elxn45' }), initialState(), LOOPBACK);
    expect(result.posts.map((p) => p.account)).toEqual(['northwatch.bsky.social', 'huaren-ca.bsky.social', 'electeur.bsky.social', 'northwatch.bsky.social']);
    expect(result.errors).toEqual([{ source: 'test', item: 'at://did:plc:broken/app.bsky.feed.post/3lnq2xx', message: 'no author or record' }]);
    const [link, reply, external, quote] = result.posts;
    expect(link).toMatchObject({ links: ['https://truenorth-voice.info/story?utm_campaign=x'], hashtags: ['elxn45'], lang: 'en' });
    expect(reply!.replyTo).toMatch(/^at:\/\//);
    expect(reply!.mentions).toEqual(['did:plc:ewvi7nxzyoun6zhxrhs64oiz']);
    expect(external!.links).toEqual(['https://www.lefilduquebec.example/politique/2025-04-22/debat-des-chefs-logement']);
    expect(quote!.quoteOf).toBe('at://did:plc:7kq3yzrtx2mfxq4n2pqzv5ab/app.bsky.feed.post/3lnq2xh2ghi2c');
    expect(requests.some((r) => r.path.includes('searchPosts') && r.path.includes('cursor=2'))).toBe(true);
  });
  it('reads an author feed where a repost is the reposter sharing the original', async () => {
    const result = await pollSource(config({ kind: 'bluesky', url: base, endpoint: 'author', actor: 'northwatch.bsky.social' }), initialState(), LOOPBACK);
    expect(result.posts[1]).toMatchObject({ account: 'northwatch.bsky.social', repostOf: 'at://did:plc:7kq3yzrtx2mfxq4n2pqzv5ab/app.bsky.feed.post/3lnq2xh2ghi2c', time: Date.parse('2025-04-22T14:12:00Z') });
  });
});

describe('Telegram export', () => {
  it('reads messages with entities, skips service messages and names the bad one', async () => {
    const result = await pollSource(config({ kind: 'telegram', url: `${base}/telegram/result.json` }), initialState(), LOOPBACK);
    expect(result.posts.map((p) => p.id)).toEqual(['1987654321/2', '1987654321/3', '1987654321/5']);
    expect(result.errors).toEqual([{ source: 'test', item: 'message 4', message: 'unreadable date "not a date"' }]);
    expect(result.posts[0]).toMatchObject({ platform: 'telegram', hashtags: ['加拿大大选'], links: ['https://huarenbao-ca.com/a/2025/0422?utm_source=tg', 'https://www.globaltimes.cn/page/202504/1332000.shtml'], lang: 'zh', time: 1745316900000 });
    expect(result.posts[1]!.repostOf).toBe('forwarded:温哥华生活');
    expect(result.posts[2]).toMatchObject({ replyTo: '1987654321/2', mentions: ['vanlife'] });
  });
});

describe('CSV and JSON lines import', () => {
  const path = (name: string) => fileURLToPath(new URL(`./testdata/${name}`, import.meta.url));
  it('maps columns, keeps good rows and names bad ones by line', async () => {
    const mapping = parseMapping('id=tweet_id,account=screen_name,time=created_at,text=full_text,links=urls,hashtags=hashtags,replyTo=in_reply_to,repostOf=retweet_of,lang=lang');
    const items = [];
    for await (const item of importTabular(path('import.csv'), 'csv', mapping, 'import.csv')) items.push(item);
    const posts = items.flatMap((i) => ('post' in i ? [i.post] : []));
    const errors = items.flatMap((i) => ('error' in i ? [i.error] : []));
    expect(posts.map((p) => p.id)).toEqual(['1915000000000000001', '1915000000000000002', '1915000000000000005']);
    expect(posts[0]).toMatchObject({ text: 'Same story, "quoted", shared by the ring https://truenorth-voice.info/story-1', hashtags: ['elxn45', 'cdnpoli'] });
    expect(posts[1]).toMatchObject({ text: 'Text with a\nnewline inside quotes', replyTo: '1915000000000000001' });
    expect(posts[2]).toMatchObject({ time: 1745330400000, lang: 'fr', repostOf: '1915000000000000001' });
    expect(errors.map((e) => e.item)).toEqual(['import.csv:5', 'import.csv:6']);
    expect(errors[1]!.message).toMatch(/account/);
  });
  it('reads JSON lines with dotted paths', async () => {
    const items = [];
    for await (const item of importTabular(path('import.jsonl'), 'jsonl', parseMapping('{"id":"id","account":"user.handle","time":"ts","text":"body","hashtags":"tags"}'), 'x.jsonl')) items.push(item);
    expect(items.map((i) => ('post' in i ? i.post.account : i.error.item))).toEqual(['maple_patriot', 'north.true8', 'x.jsonl:3', 'x.jsonl:4']);
    expect(items[1]).toMatchObject({ post: { lang: 'zh', time: 1745330401000 } });
  });
  it('rejects a mapping that lacks a required field or names an unknown one', () => {
    expect(() => parseMapping('id=a,account=b,time=c')).toThrow(/missing text/);
    expect(() => parseMapping('id=a,account=b,time=c,text=d,colour=e')).toThrow(/unknown field "colour"/);
  });
});
