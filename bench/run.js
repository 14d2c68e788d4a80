#!/usr/bin/env node
// Runs Vigie's benchmarks against its peers: log analysis (bench/analyze.js) and live watching
// (bench/watch.js). Usage: npm run bench [-- analyze|watch] [options of that benchmark]
import { runAnalyzeBench } from './analyze.js';
import { runWatchBench } from './watch.js';

const [first, ...rest] = process.argv.slice(2);
try {
  if (first === 'watch') process.exitCode = await runWatchBench(rest);
  else if (first === 'analyze') process.exitCode = await runAnalyzeBench(rest);
  else if (first === undefined) process.exitCode = (await runAnalyzeBench([])) || (await runWatchBench([]));
  else process.exitCode = await runAnalyzeBench(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
