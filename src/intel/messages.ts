import type { Catalogue } from '../i18n/index.js';

/** Words of `vigie intel` that a person reads. */
export type IntelMessageKey =
  | 'ip'
  | 'prefix'
  | 'country'
  | 'asn'
  | 'networkType'
  | 'lists'
  | 'crawler'
  | 'crawlerConfirmed'
  | 'crawlerUnconfirmed'
  | 'crawlerUnverifiable'
  | 'none'
  | 'dataSources'
  | 'imported'
  | 'notAnIp'
  | 'unknownKind'
  | 'unknownLang'
  | 'type.isp'
  | 'type.hosting'
  | 'type.tor'
  | 'type.vpn'
  | 'type.crawler'
  | 'type.private'
  | 'type.unknown';

export const intelMessages: Catalogue<IntelMessageKey> = {
  en: {
    ip: 'Address',
    prefix: 'Network',
    country: 'Registered country',
    asn: 'Autonomous system',
    networkType: 'Network type',
    lists: 'Imported lists',
    crawler: 'Claimed crawler',
    crawlerConfirmed: '{name} (confirmed: the address belongs to {operator})',
    crawlerUnconfirmed: '{name} (NOT confirmed: the address does not belong to {operator})',
    crawlerUnverifiable: '{name} (cannot be confirmed from offline data)',
    none: 'none',
    dataSources: 'Data sources',
    imported: 'Imported {entries} entries ({kind}) from {source} into {dir}',
    notAnIp: 'not an IP address: {value}',
    unknownKind: 'unknown kind "{value}"; expected one of: {kinds}',
    unknownLang: 'unknown language "{value}"; expected en or fr',
    'type.isp': 'internet service provider',
    'type.hosting': 'hosting, cloud or CDN',
    'type.tor': 'Tor exit node',
    'type.vpn': 'VPN or proxy',
    'type.crawler': 'verified crawler',
    'type.private': 'private or reserved address',
    'type.unknown': 'unknown',
  },
  fr: {
    ip: 'Adresse',
    prefix: 'R\u00e9seau',
    country: 'Pays d\u2019enregistrement',
    asn: 'Syst\u00e8me autonome',
    networkType: 'Type de r\u00e9seau',
    lists: 'Listes import\u00e9es',
    crawler: 'Robot d\u00e9clar\u00e9',
    crawlerConfirmed: '{name} (confirm\u00e9 : l\u2019adresse appartient \u00e0 {operator})',
    crawlerUnconfirmed: '{name} (NON confirm\u00e9 : l\u2019adresse n\u2019appartient pas \u00e0 {operator})',
    crawlerUnverifiable: '{name} (impossible \u00e0 confirmer avec les donn\u00e9es locales)',
    none: 'aucune',
    dataSources: 'Sources des donn\u00e9es',
    imported: '{entries} entr\u00e9es import\u00e9es ({kind}) depuis {source} dans {dir}',
    notAnIp: 'pas une adresse IP : {value}',
    unknownKind: 'type \u00ab {value} \u00bb inconnu; types possibles : {kinds}',
    unknownLang: 'langue \u00ab {value} \u00bb inconnue; attendu : en ou fr',
    'type.isp': 'fournisseur d\u2019acc\u00e8s Internet',
    'type.hosting': 'h\u00e9bergement, infonuagique ou CDN',
    'type.tor': 'n\u0153ud de sortie Tor',
    'type.vpn': 'RPV ou mandataire',
    'type.crawler': 'robot d\u2019indexation v\u00e9rifi\u00e9',
    'type.private': 'adresse priv\u00e9e ou r\u00e9serv\u00e9e',
    'type.unknown': 'inconnu',
  },
};
