import { translator, type Catalogue, type Lang, type Translate } from '../i18n/index.js';

/** Every word of the HTML report and the terminal summary, in English. */
const en = {
  'report.title': 'Vigie: who attacks us, and from where',
  'report.generated': 'Generated on {date} (UTC).',
  'report.period': 'Period covered: {from} to {to} (UTC).',
  'report.periodUnknown': 'Period covered: unknown.',
  'report.offline': 'This report is a single file: it loads nothing from the network.',
  'report.contents': 'Contents',
  'report.footer': 'Made with Vigie, an open, self-hosted tool. Times are in UTC.',

  'headline.title': 'Who attacks us, and from where?',
  'headline.home': 'Home country: {country}. “Domestic” means a network registered in {country}.',
  'headline.attacks': 'Attack requests',
  'headline.all': 'All requests',
  'headline.total': '{count} requests',
  'headline.sentence':
    'Of {total} attack requests, {foreign} came from networks registered abroad, {domestic} from networks registered in {country}, and {obscured} through Tor, VPNs, proxies or hosting networks that hide where the sender really is. The origin of {unknown} is unknown.',
  'headline.noAttacks': 'No attack requests were seen in these logs.',
  'headline.noTraffic': 'No requests were read: there is nothing to attribute.',
  'headline.split': '{label}: {percent} ({count})',

  'caveats.title': 'What this report can and cannot say',
  'caveats.country':
    'A country here is where the network of an address is registered, not where the person or group behind it sits. Anyone can rent a server or a VPN in another country.',
  'caveats.obscured':
    '“Obscured” traffic comes through Tor, a VPN, a proxy or a hosting or cloud network: its real origin is hidden, so it is never counted as foreign.',
  'caveats.crawler':
    'A visitor counts as a verified crawler only when its user agent claims a known crawler and its address belongs to that crawler operator’s own network. A user agent alone proves nothing: one that claims a crawler from another network is a spoofed crawler.',
  'caveats.foreign': 'Foreign is not hostile: most foreign traffic is ordinary, and the counts alone do not say who is responsible for an attack.',
  'caveats.detection':
    'Detection reads request lines only (no bodies, no responses): it can miss attacks and can flag harmless requests. Each finding carries its evidence so that a person can check it.',
  'caveat.no-tor-list':
    'No Tor exit list was imported: Tor traffic is not recognised as obscured and may be counted as foreign or domestic.',
  'caveat.no-vpn-list':
    'No VPN or proxy list was imported: VPN and proxy traffic is recognised only when it comes from a known hosting network, and may otherwise be counted as foreign or domestic.',
  'caveat.rejected-lines': 'Some lines could not be read and are left out of every count: see “Input quality”.',
  'caveat.private-addresses':
    'Some requests came from private or local addresses, which have no country. If a reverse proxy sits in front of the site, declare it as trusted so that the real client address is used.',
  'caveat.bounded-top-lists':
    'Top lists are counted with bounded memory: on very large inputs, entries far down a list may be missing or slightly undercounted.',
  'caveat.no-geo-data': 'No country database was loaded: every country is unknown.',
  'caveat.no-asn-data': 'No network (ASN) database was loaded: organisations and network types are unknown.',
  'caveat.findings-truncated':
    'There are more findings than this summary lists: the most severe are shown; all of them are in the store.',

  'origin.domestic': 'Domestic',
  'origin.foreign': 'Foreign',
  'origin.obscured': 'Obscured',
  'origin.unknown': 'Unknown',

  'network.isp': 'Internet provider (ISP)',
  'network.hosting': 'Hosting / cloud',
  'network.tor': 'Tor',
  'network.vpn': 'VPN / proxy',
  'network.crawler': 'Verified crawler',
  'network.private': 'Private address',
  'network.unknown': 'Unknown',

  'category.sqli': 'SQL injection',
  'category.xss': 'Cross-site scripting (XSS)',
  'category.path-traversal': 'Path traversal',
  'category.rfi': 'Remote file inclusion',
  'category.command-injection': 'Command injection',
  'category.code-injection': 'Code injection',
  'category.ssrf': 'Server-side request forgery (SSRF)',
  'category.sensitive-file': 'Sensitive file probe',
  'category.cms-probe': 'CMS probe',
  'category.scanner-tool': 'Scanner tool',
  'category.scan': 'Scan',
  'category.brute-force': 'Brute force',
  'category.flood': 'Flood (request burst)',
  'category.spoofed-crawler': 'Spoofed crawler',

  'severity.low': 'Low',
  'severity.medium': 'Medium',
  'severity.high': 'High',
  'severity.critical': 'Critical',

  'scope.ip': 'Address',
  'scope.prefix': 'Network prefix',
  'scope.asn': 'Network (ASN)',
  'scope.country': 'Country',

  'charts.title': 'Traffic in detail',
  'charts.dataTable': 'Show the data as a table',
  'charts.requests': 'Requests',
  'charts.attacks': 'Attack requests',
  'charts.ofWhichAttacks': 'of which attacks',
  'charts.empty': 'No data.',
  'charts.topNote': 'The {count} largest are shown.',
  'timeline.title': 'Traffic over time',
  'timeline.requestsCaption': 'Requests per interval of {bucket}, by origin',
  'timeline.attacksCaption': 'Attack requests per interval of {bucket}',
  'timeline.start': 'Start of interval (UTC)',
  'timeline.merged': 'Intervals are grouped by {bucket} to keep the table short.',
  'map.title': 'Where attack traffic is registered',
  'map.caption': 'Attack requests by country where the sending network is registered',
  'map.noAttacks': 'No attacks',
  'map.home': 'Home country, outlined',
  'map.offMap': 'Not drawn on this map (too small or no shape): {list}.',
  'map.unknown': 'Attack requests from addresses with no known country: {count}.',
  'top.countries': 'Top countries',
  'top.asns': 'Top networks (ASN)',
  'top.ips': 'Top addresses',
  'categories.patterns': 'Attack patterns: tagged requests',
  'categories.behaviours': 'Abusive behaviours: requests in the findings',
  'statuses.title': 'HTTP status codes',
  'networks.title': 'Network types',

  'col.country': 'Country',
  'col.asn': 'Network (ASN)',
  'col.ip': 'Address',
  'col.organisation': 'Organisation',
  'col.networkType': 'Network type',
  'col.origin': 'Origin',
  'col.requests': 'Requests',
  'col.attacks': 'Attacks',
  'col.share': 'Share',
  'col.category': 'Category',
  'col.count': 'Count',
  'col.status': 'Status',
  'col.scope': 'Scope',
  'col.severity': 'Severity',
  'col.confidence': 'Confidence',
  'col.technique': 'ATT&CK technique',
  'col.firstSeen': 'First seen',
  'col.lastSeen': 'Last seen',
  'col.evidence': 'Evidence',
  'col.file': 'File',
  'col.format': 'Format',
  'col.lines': 'Lines',
  'col.parsed': 'Parsed',
  'col.rejected': 'Rejected',
  'col.reason': 'Reason',
  'col.name': 'Name',
  'col.licence': 'Licence',
  'col.notice': 'Notice',

  'findings.title': 'Findings',
  'findings.caption': 'What the detectors found, most severe first',
  'findings.none': 'No findings: the detectors saw no attack pattern or abusive behaviour.',
  'findings.more': '{count} more findings are not shown here; the store holds them all.',
  'findings.showEvidence': '{count} lines of evidence',
  'findings.showEvidenceOne': '{count} line of evidence',
  'findings.moreEvidence': '{count} more lines are not shown.',
  'findings.moreEvidenceOne': '{count} more line is not shown.',
  'findings.rule': 'Rule: {rule}',
  'findings.from': 'from {ip}',
  'findings.userAgent': 'User agent: {ua}',
  'findings.details': 'Measured: {details}',

  'input.title': 'Input quality',
  'input.summary': '{lines} lines read, {parsed} parsed, {rejected} rejected ({percent}).',
  'input.files': 'Files read',
  'input.reasons': 'Rejected lines by reason',
  'input.samples': 'Samples of rejected lines',
  'input.noRejects': 'Every line was read.',

  'sources.title': 'Data sources and licences',
  'sources.none': 'No data source asked for an attribution.',
  'sources.mapName': 'World map: Natural Earth, via world-atlas',
  'sources.mapNotice': 'Made with Natural Earth (public domain), packaged as TopoJSON by world-atlas.',

  'terminal.title': 'Vigie: analysis summary',
  'terminal.input': 'Input: {lines} lines, {parsed} parsed, {rejected} rejected',
  'terminal.all': 'All traffic ({count} requests)',
  'terminal.attacks': 'Attack traffic ({count} requests)',
  'terminal.topCountries': 'Top attacking countries',
  'terminal.topAsns': 'Top attacking networks',
  'terminal.topIps': 'Top attacking addresses',
  'terminal.findings': 'Findings ({count})',
  'terminal.moreFindings': '… and {count} more',
  'terminal.rejected': 'Rejected lines by reason',
  'terminal.none': 'none',
  'terminal.attackCount': '{count} attacks',
} satisfies Record<string, string>;

