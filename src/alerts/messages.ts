import type { Catalogue } from '../i18n/index.js';

/** Every word of an alert, an update, a digest or a delivery error, in English. */
const en = {
  'alert.title': '[{severity}] {category} from {scope}',
  'alert.titleDecision': '[{severity}] {action} {scope}',
  'alert.summary': '{count} requests matched {rule} between {first} and {last} (UTC).',
  'alert.technique': 'ATT&CK technique: {technique}.',
  'alert.confidence': 'Confidence: {percent}.',
  'alert.decision': 'Decision: {action} {scope} for {duration}.',
  'alert.decisionPermanent': 'Decision: {action} {scope}, until lifted.',
  'alert.decisionReason': 'Reason: {reason}.',
  'alert.evidence': 'First matching lines:',
  'alert.caveat': 'A country or network says where an address is registered, not who is behind it.',

  'update.title': '[{severity}] {category} from {scope}: +{added} more',
  'update.text': '+{added} more findings, {requests} more requests since the last message; {totalFindings} findings and {totalRequests} requests in all, last seen {last} (UTC).',
  'update.widened': 'Seen in this group so far: {scopes}.',

  'digest.title': 'Vigie digest: {alerts} alerts held back',
  'digest.text': 'Too many alerts for this channel between {from} and {to} (UTC): {alerts} messages were held back, about {requests} requests.',
  'digest.category': '{category}: {count}',
  'digest.worst': 'Most severe held back:',

  'scope.ip': 'address {value}',
  'scope.prefix': 'network {value}',
  'scope.asn': 'autonomous system {value}',
  'scope.country': 'country {value}',

  'action.ban': 'Ban',
  'action.challenge': 'Challenge',
  'action.throttle': 'Throttle',

  'duration.minutes': '{n} min',
  'duration.hours': '{n} h',
  'duration.days': '{n} days',


  'category.decision': 'Decision',

  'error.http-status': 'the receiver answered HTTP {status}',
  'error.timeout': 'no answer within {seconds} s',
  'error.network': 'could not reach the receiver ({reason})',
  'error.smtp': 'the mail server refused the message ({reason})',
  'error.queue-full': 'the send queue was full: the message was dropped',
  'error.failed': 'channel {channel}: {reason} after {attempts} attempt(s)',
} as const;

export type AlertMessageKey = keyof typeof en;

const fr: Record<AlertMessageKey, string> = {
  'alert.title': '[{severity}] {category} depuis {scope}',
  'alert.titleDecision': '[{severity}] {action} : {scope}',
  'alert.summary': '{count} requêtes correspondent à {rule} entre le {first} et le {last} (UTC).',
  'alert.technique': 'Technique ATT&CK : {technique}.',
  'alert.confidence': 'Confiance : {percent}.',
  'alert.decision': 'Décision : {action} {scope} pendant {duration}.',
  'alert.decisionPermanent': 'Décision : {action} {scope}, jusqu’à levée.',
  'alert.decisionReason': 'Motif : {reason}.',
  'alert.evidence': 'Premières lignes correspondantes :',
  'alert.caveat': 'Un pays ou un réseau indique où une adresse est enregistrée, pas qui se trouve derrière.',

  'update.title': '[{severity}] {category} depuis {scope} : +{added} de plus',
  'update.text': '+{added} constats et {requests} requêtes de plus depuis le dernier message; {totalFindings} constats et {totalRequests} requêtes en tout, vus pour la dernière fois le {last} (UTC).',
  'update.widened': 'Vus dans ce groupe jusqu’ici : {scopes}.',

  'digest.title': 'Résumé Vigie : {alerts} alertes retenues',
  'digest.text': 'Trop d’alertes pour ce canal entre le {from} et le {to} (UTC) : {alerts} messages ont été retenus, environ {requests} requêtes.',
  'digest.category': '{category} : {count}',
  'digest.worst': 'Les plus graves parmi les messages retenus :',

  'scope.ip': 'l’adresse {value}',
  'scope.prefix': 'le réseau {value}',
  'scope.asn': 'le système autonome {value}',
  'scope.country': 'le pays {value}',

  'action.ban': 'Bannir',
  'action.challenge': 'Mettre à l’épreuve',
  'action.throttle': 'Ralentir',

  'duration.minutes': '{n} min',
  'duration.hours': '{n} h',
  'duration.days': '{n} jours',


  'category.decision': 'Décision',

  'error.http-status': 'le destinataire a répondu HTTP {status}',
  'error.timeout': 'aucune réponse en {seconds} s',
  'error.network': 'destinataire injoignable ({reason})',
  'error.smtp': 'le serveur de courriel a refusé le message ({reason})',
  'error.queue-full': 'la file d’envoi était pleine : le message a été abandonné',
  'error.failed': 'canal {channel} : {reason} après {attempts} tentative(s)',
};

export const alertMessages: Catalogue<AlertMessageKey> = { en, fr };
