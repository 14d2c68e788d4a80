import type { ExportFormat } from './format.js';
import { formatTarget, type ExportSet } from './targets.js';

/** One address or network per line, nothing else: for tools that read a plain list. */
export const textFormat: ExportFormat = {
  name: 'text',
  render(set: ExportSet): string {
    return set.targets.map((t) => `${formatTarget(t)}\n`).join('');
  },
};
