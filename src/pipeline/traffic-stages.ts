import type { DataAttribution } from '../model/index.js';
import { readManifest } from '../intel/import.js';
import type { Intel } from '../intel/intel.js';
import { CidrSet } from '../intel/ip.js';
import { loadIntel } from '../intel/load.js';
import { clientIp } from '../traffic/client-ip.js';
import { collectFindings, createDetectors } from '../traffic/detect/index.js';
import { createTagger, loadSignatures } from '../traffic/detect/tagger.js';
import { createFormat, detectFormat, type FormatOptions } from '../traffic/formats/index.js';
import type { TrafficStages } from './analyze.js';

export interface TrafficConfig {
  /** A format name to force; detected per file when absent. */
  format?: string;
  formatOptions: FormatOptions;
  /** CIDRs or addresses of proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
}

export interface BuiltStages {
  stages: TrafficStages;
  intel: Intel;
  /** What the loaded data cannot tell, as caveat keys for the report. */
  caveats: string[];
  dataSources: DataAttribution[];
}

/** Builds the traffic stages from configuration: the one place where the parts are wired. */
export async function buildTrafficStages(config: TrafficConfig & { dataDir: string }): Promise<BuiltStages> {
  if (config.format) createFormat(config.format, config.formatOptions); // a bad name or spec fails before any input is read
  const trusted = new CidrSet();
  for (const entry of config.trustedProxies) {
    if (!trusted.add(entry)) throw new Error(`--trusted-proxy: "${entry}" is not an address or CIDR`);
  }
  const intel = await loadIntel({ dataDir: config.dataDir });
  const tagger = createTagger(loadSignatures());
  // a claim that offline data cannot check (a crawler on a shared cloud) is not evidence of spoofing
  const checkableClaim = (userAgent: string): string | null => {
    const verdict = intel.verifyCrawler('0.0.0.0', userAgent);
    return verdict && verdict.verifiable ? verdict.name : null;
  };
  const hasTrusted = config.trustedProxies.length > 0;

  const stages: TrafficStages = {
    parserFor(file, sample) {
      if (config.format) return { format: config.format, parser: createFormat(config.format, config.formatOptions) };
      const detected = detectFormat([...sample], config.formatOptions);
      if (!detected) throw new Error(`unknown log format: none of the known formats parses its first lines (use --format, --log-format or --goaccess-format)`);
      return { format: detected.factory.name, parser: detected.factory.create(config.formatOptions) };
    },
    clientIp: hasTrusted ? (peer, forwardedFor) => clientIp(peer, forwardedFor, (ip) => trusted.has(ip)) : (peer) => peer,
    intel,
    tag: tagger,
    detectors: createDetectors({ claimedCrawler: checkableClaim }),
    collectFindings,
  };

  const kinds = new Set(readManifest(config.dataDir).imports.map((r) => r.kind));
  const caveats: string[] = [];
  if (!kinds.has('tor')) caveats.push('no-tor-list');
  if (!kinds.has('vpn')) caveats.push('no-vpn-list');
  return { stages, intel, caveats, dataSources: intel.attributions() };
}
