import { sdoId } from '../../sharing/stix/ids.js';
import type { Cluster } from '../coordination/types.js';
import { disarm, technique } from './disarm.js';

export const TLP_LEVELS = ['clear', 'green', 'amber', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export interface CaseNote {
  at: number;
  author: string;
  text: string;
}

/** A state-affiliated outlet the cluster amplified (see narratives/state-media). */
export interface Amplified {
  outlet: string;
  typology: string;
  matched: string;
  posts: number;
}

/** A cluster an analyst took up: a frozen copy of its evidence, DISARM techniques and notes. */
export interface InfoCase {
  id: string;
  title: string;
  status: 'open' | 'closed';
  tlp: Tlp;
  created: number;
  updated: number;
  createdBy: string;
  cluster: Cluster;
  techniques: string[];
  notes: CaseNote[];
  amplified: Amplified[];
}

export class CaseError extends Error {
  override name = 'CaseError';
}

const MAX_NOTE = 10_000;

export function checkTechniques(ids: readonly string[]): string[] {
  const unknown = ids.filter((id) => !technique(id));
  if (unknown.length) throw new CaseError(`unknown DISARM technique ${unknown.join(', ')} (known: ${disarm().techniques.map((t) => t.id).join(', ')})`);
  return [...new Set(ids)];
}

/** DISARM techniques the cluster's methods point to: a starting point the analyst edits. */
export function suggestTechniques(cluster: Cluster, amplified: readonly Amplified[] = []): string[] {
  const { suggested } = disarm();
  const ids = cluster.methods.flatMap((m) => suggested[m.method] ?? []);
  if (amplified.length) ids.push(...(suggested['state-media'] ?? []));
  return [...new Set(ids)];
}

/** The same cluster always opens the same case id, so that opening it twice is noticed. */
export function createCase(cluster: Cluster, options: { actor: string; now?: number; title?: string; tlp?: Tlp; techniques?: string[]; amplified?: Amplified[] }): InfoCase {
  const now = options.now ?? Date.now();
  const amplified = options.amplified ?? [];
  return {
    id: sdoId('case', cluster.id).replace(/^case--/, 'case-'),
    title: (options.title ?? `${cluster.method}: ${cluster.accounts.length} accounts, ${cluster.first.slice(0, 10)}`).slice(0, 200),
    status: 'open',
    tlp: options.tlp ?? 'amber',
    created: now,
    updated: now,
    createdBy: options.actor,
    cluster,
    techniques: options.techniques ? checkTechniques(options.techniques) : suggestTechniques(cluster, amplified),
    notes: [],
    amplified,
  };
}

export function addNote(infoCase: InfoCase, author: string, text: string, now = Date.now()): InfoCase {
  const trimmed = text.trim();
  if (!trimmed) throw new CaseError('an empty note');
  if (trimmed.length > MAX_NOTE) throw new CaseError(`a note longer than ${MAX_NOTE} characters`);
  return { ...infoCase, notes: [...infoCase.notes, { at: now, author, text: trimmed }], updated: now };
}

export function setTechniques(infoCase: InfoCase, ids: readonly string[], now = Date.now()): InfoCase {
  return { ...infoCase, techniques: checkTechniques(ids), updated: now };
}

export function setStatus(infoCase: InfoCase, status: InfoCase['status'], now = Date.now()): InfoCase {
  return { ...infoCase, status, updated: now };
}
