import type { FormatFactory } from './format.js';
import { ClfParser } from './clf.js';

export const commonFormat: FormatFactory = {
  name: 'common',
  description: 'NCSA common (Apache): client, time, request, status, bytes',
  descriptionFr: 'NCSA common (Apache) : client, date, requête, statut, taille',
  create: () => new ClfParser('common', false, false),
};
