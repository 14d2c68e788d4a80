import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/pipeline/analyze.js';
import { buildTrafficStages } from '../src/pipeline/traffic-stages.js';
import { expandInputs } from '../src/traffic/sources/files.js';
import { writeSimulatedLog } from '../src/traffic/simulate/index.js';

/** Debian's GoAccess (installed by .ci/run) reads the same log: both must agree on what it holds. */
const goaccess = spawnSync('goaccess', ['--version']).status === 0;

interface GoAccessStatusGroup {
  items: { data: string; hits: { count: number } }[];
}

describe.skipIf(!goaccess)('GoAccess and Vigie on the same log', () => {
  it('count the same valid requests and the same responses per status code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-goaccess-'));
    const log = join(dir, 'access.log');
    await writeSimulatedLog(log, { seed: 11, lines: 20_000 });
    appendFileSync(log, 'garbage line\n203.0.113.9 - - [20/Oct/2026:23:00:00 +0000] "GET / HTTP/1.1" 200\n');
    const report = join(dir, 'goaccess.json');
    const run = spawnSync('goaccess', [log, '--log-format=COMBINED', '--no-global-config', '-o', report], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const peer = JSON.parse(readFileSync(report, 'utf8')) as {
      general: { valid_requests: number; failed_requests: number };
      status_codes: { data: GoAccessStatusGroup[] };
    };
    const peerStatuses: Record<string, number> = {};
    for (const group of peer.status_codes.data) {
      for (const item of group.items) peerStatuses[item.data.slice(0, 3)] = item.hits.count;
    }

    const built = await buildTrafficStages({ formatOptions: {}, trustedProxies: [], dataDir: join(dir, 'data') });
    const { summary } = await analyze({ files: await expandInputs([log]), home: 'CA', stages: built.stages });
    expect(summary.input.parsed).toBe(peer.general.valid_requests);
    expect(summary.input.rejected).toBe(peer.general.failed_requests);
    expect(summary.statuses).toEqual(peerStatuses);
  });
});
