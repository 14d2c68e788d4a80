import { translator, type Catalogue, type Lang } from '../i18n/index.js';

/** Every word the shield shows a visitor or an operator, in English and French. */
export type ShieldMessageKey =
  | 'challenge-title'
  | 'challenge-lead'
  | 'challenge-working'
  | 'challenge-done'
  | 'challenge-failed'
  | 'challenge-nojs'
  | 'challenge-nojs-link'
  | 'challenge-why'
  | 'wait-title'
  | 'wait-lead'
  | 'heavy-title'
  | 'heavy-lead'
  | 'heavy-retry'
  | 'blocked-title'
  | 'blocked-lead'
  | 'limited-title'
  | 'limited-lead'
  | 'bad-request-title'
  | 'bad-request-lead'
  | 'shield-start'
  | 'shield-nginx'
  | 'shield-under-attack-on'
  | 'shield-under-attack-off'
  | 'shield-decision'
  | 'shield-stopped';

export const shieldCatalogue: Catalogue<ShieldMessageKey> = {
  en: {
    'challenge-title': 'Checking your browser',
    'challenge-lead': 'This site is protected against automated attacks. Your browser is doing a short calculation; you will be taken to the page in a moment.',
    'challenge-working': 'Working… this usually takes a few seconds.',
    'challenge-done': 'Done. Taking you to the page…',
    'challenge-failed': 'The check could not be completed. Please reload the page.',
    'challenge-nojs': 'JavaScript is off: you will be taken to the page after a short wait.',
    'challenge-nojs-link': 'Continue after {seconds} seconds',
    'challenge-why': 'Why? Floods of automated requests can take small sites offline. No personal data is collected by this check.',
    'wait-title': 'Please wait',
    'wait-lead': 'The wait is not over yet. Please go back and wait a few more seconds.',
    'heavy-title': 'The site is under heavy load',
    'heavy-lead': 'The site cannot answer right now. Please try again in a few minutes.',
    'heavy-retry': 'Try again',
    'blocked-title': 'Access blocked',
    'blocked-lead': 'Requests from your network are blocked for now because of abusive traffic. If you think this is a mistake, contact the site’s owner.',
    'limited-title': 'Too many requests',
    'limited-lead': 'Please slow down and try again in {seconds} seconds.',
    'bad-request-title': 'Request refused',
    'bad-request-lead': 'The request could not be accepted.',
    'shield-start': 'shield listening on {url}, in front of {origin}',
    'shield-nginx': 'nginx auth_request endpoint on {url}; include written to {path}',
    'shield-under-attack-on': 'under-attack mode on ({reason})',
    'shield-under-attack-off': 'under-attack mode off',
    'shield-decision': '{category} from {scope}: {type} for {duration}',
    'shield-stopped': 'shield stopped: {requests} requests, {blocked} blocked, {challenged} challenged, {limited} rate-limited',
  },
  fr: {
    'challenge-title': 'Vérification de votre navigateur',
    'challenge-lead': 'Ce site est protégé contre les attaques automatisées. Votre navigateur fait un court calcul ; vous serez conduit à la page dans un instant.',
    'challenge-working': 'Calcul en cours… cela prend d’habitude quelques secondes.',
    'challenge-done': 'Terminé. Redirection vers la page…',
    'challenge-failed': 'La vérification n’a pas pu aboutir. Veuillez recharger la page.',
    'challenge-nojs': 'JavaScript est désactivé : vous serez conduit à la page après une courte attente.',
    'challenge-nojs-link': 'Continuer après {seconds} secondes',
    'challenge-why': 'Pourquoi ? Les déluges de requêtes automatisées peuvent mettre hors ligne les petits sites. Cette vérification ne recueille aucune donnée personnelle.',
    'wait-title': 'Veuillez patienter',
    'wait-lead': 'L’attente n’est pas terminée. Revenez en arrière et patientez encore quelques secondes.',
    'heavy-title': 'Le site est très sollicité',
    'heavy-lead': 'Le site ne peut pas répondre pour le moment. Veuillez réessayer dans quelques minutes.',
    'heavy-retry': 'Réessayer',
    'blocked-title': 'Accès bloqué',
    'blocked-lead': 'Les requêtes de votre réseau sont bloquées pour l’instant en raison de trafic abusif. Si vous pensez que c’est une erreur, contactez le responsable du site.',
    'limited-title': 'Trop de requêtes',
    'limited-lead': 'Veuillez ralentir et réessayer dans {seconds} secondes.',
    'bad-request-title': 'Requête refusée',
    'bad-request-lead': 'La requête n’a pas pu être acceptée.',
    'shield-start': 'bouclier à l’écoute sur {url}, devant {origin}',
    'shield-nginx': 'point d’autorisation nginx (auth_request) sur {url} ; fichier à inclure écrit dans {path}',
    'shield-under-attack-on': 'mode « sous attaque » activé ({reason})',
    'shield-under-attack-off': 'mode « sous attaque » désactivé',
    'shield-decision': '{category} depuis {scope} : {type} pour {duration}',
    'shield-stopped': 'bouclier arrêté : {requests} requêtes, {blocked} bloquées, {challenged} vérifiées, {limited} limitées',
  },
};

export function shieldMessages(lang: Lang) {
  return translator(shieldCatalogue, lang);
}