export type ReportMessageKey = keyof typeof en;

const fr: Record<ReportMessageKey, string> = {
  'report.title': 'Vigie : qui nous attaque, et d’où',
  'report.generated': 'Produit le {date} (UTC).',
  'report.period': 'Période couverte : du {from} au {to} (UTC).',
  'report.periodUnknown': 'Période couverte : inconnue.',
  'report.offline': 'Ce rapport tient en un seul fichier : il ne charge rien depuis le réseau.',
  'report.contents': 'Sommaire',
  'report.footer': 'Produit avec Vigie, un outil ouvert et auto-hébergé. Les heures sont en UTC.',

  'headline.title': 'Qui nous attaque, et d’où ?',
  'headline.home': 'Pays de référence : {country}. « National » désigne un réseau enregistré dans ce pays.',
  'headline.attacks': 'Requêtes d’attaque',
  'headline.all': 'Toutes les requêtes',
  'headline.total': '{count} requêtes',
  'headline.sentence':
    'Sur {total} requêtes d’attaque, {foreign} venaient de réseaux enregistrés à l’étranger, {domestic} de réseaux enregistrés dans le pays de référence ({country}), et {obscured} passaient par Tor, des VPN, des mandataires ou des hébergeurs qui cachent la position réelle de l’expéditeur. L’origine de {unknown} est inconnue.',
  'headline.noAttacks': 'Aucune requête d’attaque n’a été vue dans ces journaux.',
  'headline.noTraffic': 'Aucune requête n’a été lue : il n’y a rien à attribuer.',
  'headline.split': '{label} : {percent} ({count})',

  'caveats.title': 'Ce que ce rapport peut dire, et ce qu’il ne peut pas dire',
  'caveats.country':
    'Le pays indiqué est celui où le réseau d’une adresse est enregistré, pas celui où se trouve la personne ou le groupe derrière. N’importe qui peut louer un serveur ou un VPN dans un autre pays.',
  'caveats.obscured':
    'Le trafic « masqué » passe par Tor, un VPN, un mandataire ou un réseau d’hébergement ou infonuagique : son origine réelle est cachée, il n’est donc jamais compté comme étranger.',
  'caveats.crawler':
    'Un visiteur n’est compté comme robot d’indexation vérifié que si son agent utilisateur se réclame d’un robot connu et que son adresse appartient au réseau de l’exploitant de ce robot. L’agent utilisateur seul ne prouve rien : celui qui se réclame d’un robot depuis un autre réseau est un faux robot.',
  'caveats.foreign':
    'Étranger ne veut pas dire hostile : la plupart du trafic étranger est ordinaire, et les chiffres seuls ne disent pas qui est responsable d’une attaque.',
  'caveats.detection':
    'La détection ne lit que les lignes de requête (ni corps ni réponses) : elle peut manquer des attaques et signaler des requêtes inoffensives. Chaque constat porte ses preuves pour qu’une personne puisse le vérifier.',
  'caveat.no-tor-list':
    'Aucune liste de sorties Tor n’a été importée : le trafic Tor n’est pas reconnu comme masqué et peut être compté comme étranger ou national.',
  'caveat.no-vpn-list':
    'Aucune liste de VPN ou de mandataires n’a été importée : ce trafic n’est reconnu que s’il vient d’un hébergeur connu, et peut sinon être compté comme étranger ou national.',
  'caveat.rejected-lines': 'Certaines lignes n’ont pas pu être lues et sont exclues de tous les comptes : voir « Qualité des données d’entrée ».',
  'caveat.private-addresses':
    'Certaines requêtes venaient d’adresses privées ou locales, qui n’ont pas de pays. Si un mandataire inverse est placé devant le site, déclarez-le comme fiable pour que l’adresse réelle du client soit utilisée.',
  'caveat.bounded-top-lists':
    'Les palmarès sont comptés avec une mémoire bornée : sur de très gros volumes, des entrées du bas de liste peuvent manquer ou être légèrement sous-comptées.',
  'caveat.no-geo-data': 'Aucune base de pays n’a été chargée : tous les pays sont inconnus.',
  'caveat.no-asn-data': 'Aucune base de réseaux (ASN) n’a été chargée : organisations et types de réseau sont inconnus.',
  'caveat.findings-truncated':
    'Il y a plus de constats que ce résumé n’en liste : les plus graves sont montrés ; tous sont dans le stockage.',

  'origin.domestic': 'National',
  'origin.foreign': 'Étranger',
  'origin.obscured': 'Masqué',
  'origin.unknown': 'Inconnu',

  'network.isp': 'Fournisseur d’accès (FAI)',
  'network.hosting': 'Hébergement / infonuagique',
  'network.tor': 'Tor',
  'network.vpn': 'VPN / mandataire',
  'network.crawler': 'Robot d’indexation vérifié',
  'network.private': 'Adresse privée',
  'network.unknown': 'Inconnu',

  'category.sqli': 'Injection SQL',
  'category.xss': 'Script intersite (XSS)',
  'category.path-traversal': 'Traversée de répertoires',
  'category.rfi': 'Inclusion de fichier distant',
  'category.command-injection': 'Injection de commandes',
  'category.code-injection': 'Injection de code',
  'category.ssrf': 'Falsification de requête côté serveur (SSRF)',
  'category.sensitive-file': 'Recherche de fichiers sensibles',
  'category.cms-probe': 'Sondage de CMS',
  'category.scanner-tool': 'Outil de balayage',
  'category.scan': 'Balayage',
  'category.brute-force': 'Force brute',
  'category.flood': 'Inondation (rafale de requêtes)',
  'category.spoofed-crawler': 'Faux robot d’indexation',

  'severity.low': 'Faible',
  'severity.medium': 'Moyenne',
  'severity.high': 'Élevée',
  'severity.critical': 'Critique',

  'scope.ip': 'Adresse',
  'scope.prefix': 'Préfixe réseau',
  'scope.asn': 'Réseau (ASN)',
  'scope.country': 'Pays',

  'charts.title': 'Le trafic en détail',
  'charts.dataTable': 'Afficher les données sous forme de tableau',
  'charts.requests': 'Requêtes',
  'charts.attacks': 'Requêtes d’attaque',
  'charts.ofWhichAttacks': 'dont attaques',
  'charts.empty': 'Aucune donnée.',
  'charts.topNote': 'Les {count} plus grands sont affichés.',
  'timeline.title': 'Le trafic dans le temps',
  'timeline.requestsCaption': 'Requêtes par tranche de {bucket}, selon l’origine',
  'timeline.attacksCaption': 'Requêtes d’attaque par tranche de {bucket}',
  'timeline.start': 'Début de la tranche (UTC)',
  'timeline.merged': 'Les tranches sont regroupées par {bucket} pour garder le tableau court.',
  'map.title': 'Où le trafic d’attaque est enregistré',
  'map.caption': 'Requêtes d’attaque selon le pays où le réseau expéditeur est enregistré',
  'map.noAttacks': 'Aucune attaque',
  'map.home': 'Pays de référence, encadré',
  'map.offMap': 'Non dessinés sur cette carte (trop petits ou sans tracé) : {list}.',
  'map.unknown': 'Requêtes d’attaque depuis des adresses sans pays connu : {count}.',
  'top.countries': 'Principaux pays',
  'top.asns': 'Principaux réseaux (ASN)',
  'top.ips': 'Principales adresses',
  'categories.patterns': 'Motifs d’attaque : requêtes marquées',
  'categories.behaviours': 'Comportements abusifs : requêtes des constats',
  'statuses.title': 'Codes d’état HTTP',
  'networks.title': 'Types de réseau',

  'col.country': 'Pays',
  'col.asn': 'Réseau (ASN)',
  'col.ip': 'Adresse',
  'col.organisation': 'Organisation',
  'col.networkType': 'Type de réseau',
  'col.origin': 'Origine',
  'col.requests': 'Requêtes',
  'col.attacks': 'Attaques',
  'col.share': 'Part',
  'col.category': 'Catégorie',
  'col.count': 'Nombre',
  'col.status': 'Code',
  'col.scope': 'Portée',
  'col.severity': 'Gravité',
  'col.confidence': 'Confiance',
  'col.technique': 'Technique ATT&CK',
  'col.firstSeen': 'Vu la première fois',
  'col.lastSeen': 'Vu la dernière fois',
  'col.evidence': 'Preuves',
  'col.file': 'Fichier',
  'col.format': 'Format',
  'col.lines': 'Lignes',
  'col.parsed': 'Lues',
  'col.rejected': 'Rejetées',
  'col.reason': 'Motif',
  'col.name': 'Nom',
  'col.licence': 'Licence',
  'col.notice': 'Mention',

  'findings.title': 'Constats',
  'findings.caption': 'Ce que les détecteurs ont trouvé, du plus grave au moins grave',
  'findings.none': 'Aucun constat : les détecteurs n’ont vu aucun motif d’attaque ni comportement abusif.',
  'findings.more': '{count} autres constats ne sont pas affichés ici ; la base de données les conserve tous.',
  'findings.showEvidence': '{count} lignes de preuve',
  'findings.showEvidenceOne': '{count} ligne de preuve',
  'findings.moreEvidence': '{count} autres lignes ne sont pas affichées.',
  'findings.moreEvidenceOne': '{count} autre ligne n’est pas affichée.',
  'findings.rule': 'Règle : {rule}',
  'findings.from': 'depuis {ip}',
  'findings.userAgent': 'Agent utilisateur : {ua}',
  'findings.details': 'Mesures : {details}',

  'input.title': 'Qualité des données d’entrée',
  'input.summary': '{lines} lignes lues, {parsed} analysées, {rejected} rejetées ({percent}).',
  'input.files': 'Fichiers lus',
  'input.reasons': 'Lignes rejetées par motif',
  'input.samples': 'Exemples de lignes rejetées',
  'input.noRejects': 'Toutes les lignes ont été lues.',

  'sources.title': 'Sources de données et licences',
  'sources.none': 'Aucune source de données ne demande de mention.',
  'sources.mapName': 'Carte du monde : Natural Earth, par world-atlas',
  'sources.mapNotice': 'Réalisée avec Natural Earth (domaine public), mise en TopoJSON par world-atlas.',

  'terminal.title': 'Vigie : résumé de l’analyse',
  'terminal.input': 'Entrée : {lines} lignes, {parsed} analysées, {rejected} rejetées',
  'terminal.all': 'Tout le trafic ({count} requêtes)',
  'terminal.attacks': 'Trafic d’attaque ({count} requêtes)',
  'terminal.topCountries': 'Principaux pays attaquants',
  'terminal.topAsns': 'Principaux réseaux attaquants',
  'terminal.topIps': 'Principales adresses attaquantes',
  'terminal.findings': 'Constats ({count})',
  'terminal.moreFindings': '… et {count} autres',
  'terminal.rejected': 'Lignes rejetées par motif',
  'terminal.none': 'aucune',
  'terminal.attackCount': '{count} attaques',
};

