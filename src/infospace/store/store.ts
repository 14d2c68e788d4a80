import type { Platform, Post } from '../../model/index.js';
import type { InfoCase } from '../cases/case.js';
import type { Cluster } from '../coordination/types.js';
import type { SourceConfig, SourceState } from '../sources/source.js';

export interface PostQuery {
  since?: number;
  until?: number;
  platform?: Platform;
  account?: string;
  lang?: string;
  source?: string;
  /** Case-insensitive substring of the text. */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface StoredSource {
  config: SourceConfig;
  state: SourceState;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  target: string;
  details: unknown;
}

/** Where the information space keeps posts, sources, clusters and cases. */
export interface InfospaceStore {
  addPosts(posts: readonly Post[]): Promise<{ inserted: number; duplicates: number }>;
  posts(query?: PostQuery): Promise<Post[]>;
  /** Every post in [since, until), oldest first, a batch at a time: detection over a stored corpus. */
  eachPost(since: number, until: number): AsyncGenerator<Post>;
  countPosts(): Promise<number>;
  sources(): Promise<StoredSource[]>;
  saveSource(config: SourceConfig, state: SourceState, actor: string): Promise<void>;
  saveSourceState(name: string, state: SourceState): Promise<void>;
  removeSource(name: string, actor: string): Promise<boolean>;
  saveClusters(clusters: readonly Cluster[], at: number): Promise<void>;
  /** Clusters of the latest detection run. */
  clusters(): Promise<{ at: number | null; clusters: Cluster[] }>;
  saveCase(infoCase: InfoCase, actor: string, action: string): Promise<void>;
  getCase(id: string): Promise<InfoCase | null>;
  cases(): Promise<InfoCase[]>;
  audit(limit?: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
