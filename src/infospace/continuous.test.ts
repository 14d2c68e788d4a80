import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '../model/index.js';
import { LiveCoordination } from './coordination/live.js';
import { Infospace, runContinuously, type Round } from './index.js';

const rss = readFileSync(new URL('./sources/testdata/rss.xml', import.meta.url));
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(rss);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const NOW = Date.UTC(2025, 3, 22, 18);
const ring = (hoursAgo: number): Post[] =>
  ['r1', 'r2', 'r3'].flatMap((account, i) =>
    [0, 1, 2].map((k) => ({
      id: `${hoursAgo}-${account}-${k}`, platform: 'import' as const, account, time: NOW - hoursAgo * 3_600_000 + k * 600_000 + i * 3000, text: `see ${k}`,
      links: [`https://www.globaltimes.cn/page/${hoursAgo}/${k}.shtml`], hashtags: [], mentions: [], replyTo: null, repostOf: null, quoteOf: null, lang: 'en', url: null, source: 't',
    })),
  );

describe('continuous detection', () => {
  it('polls, searches the horizon and reports only what is new, until stopped', async () => {
    const infospace = await Infospace.open(mkdtempSync(join(tmpdir(), 'vigie-cont-')), { policy: { allowLoopback: true } });
    try {
      await infospace.addSource({ name: 'fil', kind: 'rss', url: `${base}/rss.xml`, intervalSeconds: 60 }, 'test');
      await infospace.store.addPosts([...ring(2), ...ring(200)]);
      const rounds: Round[] = [];
      const controller = new AbortController();
      let clock = NOW;
      const count = await runContinuously(infospace, {
        intervalMs: 1, horizonHours: 24, signal: controller.signal, now: () => clock,
        onRound: (round) => {
          rounds.push(round);
          clock += 120_000;
          if (rounds.length === 2) controller.abort();
        },
      });
      expect(count).toBe(2);
      expect(rounds[0]!.polled[0]).toMatchObject({ source: 'fil', inserted: 3, notModified: false });
      expect(rounds[1]!.polled[0]).toMatchObject({ notModified: true, inserted: 0 });
      expect(rounds[0]!.clusters).toBe(1);
      expect(rounds[0]!.newClusters).toHaveLength(1);
      expect(rounds[1]!.newClusters).toEqual([]);
      expect(rounds[0]!.stateMedia[0]!.outlets[0]).toMatchObject({ outlet: 'Global Times' });
    } finally {
      await infospace.close();
    }
  });

  it('keeps a bounded horizon of posts in memory', () => {
    const live = new LiveCoordination({ horizonHours: 24, maxPosts: 20 });
    live.add([...ring(200), ...ring(2), ...ring(3)]);
    const result = live.detect(NOW);
    expect(live.size).toBeLessThanOrEqual(20);
    expect(live.dropped).toBeGreaterThanOrEqual(9);
    expect(result.clusters[0]!.accounts).toEqual(['r1', 'r2', 'r3']);
  });
});
