import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBInstance } from '@duckdb/node-api';

/** Opens (creating it if needed) the data directory's DuckDB file; the error names the file. */
export async function openDuckDbFile(dataDir: string): Promise<{ instance: DuckDBInstance; path: string }> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'vigie.duckdb');
  // loaded on first use: the native binding costs ~40 MB of memory that runs without a store never need
  const { DuckDBInstance } = await import('@duckdb/node-api');
  try {
    // DuckDB would otherwise take up to 80% of the machine's memory for its buffers. The buffers
    // also cache the blocks a load writes, so their share of a process's memory grows with the
    // events loaded until this limit (~20 MB per million events): 128 MB bounds it and leaves the
    // dashboard's queries, which read the cubes and rollups, enough. The allocator would keep up to
    // 128 MB of freed memory per thread, and return it only when asked: with background threads it
    // goes back to the system as loads end (analyze peak RSS ~100 MB less)
    const options = { memory_limit: '128MB', allocator_flush_threshold: '32MB', allocator_background_threads: 'true' };
    return { instance: await DuckDBInstance.create(path, options), path };
  } catch (error) {
    throw new Error(`cannot open the store ${path}: ${(error as Error).message}`, { cause: error });
  }
}
