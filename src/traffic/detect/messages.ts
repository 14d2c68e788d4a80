import type { Catalogue } from '../../i18n/index.js';

/** Words a person reads about detection findings, in English and French. */
export type DetectMessageKey =
  | 'category.sqli' | 'category.xss' | 'category.path-traversal' | 'category.rfi' | 'category.command-injection'
  | 'category.code-injection' | 'category.ssrf' | 'category.sensitive-file' | 'category.cms-probe'
  | 'category.scanner-tool' | 'category.scan' | 'category.brute-force' | 'category.flood' | 'category.spoofed-crawler'
  | 'technique.T1190' | 'technique.T1595.002' | 'technique.T1595.003' | 'technique.T1110' | 'technique.T1110.004'
  | 'technique.T1499.002' | 'technique.T1036';

export const detectMessages: Catalogue<DetectMessageKey> = {
  en: {
    'category.sqli': 'SQL injection',
    'category.xss': 'Cross-site scripting',
    'category.path-traversal': 'Path traversal',
    'category.rfi': 'File inclusion',
    'category.command-injection': 'Command injection',
    'category.code-injection': 'Code injection',
    'category.ssrf': 'Server-side request forgery',
    'category.sensitive-file': 'Sensitive file probe',
    'category.cms-probe': 'CMS probe',
    'category.scanner-tool': 'Attack or scanning tool',
    'category.scan': 'Content scan',
    'category.brute-force': 'Login brute force',
    'category.flood': 'Request flood',
    'category.spoofed-crawler': 'Spoofed crawler',
    'technique.T1190': 'Exploit Public-Facing Application',
    'technique.T1595.002': 'Active Scanning: Vulnerability Scanning',
    'technique.T1595.003': 'Active Scanning: Wordlist Scanning',
    'technique.T1110': 'Brute Force',
    'technique.T1110.004': 'Brute Force: Credential Stuffing',
    'technique.T1499.002': 'Endpoint Denial of Service: Service Exhaustion Flood',
    'technique.T1036': 'Masquerading',
  },
  fr: {
    'category.sqli': 'Injection SQL',
    'category.xss': 'Script intersite (XSS)',
    'category.path-traversal': 'Traversée de répertoires',
    'category.rfi': 'Inclusion de fichier',
    'category.command-injection': 'Injection de commandes',
    'category.code-injection': 'Injection de code',
    'category.ssrf': 'Falsification de requête côté serveur',
    'category.sensitive-file': 'Recherche de fichiers sensibles',
    'category.cms-probe': 'Sondage de SGC',
    'category.scanner-tool': 'Outil d’attaque ou de balayage',
    'category.scan': 'Balayage de contenu',
    'category.brute-force': 'Force brute sur la connexion',
    'category.flood': 'Inondation de requêtes',
    'category.spoofed-crawler': 'Faux robot d’indexation',
    'technique.T1190': 'Exploitation d’une application exposée',
    'technique.T1595.002': 'Balayage actif : recherche de vulnérabilités',
    'technique.T1595.003': 'Balayage actif : balayage par liste de mots',
    'technique.T1110': 'Force brute',
    'technique.T1110.004': 'Force brute : bourrage d’identifiants',
    'technique.T1499.002': 'Déni de service de point de terminaison : épuisement du service',
    'technique.T1036': 'Usurpation d’apparence',
  },
};
