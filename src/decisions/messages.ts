import { translator, type Catalogue, type Lang } from '../i18n/index.js';

type Key =
  | 'none-active' | 'none' | 'added' | 'deleted' | 'not-found' | 'header' | 'state-active' | 'state-expired' | 'state-deleted'
  | 'target-once' | 'target-missing' | 'delete-target' | 'bad-duration' | 'bad-id'
  | 'bouncer-added' | 'bouncer-key-once' | 'bouncer-exists' | 'bouncer-deleted' | 'bouncer-unknown' | 'no-bouncers' | 'bouncer-header' | 'never';

const catalogue: Catalogue<Key> = {
  en: {
    'none-active': 'No decision in force.',
    none: 'No decision.',
    added: 'Decision {id}: {type} {target} until {until} ({reason}).',
    deleted: 'Ended {count} decision(s): {ids}.',
    'not-found': 'No decision in force matches {target}.',
    header: 'ID  TYPE  SCOPE:VALUE  ORIGIN  REASON  UNTIL  STATE',
    'state-active': 'in force',
    'state-expired': 'expired',
    'state-deleted': 'deleted',
    'target-once': 'give exactly one of --ip, --range, --asn, --country',
    'target-missing': 'give one of --ip, --range, --asn, --country',
    'delete-target': 'give --id N, or one of --ip, --range, --asn, --country',
    'bad-duration': '--duration: expected a duration such as 4h, 30m or 7d, got "{value}"',
    'bad-id': '--id: expected a decision number, got "{value}"',
    'bouncer-added': 'Bouncer {name} added. Its API key (shown only now, keep it safe):',
    'bouncer-key-once': 'Vigie keeps only a hash of this key: it cannot be shown again.',
    'bouncer-exists': 'a bouncer named "{name}" exists already',
    'bouncer-deleted': 'Bouncer {name} deleted.',
    'bouncer-unknown': 'no bouncer named "{name}"',
    'no-bouncers': 'No bouncer. Add one with: vigie bouncers add NAME',
    'bouncer-header': 'NAME  ADDED  LAST PULL  ADDRESS  USER AGENT',
    never: 'never',
  },
  fr: {
    'none-active': 'Aucune décision en vigueur.',
    none: 'Aucune décision.',
    added: 'Décision {id} : {type} {target} jusqu\u2019au {until} ({reason}).',
    deleted: '{count} décision(s) levée(s) : {ids}.',
    'not-found': 'Aucune décision en vigueur ne vise {target}.',
    header: 'ID  TYPE  PORTÉE:VALEUR  ORIGINE  MOTIF  JUSQU\u2019AU  ÉTAT',
    'state-active': 'en vigueur',
    'state-expired': 'expirée',
    'state-deleted': 'levée',
    'target-once': 'donnez un seul de --ip, --range, --asn, --country',
    'target-missing': 'donnez un de --ip, --range, --asn, --country',
    'delete-target': 'donnez --id N, ou un de --ip, --range, --asn, --country',
    'bad-duration': '--duration : durée attendue, par exemple 4h, 30m ou 7d ; reçu « {value} »',
    'bad-id': '--id : numéro de décision attendu ; reçu « {value} »',
    'bouncer-added': 'Bouncer {name} ajouté. Sa clé d\u2019API (affichée une seule fois, gardez-la en lieu sûr) :',
    'bouncer-key-once': 'Vigie ne garde qu\u2019une empreinte de cette clé : elle ne peut plus être affichée.',
    'bouncer-exists': 'un bouncer nommé « {name} » existe déjà',
    'bouncer-deleted': 'Bouncer {name} supprimé.',
    'bouncer-unknown': 'aucun bouncer nommé « {name} »',
    'no-bouncers': 'Aucun bouncer. Ajoutez-en un : vigie bouncers add NOM',
    'bouncer-header': 'NOM  AJOUTÉ  DERNIÈRE LECTURE  ADRESSE  AGENT',
    never: 'jamais',
  },
};

export function decisionMessages(lang: Lang) {
  return translator(catalogue, lang);
}
