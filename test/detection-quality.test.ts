import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisSummary } from '../src/model/index.js';
import { analyze } from '../src/pipeline/analyze.js';
import { buildTrafficStages } from '../src/pipeline/traffic-stages.js';
import { simulationTruth, writeSimulatedLog, type SimulationTruth } from '../src/traffic/simulate/index.js';

/**
 * Detection measured against the simulator's ground truth: which addresses really attacked, and
 * how. A change to a signature, a threshold or a parser that loses attackers, or that flags
 * visitors, fails here.
 */
const OPTIONS = { seed: 7, lines: 300_000 };

describe('detection against the simulated ground truth', () => {
  let truth: SimulationTruth;
  let summary: AnalysisSummary;
  const flagged = new Set<string>();

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigie-quality-'));
    const log = join(dir, 'night.log');
    await writeSimulatedLog(log, OPTIONS);
    truth = simulationTruth(OPTIONS);
    const built = await buildTrafficStages({ formatOptions: {}, trustedProxies: [], dataDir: join(dir, 'data') });
    ({ summary } = await analyze({ files: [{ name: log, size: null }], home: 'CA', stages: built.stages }));
    for (const f of summary.findings) if (f.scope.kind === 'ip') flagged.add(f.scope.value);
  }, 120_000);

  it('parses every line', () => {
    expect(summary.input).toMatchObject({ lines: OPTIONS.lines, parsed: OPTIONS.lines, rejected: 0 });
  });

  it('finds the injection, scanning and spoofing addresses', () => {
    for (const label of ['injection', 'scan', 'spoofed-crawler'] as const) {
      const ips = truth.ips[label];
      expect(ips.length).toBeGreaterThan(0);
      const missed = ips.filter((ip) => !flagged.has(ip));
      expect(missed.length / ips.length, `${label}: missed ${missed.slice(0, 5).join(', ')}`).toBeLessThanOrEqual(0.05);
    }
  });

  it('flags no ordinary visitor and no verified crawler as an attacker', () => {
    const attackers = new Set(truth.attackerIps);
    const crawlers = new Set(truth.ips.crawler);
    const wrong = [...flagged].filter((ip) => !attackers.has(ip));
    expect(wrong.filter((ip) => crawlers.has(ip))).toEqual([]);
    expect(wrong.length / Math.max(flagged.size, 1)).toBeLessThanOrEqual(0.02);
  });

  it('finds the flood and the credential stuffing', () => {
    const flood = truth.flood;
    expect(flood).not.toBeNull();
    const floodScopes = summary.findings.filter((f) => f.category === 'flood').map((f) => f.scope.value);
    expect(floodScopes).toContain(`AS${flood?.asn}`);
    expect(summary.findings.some((f) => f.category === 'brute-force')).toBe(true);
  });

  it('attributes the spoofed crawlers to their real networks, not to the search engines', () => {
    for (const ip of truth.ips['spoofed-crawler']) {
      const finding = summary.findings.find((f) => f.category === 'spoofed-crawler' && f.scope.value === ip);
      expect(finding, ip).toBeDefined();
    }
  });
});
