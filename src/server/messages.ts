import { translator, type Catalogue, type Lang, type Translate } from '../i18n/index.js';

export type ServerMessageKey =
  | 'invalid'
  | 'invalid-json'
  | 'too-large'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'not-found'
  | 'internal'
  | 'rate-limited'
  | 'login-failed'
  | 'setup-done'
  | 'user-exists'
  | 'no-user'
  | 'last-admin'
  | 'no-token'
  | 'no-decision'
  | 'no-finding'
  | 'demo-running'
  | 'too-many-streams'
  | 'serve-start'
  | 'serve-setup'
  | 'serve-demo-offer'
  | 'serve-demo'
  | 'serve-stopped'
  | 'build-start'
  | 'build-missing'
  | 'build-failed';

export const serverMessages: Catalogue<ServerMessageKey> = {
  en: {
    invalid: '{field}: {reason}',
    'invalid-json': 'body: not valid JSON',
    'too-large': 'body: too large',
    unauthenticated: 'Sign in first (or send a valid API token).',
    forbidden: 'Your role ({role}) does not allow this.',
    csrf: 'Missing or wrong x-csrf-token header: reload the page.',
    'not-found': 'Not found.',
    internal: 'Something went wrong on the server; it has been logged.',
    'rate-limited': 'Too many failed sign-ins: try again in {seconds} s.',
    'login-failed': 'Wrong user name or password.',
    'setup-done': 'The first administrator already exists: sign in.',
    'user-exists': 'username: a user named "{username}" already exists.',
    'no-user': 'No user named "{username}".',
    'last-admin': 'The last administrator cannot be removed or demoted.',
    'no-token': 'No API token {id}.',
    'no-decision': 'No decision {id}.',
    'no-finding': 'No finding {id}.',
    'demo-running': 'The demo is already running.',
    'too-many-streams': 'Too many live connections: close another tab.',
    'serve-start': 'Vigie serves its dashboard on {url}',
    'serve-setup': 'First run: open {url} to create the administrator (there is no default password).',
    'serve-demo-offer': 'No source configured: the dashboard offers a demo of election-night traffic (or start with --demo).',
    'serve-demo': 'Demo: simulated election-night traffic flows live through the pipeline ({rate} lines/s).',
    'serve-stopped': 'Stopped: {events} events analysed, {rejected} lines rejected.',
    'build-start': 'Building the dashboard (web/dist is missing)...',
    'build-missing': 'The dashboard is not built and web/vite.config.ts does not exist: serving the API only (described at /api/docs/ui).',
    'build-failed': 'Building the dashboard failed ({reason}): serving the API only.',
  },
  fr: {
    invalid: '{field} : {reason}',
    'invalid-json': 'corps : JSON non valide',
    'too-large': 'corps : trop volumineux',
    unauthenticated: 'Connectez-vous d\u2019abord (ou envoyez un jeton d\u2019API valide).',
    forbidden: 'Votre rôle ({role}) ne permet pas cette action.',
    csrf: 'En-tête x-csrf-token absent ou erroné : rechargez la page.',
    'not-found': 'Introuvable.',
    internal: 'Une erreur est survenue sur le serveur; elle a été consignée.',
    'rate-limited': 'Trop de connexions échouées : réessayez dans {seconds} s.',
    'login-failed': 'Nom d\u2019utilisateur ou mot de passe erroné.',
    'setup-done': 'Le premier administrateur existe déjà : connectez-vous.',
    'user-exists': 'username : un utilisateur nommé « {username} » existe déjà.',
    'no-user': 'Aucun utilisateur nommé « {username} ».',
    'last-admin': 'Le dernier administrateur ne peut être ni supprimé ni rétrogradé.',
    'no-token': 'Aucun jeton d\u2019API {id}.',
    'no-decision': 'Aucune décision {id}.',
    'no-finding': 'Aucune détection {id}.',
    'demo-running': 'La démonstration est déjà en cours.',
    'too-many-streams': 'Trop de connexions en direct : fermez un autre onglet.',
    'serve-start': 'Vigie sert son tableau de bord sur {url}',
    'serve-setup': 'Premier démarrage : ouvrez {url} pour créer l\u2019administrateur (il n\u2019y a pas de mot de passe par défaut).',
    'serve-demo-offer': 'Aucune source configurée : le tableau de bord propose une démonstration du trafic d\u2019un soir d\u2019élection (ou lancez avec --demo).',
    'serve-demo': 'Démonstration : un trafic simulé de soir d\u2019élection traverse la chaîne en direct ({rate} lignes/s).',
    'serve-stopped': 'Arrêté : {events} événements analysés, {rejected} lignes rejetées.',
    'build-start': 'Construction du tableau de bord (web/dist absent)...',
    'build-missing': 'Le tableau de bord n\u2019est pas construit et web/vite.config.ts n\u2019existe pas : seule l\u2019API est servie (décrite sur /api/docs/ui).',
    'build-failed': 'La construction du tableau de bord a échoué ({reason}) : seule l\u2019API est servie.',
  },
};

export function serverTranslator(lang: Lang): Translate<ServerMessageKey> {
  return translator(serverMessages, lang);
}
