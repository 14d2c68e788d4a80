import type { Store } from './store.js';
import { DuckDbStore } from './duckdb/duckdb-store.js';

export type * from './store.js';

/** Opens the store the operator configured. Embedded DuckDB is the default. */
export async function openStore(options: { dataDir: string }): Promise<Store> {
  return DuckDbStore.open(options.dataDir);
}
