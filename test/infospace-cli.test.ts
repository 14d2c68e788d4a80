import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { simulate } from '../src/infospace/simulate/index.js';
import { validateBundle } from '../src/sharing/stix/index.js';

async function vigie(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    process.exitCode = undefined;
    return { code: await main(['node', 'vigie', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

const rss = readFileSync(new URL('../src/infospace/sources/testdata/rss.xml', import.meta.url));
let server: Server;
let base = '';
const dir = mkdtempSync(join(tmpdir(), 'vigie-infospace-'));
const data = ['--data-dir', join(dir, 'data')];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/feed.xml') return void res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('vigie infospace', () => {
  const simulation = simulate({ posts: 12_000, accounts: 2_500, days: 2, copyPaste: 1, linkRings: 1, hashtagGroups: 1 });

  it('imports a JSON lines export, finds the injected networks, and turns one into a valid STIX case', async () => {
    const file = join(dir, 'posts.jsonl');
    const lines = [...simulation.posts()].map((p) => JSON.stringify({ post_id: p.id, user: { name: p.account }, created: new Date(p.time).toISOString(), body: p.text, urls: p.links, tags: p.hashtags, rt: p.repostOf, re: p.replyTo }));
    writeFileSync(file, `${lines.join('\n')}\n{broken\n`);
    const imported = await vigie(...data, 'infospace', 'import', file, '--mapping', 'id=post_id,account=user.name,time=created,text=body,links=urls,hashtags=tags,repostOf=rt,replyTo=re', '--json');
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as { inserted: number; errors: { item: string }[] };
    expect(report.inserted).toBe(lines.length);
    expect(report.errors.map((e) => e.item)).toEqual([`${file}:${lines.length + 1}`]);
    const again = await vigie(...data, 'infospace', 'import', file, '--mapping', 'id=post_id,account=user.name,time=created,text=body', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ inserted: 0, duplicates: lines.length });

    const zh = JSON.parse((await vigie(...data, 'infospace', 'posts', '--lang', 'zh', '--limit', '5', '--json')).stdout) as { lang: string }[];
    expect(zh).toHaveLength(5);
    expect(zh.every((p) => p.lang === 'zh')).toBe(true);
    const run = await vigie(...data, 'infospace', 'coordination', '--json');
    expect(run.code).toBe(0);
    const { clusters, alerts } = JSON.parse(run.stdout) as { clusters: { id: string; accounts: string[]; method: string; score: number; window: number; evidence: { account: string }[] }[]; alerts: unknown[] };
    const found = new Set(clusters.flatMap((c) => c.accounts));
    const truePositives = [...found].filter((a) => simulation.truth.has(a)).length;
    expect(truePositives / found.size).toBeGreaterThanOrEqual(0.95);
    expect(truePositives / simulation.truth.size).toBeGreaterThanOrEqual(0.85);
    for (const c of clusters) {
      expect(c).toEqual(expect.objectContaining({ method: expect.any(String), score: expect.any(Number), window: expect.any(Number) }));
      expect(c.evidence.length).toBeGreaterThan(0);
    }
    expect(Array.isArray(alerts)).toBe(true);

    const opened = await vigie(...data, 'infospace', 'cases', 'open', clusters[0]!.id, '--tlp', 'green');
    expect(opened.code).toBe(0);
    const caseId = /Case (case-\S+)/.exec(opened.stdout)![1]!;
    expect((await vigie(...data, 'infospace', 'cases', 'update', caseId, '--note', 'Posted within minutes, <b>same</b> text.', '--technique', 'T0084.001,T0049')).code).toBe(0);
    expect((await vigie(...data, 'infospace', 'cases', 'update', caseId, '--technique', 'T1234')).code).toBe(2);
    const stixFile = join(dir, 'case.json');
    expect((await vigie(...data, 'infospace', 'cases', 'export', caseId, '--format', 'stix', '--out', stixFile)).code).toBe(0);
    expect(validateBundle(JSON.parse(readFileSync(stixFile, 'utf8')))).toEqual([]);
    const html = await vigie(...data, 'infospace', 'cases', 'export', caseId, '--format', 'html');
    expect(html.stdout).toContain('&#60;b&#62;same&#60;/b&#62;');
    expect(html.stdout).toContain('Techniques DISARM');
  });

  it('adds, lists and polls sources; a loopback target is refused unless allowed', async () => {
    expect((await vigie(...data, 'infospace', 'sources', 'add', 'fil', '--kind', 'rss', '--url', `${base}/feed.xml`, '--interval', '600')).code).toBe(0);
    expect((await vigie(...data, 'infospace', 'sources', 'add', 'bad', '--kind', 'mastodon', '--url', 'ftp://x', '--timeline', 'hashtag')).code).toBe(2);
    const refused = await vigie(...data, 'infospace', 'poll');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/fil: failed .*loopback/);
    const polled = await vigie(...data, 'infospace', '--allow-loopback', 'poll', '--force');
    expect(polled.code).toBe(0);
    expect(polled.stdout).toContain('fil: 3 new posts, 1 bad items.');
    const list = JSON.parse((await vigie(...data, 'infospace', 'sources', 'list', '--json')).stdout) as { config: { name: string }; state: { posts: number; etag: string } }[];
    expect(list[0]).toMatchObject({ config: { name: 'fil' }, state: { posts: 3, etag: '"v1"' } });
    expect((await vigie(...data, 'infospace', 'sources', 'remove', 'fil')).code).toBe(0);
    expect((await vigie(...data, 'infospace', 'sources', 'remove', 'fil')).code).toBe(1);
  });

  it('says what is wrong with bad usage, in both languages', async () => {
    expect((await vigie(...data, 'infospace', 'import', join(dir, 'x.csv'))).code).toBe(2);
    const bad = await vigie(...data, 'infospace', 'coordination', '--window', 'co-nothing=3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--window.*MÉTHODE/);
    const hostile = join(dir, 'hostile.jsonl');
    writeFileSync(hostile, `${JSON.stringify({ id: 'x', a: 'eve', t: '\u001b[2J\u001b]0;owned\u0007', b: 'text' })}\n`);
    const imported = await vigie(...data, 'infospace', 'import', hostile, '--mapping', 'id=id,account=a,time=t,text=b');
    expect(imported.code).toBe(1);
    expect(imported.stderr).toContain('\\u001b[2J');
    expect(imported.stderr).not.toContain('\u001b');
    const help = await vigie('infospace', '--help');
    expect(help.stdout).toMatch(/import.*coordination.*poll.*trends.*sources.*cases/s);
  });
});
