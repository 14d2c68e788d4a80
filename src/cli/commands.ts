import type { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerBouncers } from './bouncers.js';
import { registerDecisions } from './decisions.js';
import { registerDemo } from './demo.js';
import { registerInfospace } from './infospace.js';
import { registerIntel } from './intel.js';
import { registerRules } from './rules.js';
import { registerServe } from './serve.js';
import { registerShield } from './shield.js';
import { registerSimulate } from './simulate.js';
import { registerWatch } from './watch.js';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(program: Command): void {
  registerAnalyze(program);
  registerWatch(program);
  registerIntel(program);
  registerSimulate(program);
  registerDemo(program);
  registerDecisions(program);
  registerBouncers(program);
  registerRules(program);
  registerInfospace(program);
  registerShield(program);
  registerServe(program);
}