export const reportCatalogue: Catalogue<ReportMessageKey> = { en, fr };

export function reportText(lang: Lang): Translate<ReportMessageKey> {
  return translator(reportCatalogue, lang);
}

function isKey(key: string): key is ReportMessageKey {
  return Object.hasOwn(en, key);
}

/** The message for `prefix.value`, or the value itself when the catalogue has no such message. */
function labelFor(prefix: string, value: string, lang: Lang): string {
  const key = `${prefix}.${value}`;
  return isKey(key) ? reportCatalogue[lang][key] : value;
}

/** Human name of a finding category or attack tag, e.g. "sqli" -> "SQL injection". */
export function categoryLabel(category: string, lang: Lang): string {
  return labelFor('category', category, lang);
}

export function originLabel(origin: string, lang: Lang): string {
  return labelFor('origin', origin, lang);
}

export function networkTypeLabel(networkType: string, lang: Lang): string {
  return labelFor('network', networkType, lang);
}

export function severityLabel(severity: string, lang: Lang): string {
  return labelFor('severity', severity, lang);
}

export function scopeKindLabel(kind: string, lang: Lang): string {
  return labelFor('scope', kind, lang);
}

/** The explanation of a caveat key from AnalysisSummary.caveats; an unknown key is shown as it is. */
export function caveatMessage(key: string, lang: Lang): string {
  return labelFor('caveat', key, lang);
}
