import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HttpEvent } from '../src/model/index.js';
import { analyze, type EventSink } from '../src/pipeline/analyze.js';
import { EventsFileSink } from '../src/pipeline/sinks.js';
import { buildTrafficStages, type BuiltStages } from '../src/pipeline/traffic-stages.js';
import { expandInputs } from '../src/traffic/sources/files.js';

const BELL = '70.48.1.1'; // Bell Canada, a Canadian ISP
const ROSTELECOM = '178.64.47.34'; // PJSC Rostelecom, a Russian ISP
const OVH = '158.69.250.103'; // OVH in Canada: hosting, so obscured

function line(ip: string, path: string, status = 200, ua = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0', minute = 0): string {
  return `${ip} - - [20/Oct/2026:22:${String(minute).padStart(2, '0')}:00 +0000] "GET ${path} HTTP/1.1" ${status} 512 "-" "${ua}"`;
}

class MemorySink implements EventSink {
  events: HttpEvent[] = [];
  async write(events: HttpEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

describe('analyze (real parsers, intel, detectors)', () => {
  let built: BuiltStages;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigie-analyze-'));
    built = await buildTrafficStages({ formatOptions: {}, trustedProxies: [], dataDir: join(dir, 'data') });
  });

  it('attributes traffic and attacks, keeps every good line and names every bad one', async () => {
    const lines = [
      line(BELL, '/'),
      line(BELL, '/fr/ou-voter'),
      '\u0000\u0001\u0002binary garbage',
      line(ROSTELECOM, "/results?riding=1%27%20UNION%20SELECT%20password%20FROM%20users--"),
      line(OVH, '/.env', 404, 'sqlmap/1.8'),
      line(BELL, '/truncated').slice(0, 40),
      line(ROSTELECOM, '/'),
    ];
    const file = join(dir, 'access.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const sink = new MemorySink();
    const { summary, fileErrors } = await analyze({ files: await expandInputs([file]), home: 'CA', stages: built.stages, sinks: [sink], caveats: built.caveats });

    expect(fileErrors).toEqual([]);
    expect(summary.input).toMatchObject({ lines: 7, parsed: 5, rejected: 2 });
    expect(summary.input.rejectedSamples.map((s) => s.line)).toEqual([3, 6]);
    expect(summary.input.files[0]).toMatchObject({ format: 'combined', lines: 7, parsed: 5, rejected: 2 });

    expect(summary.attribution.all).toMatchObject({ domestic: 2, foreign: 2, obscured: 1, unknown: 0 });
    expect(summary.attribution.all.byCountry).toMatchObject({ CA: 3, RU: 2 });
    expect(summary.attribution.attacks).toMatchObject({ domestic: 0, foreign: 1, obscured: 1, unknown: 0 });

    expect(sink.events.map((e) => e.line)).toEqual([1, 2, 4, 5, 7]);
    const sqli = sink.events.find((e) => e.line === 4) as HttpEvent;
    expect(sqli).toMatchObject({ ip: ROSTELECOM, country: 'RU', networkType: 'isp', origin: 'foreign' });
    expect(sqli.tags).toContain('sqli');
    const probe = sink.events.find((e) => e.line === 5) as HttpEvent;
    expect(probe).toMatchObject({ country: 'CA', networkType: 'hosting', origin: 'obscured' });
    expect(probe.tags).toEqual(expect.arrayContaining(['sensitive-file', 'scanner-tool']));

    const categories = summary.findings.map((f) => `${f.category}@${f.scope.value}`);
    expect(categories).toEqual(expect.arrayContaining([`sqli@${ROSTELECOM}`, `sensitive-file@${OVH}`, `scanner-tool@${OVH}`]));
    const finding = summary.findings.find((f) => f.category === 'sqli');
    expect(finding).toMatchObject({ technique: 'T1190', count: 1 });
    expect(finding?.evidence[0]).toMatchObject({ file, line: 4 });
    expect(summary.caveats).toEqual(expect.arrayContaining(['no-tor-list', 'no-vpn-list', 'rejected-lines']));
  });

  it('reads gzip and plain files of a directory, and names a file of unknown format without losing the others', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'vigie-dir-'));
    writeFileSync(join(logs, 'access.log.1.gz'), gzipSync(`${line(BELL, '/a')}\n${line(BELL, '/b')}\n`));
    writeFileSync(join(logs, 'notes.txt'), 'this is not a log\nat all\n');
    writeFileSync(join(logs, 'access.log'), `${line(ROSTELECOM, '/c')}\n`);
    const { summary, fileErrors } = await analyze({ files: await expandInputs([logs]), home: 'CA', stages: built.stages });
    expect(summary.input.parsed).toBe(3);
    expect(fileErrors).toHaveLength(1);
    expect(fileErrors[0]?.message).toContain('notes.txt');
    expect(fileErrors[0]?.message).toContain('unknown log format');
  });

  it('counts a flooding /24 in the attack split, not only its tagged requests', async () => {
    const flood: string[] = [];
    for (let minute = 0; minute < 8; minute++) {
      for (let i = 0; i < 20; i++) flood.push(line(`70.48.${i}.1`, `/page/${i}`, 200, 'Mozilla/5.0', minute));
      if (minute >= 5) for (let i = 0; i < 900; i++) flood.push(line(`158.69.250.${i % 100}`, '/', 200, 'Mozilla/5.0', minute));
    }
    const file = join(dir, 'flood.log');
    writeFileSync(file, flood.join('\n'));
    const { summary } = await analyze({ files: await expandInputs([file]), home: 'CA', stages: built.stages });
    const floods = summary.findings.filter((f) => f.category === 'flood');
    expect(floods.map((f) => f.scope.value)).toContain('158.69.250.0/24');
    expect(summary.attribution.attacks.obscured).toBe(2700);
    expect(summary.attribution.attacks.domestic).toBe(0);
  });

  it('writes events as JSON lines in input order with the documented fields', async () => {
    const file = join(dir, 'two.log');
    writeFileSync(file, `${line(BELL, '/x')}\n${line(ROSTELECOM, '/y')}\n`);
    const out = join(dir, 'events.jsonl');
    const sink = new EventsFileSink(out);
    await analyze({ files: await expandInputs([file]), home: 'CA', stages: built.stages, sinks: [sink] });
    await sink.close();
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0] as object).slice(0, 15)).toEqual([
      'file', 'line', 'time', 'ip', 'method', 'path', 'status', 'bytes', 'userAgent', 'country', 'asn', 'org', 'networkType', 'origin', 'tags',
    ]);
    expect(rows[1]).toMatchObject({ file, line: 2, time: '2026-10-20T22:00:00.000Z', ip: ROSTELECOM, path: '/y', origin: 'foreign', tags: [] });
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const trustedBuilt = await buildTrafficStages({ formatOptions: {}, trustedProxies: ['10.0.0.0/8'], dataDir: join(dir, 'data') });
    const file = join(dir, 'xff.log');
    const xff = (peer: string) => `${line(peer, '/')} "${ROSTELECOM}"`;
    writeFileSync(file, `${xff('10.1.2.3')}\n${xff(BELL)}\n`);
    const sink = new MemorySink();
    await analyze({ files: await expandInputs([file]), home: 'CA', stages: trustedBuilt.stages, sinks: [sink] });
    expect(sink.events.map((e) => e.ip)).toEqual([ROSTELECOM, BELL]);
  });
});
