import type { Command } from 'commander';

/** Each command lives in its own file and adds itself to the program here. */
export function registerCommands(_program: Command): void {
  // commands are added here as they are written
}
