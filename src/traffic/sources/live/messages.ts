import { translator, type Catalogue, type Lang } from '../../../i18n/index.js';
import type { LiveNotice } from './source.js';

/** Words about live sources that a person reads (notices and ingest error answers). */
export type LiveMessageKey =
  | 'file.watching'
  | 'file.new'
  | 'file.rotated'
  | 'file.truncated'
  | 'file.replaced'
  | 'file.deleted'
  | 'file.drained'
  | 'file.error'
  | 'file.recovered'
  | 'file.no-match'
  | 'checkpoint.corrupt'
  | 'checkpoint.failed'
  | 'sink.failed'
  | 'syslog.listening'
  | 'syslog.malformed'
  | 'syslog.oversized'
  | 'syslog.too-many-connections'
  | 'syslog.dropped'
  | 'syslog.socket-error'
  | 'ingest.unauthorized'
  | 'ingest.too-large'
  | 'ingest.bad-json'
  | 'ingest.bad-item'
  | 'ingest.empty'
  | 'ingest.unavailable'
  | 'ingest.accepted'
  | 'ingest.rejected';

export const liveMessages: Catalogue<LiveMessageKey> = {
  en: {
    'file.watching': '{source}: following {pattern}',
    'file.new': '{source}: new file {file}, reading from byte {offset}',
    'file.rotated': '{source}: {file} was rotated; finishing the old file, then reading the new one',
    'file.truncated': '{source}: {file} shrank from {from} to {to} bytes (truncated or copytruncate); reading again from the start',
    'file.replaced': '{source}: {file} was rewritten (its first bytes changed); reading again from the start',
    'file.deleted': '{source}: {file} was deleted; its remaining lines were read',
    'file.drained': '{source}: finished the rotated file {file} ({lines} lines)',
    'file.error': '{source}: cannot read {file}: {reason}; retrying',
    'file.recovered': '{source}: {file} is readable again',
    'file.no-match': '{source}: no file matches {pattern} yet; waiting',
    'checkpoint.corrupt': '{source}: the checkpoint file {file} is unreadable ({reason}); it was set aside and reading starts afresh',
    'checkpoint.failed': '{source}: could not save the checkpoint {file}: {reason}',
    'sink.failed': '{source}: a batch of {lines} lines could not be processed: {reason}',
    'syslog.listening': '{source}: listening for syslog on {protocol} {address}',
    'syslog.malformed': '{source}: malformed syslog frame from {peer}: {reason}',
    'syslog.oversized': '{source}: syslog frame from {peer} exceeds {limit} bytes; skipped',
    'syslog.too-many-connections': '{source}: connection from {peer} refused: {limit} connections already open',
    'syslog.dropped': '{source}: {count} syslog messages dropped because processing is behind',
    'syslog.socket-error': '{source}: socket error with {peer}: {reason}',
    'ingest.unauthorized': 'missing or wrong bearer token',
    'ingest.too-large': 'request body larger than {limit} bytes',
    'ingest.bad-json': 'line {line} is not valid JSON',
    'ingest.bad-item': 'item {line} must be a string or an object',
    'ingest.empty': 'no lines in the request body',
    'ingest.unavailable': 'ingest is not ready; try again later',
    'ingest.accepted': '{count} lines accepted',
    'ingest.rejected': '{source}: request from {peer} refused: {reason}',
  },
  fr: {
    'file.watching': '{source} : suivi de {pattern}',
    'file.new': '{source} : nouveau fichier {file}, lecture à partir de l\u2019octet {offset}',
    'file.rotated': '{source} : {file} a été renommé par la rotation ; fin de lecture de l\u2019ancien fichier, puis lecture du nouveau',
    'file.truncated': '{source} : {file} est passé de {from} à {to} octets (tronqué ou copytruncate) ; relecture depuis le début',
    'file.replaced': '{source} : {file} a été réécrit (ses premiers octets ont changé) ; relecture depuis le début',
    'file.deleted': '{source} : {file} a été supprimé ; ses dernières lignes ont été lues',
    'file.drained': '{source} : lecture terminée du fichier renommé {file} ({lines} lignes)',
    'file.error': '{source} : impossible de lire {file} : {reason} ; nouvel essai',
    'file.recovered': '{source} : {file} est de nouveau lisible',
    'file.no-match': '{source} : aucun fichier ne correspond encore à {pattern} ; en attente',
    'checkpoint.corrupt': '{source} : le point de reprise {file} est illisible ({reason}) ; il a été mis de côté et la lecture repart de zéro',
    'checkpoint.failed': '{source} : impossible d\u2019enregistrer le point de reprise {file} : {reason}',
    'sink.failed': '{source} : un lot de {lines} lignes n\u2019a pas pu être traité : {reason}',
    'syslog.listening': '{source} : écoute syslog sur {protocol} {address}',
    'syslog.malformed': '{source} : trame syslog mal formée reçue de {peer} : {reason}',
    'syslog.oversized': '{source} : trame syslog de {peer} plus grande que {limit} octets ; ignorée',
    'syslog.too-many-connections': '{source} : connexion de {peer} refusée : {limit} connexions déjà ouvertes',
    'syslog.dropped': '{source} : {count} messages syslog abandonnés, le traitement ayant pris du retard',
    'syslog.socket-error': '{source} : erreur de connexion avec {peer} : {reason}',
    'ingest.unauthorized': 'jeton d\u2019accès (bearer) absent ou erroné',
    'ingest.too-large': 'corps de requête plus grand que {limit} octets',
    'ingest.bad-json': 'la ligne {line} n\u2019est pas du JSON valide',
    'ingest.bad-item': 'l\u2019élément {line} doit être une chaîne ou un objet',
    'ingest.empty': 'aucune ligne dans le corps de la requête',
    'ingest.unavailable': 'la réception n\u2019est pas prête ; réessayez plus tard',
    'ingest.accepted': '{count} lignes acceptées',
    'ingest.rejected': '{source} : requête de {peer} refusée : {reason}',
  },
};

export function liveTranslator(lang: Lang) {
  return translator(liveMessages, lang);
}

/** A notice as a sentence in the reader's language. */
export function describeNotice(notice: LiveNotice, lang: Lang): string {
  return liveTranslator(lang)(notice.key, notice.vars);
}
