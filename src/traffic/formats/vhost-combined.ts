import type { FormatFactory } from './format.js';
import { ClfParser } from './clf.js';

export const vhostCombinedFormat: FormatFactory = {
  name: 'vhost-combined',
  description: 'combined preceded by the virtual host (Apache %v:%p, nginx $host)',
  descriptionFr: 'combined précédé de l\u2019hôte virtuel (Apache %v:%p, nginx $host)',
  create: () => new ClfParser('vhost-combined', true, true),
};
