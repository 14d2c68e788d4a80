import { translator, type Catalogue, type Lang } from '../i18n/index.js';

const catalogue: Catalogue<
  | 'no-input-files'
  | 'stdin-once'
  | 'report-written'
  | 'events-written'
  | 'store-written'
  | 'speed'
  | 'demo-start'
  | 'demo-open'
  | 'watch-start'
  | 'watch-format'
  | 'watch-format-error'
  | 'watch-decision'
  | 'watch-finding'
  | 'watch-rejected'
  | 'watch-stopped'
> = {
  en: {
    'no-input-files': 'no log file found in: {inputs}',
    'stdin-once': 'standard input (-) can be given only once',
    'report-written': 'Report: {path}',
    'events-written': 'Events: {path}',
    'store-written': 'Store: {path} (run {run})',
    speed: '{lines} lines in {seconds} s',
    'demo-start': 'Vigie demo: simulating a busy election night on a public site ({lines} lines), then analysing it.',
    'demo-open': 'Open the report in a browser: {path}',
    'watch-start': 'Watching {paths}. Bouncer API on {url} (bouncer keys are added before starting: vigie bouncers add NAME). Ctrl-C stops.',
    'watch-format': '{source}: format {format}',
    'watch-format-error': '{source}: {reason}',
    'watch-decision': '{type} {scope} for {duration} ({category}, {count} requests, rule {rule})',
    'watch-finding': 'finding {category} on {scope} ({count} requests): no decision ({reason})',
    'watch-rejected': '{source}:{line}: line skipped: {reason}',
    'watch-stopped': 'Stopped: {events} requests analysed, {rejected} lines skipped.',
  },
  fr: {
    'no-input-files': 'aucun journal trouvé dans : {inputs}',
    'stdin-once': 'l\u2019entrée standard (-) ne peut être donnée qu\u2019une fois',
    'report-written': 'Rapport : {path}',
    'events-written': 'Événements : {path}',
    'store-written': 'Stockage : {path} (exécution {run})',
    speed: '{lines} lignes en {seconds} s',
    'demo-start': 'Démo Vigie : simulation d\u2019une soirée électorale chargée sur un site public ({lines} lignes), puis analyse.',
    'demo-open': 'Ouvrez le rapport dans un navigateur : {path}',
    'watch-start': 'Surveillance de {paths}. API des bouncers sur {url} (les clés des bouncers s\u2019ajoutent avant le démarrage : vigie bouncers add NOM). Ctrl-C arrête.',
    'watch-format': '{source} : format {format}',
    'watch-format-error': '{source} : {reason}',
    'watch-decision': '{type} {scope} pour {duration} ({category}, {count} requêtes, règle {rule})',
    'watch-finding': 'constat {category} sur {scope} ({count} requêtes) : pas de décision ({reason})',
    'watch-rejected': '{source}:{line} : ligne ignorée : {reason}',
    'watch-stopped': 'Arrêt : {events} requêtes analysées, {rejected} lignes ignorées.',
  },
};

export function cliMessages(lang: Lang) {
  return translator(catalogue, lang);
}
