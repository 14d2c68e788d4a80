import type { Catalogue } from '../../i18n/index.js';

/**
 * Why a line was rejected. Parsers return these exact English strings (the pipeline counts lines by
 * them); REASON_CATALOGUE gives the words a person reads in each language.
 */
export const REJECT_REASONS = [
  'line too long',
  'bad client address',
  'bad time',
  'bad request',
  'bad status',
  'bad bytes',
  'truncated line',
  'line does not match format',
  'not json',
  'missing field',
  'no fields header',
  'field count mismatch',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REASON_CATALOGUE: Catalogue<RejectReason> = {
  en: {
    'line too long': 'line too long',
    'bad client address': 'bad client address',
    'bad time': 'bad time',
    'bad request': 'bad request',
    'bad status': 'bad status',
    'bad bytes': 'bad bytes',
    'truncated line': 'truncated line',
    'line does not match format': 'line does not match format',
    'not json': 'not JSON',
    'missing field': 'missing field',
    'no fields header': 'no #Fields header',
    'field count mismatch': 'field count differs from the #Fields header',
  },
  fr: {
    'line too long': 'ligne trop longue',
    'bad client address': 'adresse du client invalide',
    'bad time': 'date invalide',
    'bad request': 'requête invalide',
    'bad status': 'code de statut invalide',
    'bad bytes': 'taille invalide',
    'truncated line': 'ligne tronquée',
    'line does not match format': 'ligne non conforme au format',
    'not json': 'pas du JSON',
    'missing field': 'champ manquant',
    'no fields header': 'en-tête #Fields absent',
    'field count mismatch': 'nombre de champs différent de l\u2019en-tête #Fields',
  },
};
