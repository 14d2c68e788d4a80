import type { Catalogue } from '../i18n/index.js';
import type { RuleErrorKind } from './load.js';

/** What `vigie rules` writes, in English and French. Details of errors stay in English after a translated heading. */
export type RulesMessageKey =
  | 'rules'
  | 'noRules'
  | 'enabled'
  | 'disabled'
  | 'simulation'
  | 'builtin'
  | 'overrides'
  | 'errors'
  | 'valid'
  | 'invalid'
  | 'unknownRule'
  | 'fired'
  | 'notFired'
  | 'matched'
  | 'firedAt'
  | 'why'
  | 'whyWindow'
  | 'whyDistinct'
  | 'whyLeaky'
  | 'whyTrigger'
  | 'filter'
  | 'lines'
  | 'more'
  | 'simulatedNote'
  | 'input'
  | 'fileError'
  | `error.${RuleErrorKind}`;

export const rulesMessages: Catalogue<RulesMessageKey> = {
  en: {
    rules: '{count} rules',
    noRules: 'No rules.',
    enabled: 'enabled',
    disabled: 'disabled',
    simulation: 'simulation',
    builtin: 'built-in',
    overrides: 'replaces the built-in rule',
    errors: '{count} rule files have errors; they were not loaded:',
    valid: '{file}: {count} rules, valid',
    invalid: '{count} errors',
    unknownRule: 'no rule named "{name}" (known: {known})',
    fired: '{rule}: fired for {count}',
    notFired: '{rule}: did not fire ({matched} lines matched its filter)',
    matched: '{matched} lines matched the filter',
    firedAt: 'fired at {where}, {time}; {count} matching requests in all',
    why: 'why',
    whyWindow: '{count} matching requests within {window} s (threshold {threshold})',
    whyDistinct: '{distinct} distinct values of {field} within the window (at least {min})',
    whyLeaky: 'bucket level {level} above capacity {capacity} (one leaks every {leak} s)',
    whyTrigger: 'the first matching request fires this rule',
    filter: 'filter',
    lines: 'lines',
    more: 'and {count} more',
    simulatedNote: 'simulation: found, never acted upon',
    input: '{lines} lines read, {parsed} requests, {rejected} rejected',
    fileError: 'could not read {detail}',
    'error.read': 'unreadable file',
    'error.yaml': 'YAML syntax error',
    'error.unknown-field': 'unknown field',
    'error.missing-field': 'missing field',
    'error.bad-value': 'bad value',
    'error.filter': 'filter error',
    'error.duplicate': 'duplicate rule name',
    'error.not-found': 'unknown rule',
  },
  fr: {
    rules: '{count} règles',
    noRules: 'Aucune règle.',
    enabled: 'active',
    disabled: 'désactivée',
    simulation: 'simulation',
    builtin: 'fournie',
    overrides: 'remplace la règle fournie',
    errors: '{count} fichiers de règles comportent des erreurs ; ils n’ont pas été chargés :',
    valid: '{file} : {count} règles, valides',
    invalid: '{count} erreurs',
    unknownRule: 'aucune règle nommée « {name} » (connues : {known})',
    fired: '{rule} : déclenchée pour {count}',
    notFired: '{rule} : non déclenchée ({matched} lignes correspondent à son filtre)',
    matched: '{matched} lignes correspondent au filtre',
    firedAt: 'déclenchée à {where}, {time} ; {count} requêtes correspondantes en tout',
    why: 'pourquoi',
    whyWindow: '{count} requêtes correspondantes en {window} s (seuil {threshold})',
    whyDistinct: '{distinct} valeurs distinctes de {field} dans la fenêtre (au moins {min})',
    whyLeaky: 'niveau du seau {level} au-dessus de la capacité {capacity} (une fuite toutes les {leak} s)',
    whyTrigger: 'la première requête correspondante déclenche cette règle',
    filter: 'filtre',
    lines: 'lignes',
    more: 'et {count} de plus',
    simulatedNote: 'simulation : constaté, jamais suivi d’action',
    input: '{lines} lignes lues, {parsed} requêtes, {rejected} rejetées',
    fileError: 'lecture impossible : {detail}',
    'error.read': 'fichier illisible',
    'error.yaml': 'erreur de syntaxe YAML',
    'error.unknown-field': 'champ inconnu',
    'error.missing-field': 'champ manquant',
    'error.bad-value': 'valeur incorrecte',
    'error.filter': 'erreur de filtre',
    'error.duplicate': 'nom de règle en double',
    'error.not-found': 'règle inconnue',
  },
};
