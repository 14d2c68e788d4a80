import { translator, type Catalogue, type Lang } from '../../i18n/index.js';

type Key = 'written' | 'unchanged' | 'skipped' | 'failed' | 'reload-ok' | 'reload-failed' | 'reload-timeout' | 'reload-error' | 'bad-reload' | 'bad-timeout';

const catalogue: Catalogue<Key> = {
  en: {
    written: 'Wrote {path} ({format}): {entries} address or network entries.',
    unchanged: '{path} already up to date: {entries} address or network entries.',
    skipped: 'Not written: {asn} AS ban(s), {country} country ban(s) (a file lists addresses; bouncers apply these through the API), {invalid} invalid value(s).',
    failed: 'Could not write {path}: {reason}. The previous file is unchanged.',
    'reload-ok': 'Reload command succeeded: {command}',
    'reload-failed': 'Reload command failed (exit {code}): {command}\n{stderr}',
    'reload-timeout': 'Reload command took longer than {seconds} s and was stopped: {command}\n{stderr}',
    'reload-error': 'Reload command could not start: {command}: {reason}',
    'bad-reload': '--reload: expected a command such as "systemctl reload nginx" (no unclosed quote), got "{value}"',
    'bad-timeout': '--reload-timeout: expected a duration such as 30s, got "{value}"',
  },
  fr: {
    written: '{path} écrit ({format}) : {entries} entrées d\u2019adresses ou de réseaux.',
    unchanged: '{path} déjà à jour : {entries} entrées d\u2019adresses ou de réseaux.',
    skipped: 'Non écrit : {asn} blocage(s) d\u2019AS, {country} blocage(s) de pays (un fichier liste des adresses ; les bouncers les appliquent par l\u2019API), {invalid} valeur(s) invalide(s).',
    failed: 'Impossible d\u2019écrire {path} : {reason}. Le fichier précédent est intact.',
    'reload-ok': 'Commande de rechargement réussie : {command}',
    'reload-failed': 'Échec de la commande de rechargement (code {code}) : {command}\n{stderr}',
    'reload-timeout': 'La commande de rechargement a dépassé {seconds} s et a été arrêtée : {command}\n{stderr}',
    'reload-error': 'La commande de rechargement n\u2019a pas pu démarrer : {command} : {reason}',
    'bad-reload': '--reload : commande attendue, par exemple « systemctl reload nginx » (sans guillemet ouvert), reçu « {value} »',
    'bad-timeout': '--reload-timeout : durée attendue, par exemple 30s ; reçu « {value} »',
  },
};

export function exportMessages(lang: Lang) {
  return translator(catalogue, lang);
}
