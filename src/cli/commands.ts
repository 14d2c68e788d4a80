import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerIntel } from './intel.js';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(program: Command): void {
  registerAnalyze(program);
  registerIntel(program);
}
