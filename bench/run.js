#!/usr/bin/env node
// Runs Vigie's benchmarks against its peers. Today: log analysis (bench/analyze.js).
// Usage: npm run build && npm run bench [-- --lines N] [-- --memory]
import { runAnalyzeBench } from './analyze.js';

try {
  process.exitCode = await runAnalyzeBench(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
