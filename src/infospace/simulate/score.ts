import type { Cluster } from '../coordination/types.js';
import type { Simulation } from './generator.js';

export interface Quality {
  detected: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Recall per kind of campaign. */
  byKind: Record<string, { accounts: number; found: number; recall: number }>;
}

/** Precision and recall of the accounts in clusters against the simulator's injected accounts. */
export function scoreClusters(simulation: Simulation, clusters: readonly Cluster[]): Quality {
  const detected = new Set(clusters.flatMap((c) => c.accounts));
  let tp = 0;
  for (const account of detected) if (simulation.truth.has(account)) tp++;
  const byKind: Quality['byKind'] = {};
  for (const campaign of simulation.campaigns) {
    const k = (byKind[campaign.kind] ??= { accounts: 0, found: 0, recall: 0 });
    k.accounts += campaign.accounts.length;
    k.found += campaign.accounts.filter((a) => detected.has(a)).length;
    k.recall = k.found / k.accounts;
  }
  return {
    detected: detected.size,
    truePositives: tp,
    precision: detected.size ? tp / detected.size : 0,
    recall: simulation.truth.size ? tp / simulation.truth.size : 0,
    byKind,
  };
}
