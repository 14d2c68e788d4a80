import type { FormatFactory } from './format.js';
import { ClfParser } from './clf.js';

export const vhostCommonFormat: FormatFactory = {
  name: 'vhost-common',
  description: 'common preceded by the virtual host (Apache %v:%p, nginx $host)',
  descriptionFr: 'common précédé de l\u2019hôte virtuel (Apache %v:%p, nginx $host)',
  create: () => new ClfParser('vhost-common', true, false),
};
