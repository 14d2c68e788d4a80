import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LiveAnalyzer } from './live.js';
import { buildTrafficStages } from './traffic-stages.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-live-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const T = Date.UTC(2026, 9, 20, 22, 0, 0);
let lineNo = 0;
function line(ip: string, path: string, status: number, secondsAfter: number) {
  const time = new Date(T + secondsAfter * 1000).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  return { source: 'access.log', file: 'access.log', line: ++lineNo, receivedAt: 0, text: `${ip} - - [${time}] "GET ${path} HTTP/1.1" ${status} 512 "-" "Mozilla/5.0 (X11; Linux x86_64)"` };
}

describe('LiveAnalyzer', () => {
  it('hands a finding out when it appears, then again only when its severity or confidence rises', async () => {
    const built = await buildTrafficStages({ dataDir, formatOptions: {}, trustedProxies: [] });
    const analyzer = new LiveAnalyzer(built.stages, 'CA');
    const probe = (i: number) => line('198.51.100.77', `/index.php?id=1' UNION SELECT username,password FROM users--${i}`, 200, i);

    expect(analyzer.process([probe(0)])).toHaveLength(1);
    const first = analyzer.newFindings().filter((f) => f.scope.value === '198.51.100.77');
    expect(first.map((f) => f.category)).toContain('sqli');
    const sqli = first.find((f) => f.category === 'sqli')!;

    // the same request again changes the count but not the grade: nothing new
    analyzer.process([probe(1)]);
    expect(analyzer.newFindings().filter((f) => f.id === sqli.id)).toEqual([]);

    // many more: the confidence (and at 20 requests the severity) rises, and the finding comes back
    analyzer.process(Array.from({ length: 40 }, (_, i) => probe(i + 2)));
    const again = analyzer.newFindings().filter((f) => f.id === sqli.id);
    expect(again).toHaveLength(1);
    expect(again[0]!.count).toBe(42);
    expect(again[0]!.confidence > sqli.confidence || again[0]!.severity !== sqli.severity).toBe(true);

    // a visitor's ordinary request gives no finding at all
    analyzer.process([line('198.51.100.80', '/results/riding-42', 200, 60)]);
    expect(analyzer.newFindings()).toEqual([]);
  });
});
