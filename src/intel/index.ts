/** IP intelligence: what the rest of Vigie uses. */
export type { CrawlerVerdict, Intel } from './intel.js';
export { loadIntel, type LoadIntelOptions } from './load.js';
export { importIntel, detectKind, IMPORT_KINDS, isImportKind, IntelImportError, type ImportKind, type ImportRecord } from './import.js';
export {
  CidrSet,
  formatIpv4,
  formatIpv6,
  ipVersion,
  isIp,
  isPrivateIp,
  normalizeIp,
  parseCidr,
  parseIp,
  parseIpv4,
  parseIpv6,
  prefixOf,
  specialRangeOf,
  type IpRange,
  type IpVersion,
  type ParsedIp,
} from './ip.js';
export { BUNDLED_HOSTING_ASNS, BUNDLED_CRAWLERS, type HostingAsn, type CrawlerDefinition } from './network-type.js';
