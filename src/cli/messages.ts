import { translator, type Catalogue, type Lang } from '../i18n/index.js';

const catalogue: Catalogue<
  'no-input-files' | 'stdin-once' | 'report-written' | 'events-written' | 'store-written' | 'speed' | 'demo-start' | 'demo-open'
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
  },
};

export function cliMessages(lang: Lang) {
  return translator(catalogue, lang);
}
