import type { FormatFactory } from './format.js';
import { ClfParser } from './clf.js';

export const combinedFormat: FormatFactory = {
  name: 'combined',
  description: 'NCSA combined (Apache, nginx default): client, time, request, status, bytes, referer, user agent; a trailing quoted X-Forwarded-For is kept',
  descriptionFr: 'NCSA combined (Apache, nginx par défaut) : client, date, requête, statut, taille, référent, agent utilisateur ; un X-Forwarded-For entre guillemets en fin de ligne est conservé',
  create: () => new ClfParser('combined', false, true),
};
