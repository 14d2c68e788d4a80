/**
 * The night's plan: how many requests each kind of client sends, who the attackers are, and when.
 * Everything here follows from the options alone, so the ground truth is known without generating.
 */
import { CRAWLER_USER_AGENTS, SCAN_TOOLS, SQLMAP, type CrawlerName, type Tool } from './attacks.js';
import {
  type Actor,
  type InjectionKit,
  INJECTION_KITS,
  credentialScript,
  crawlerScript,
  floodScript,
  injectionScript,
  scanScript,
  spoofedCrawlerScript,
} from './actors.js';
import type { LegitPlan } from './legit.js';
import { NETWORKS, addressIn, addressInNetwork, network, subnet24In, type Network } from './networks.js';
import { Rng, WeightedPicker, mix } from './rng.js';
import { NIGHT_HOURS } from './shape.js';
import { BROWSER_USER_AGENTS } from './site.js';
import { LOG_FORMATS, type SimulatedLogFormat, type SimulationOptions, type TrafficLabel } from './types.js';

export const DEFAULT_START = new Date('2026-10-20T22:00:00Z');

/** Share of all lines per kind of client; legitimate visitors get the rest (about 82 %). */
export const SHARES: Readonly<Record<Exclude<TrafficLabel, 'legit'>, number>> = {
  crawler: 0.03,
  'spoofed-crawler': 0.004,
  scan: 0.04,
  injection: 0.02,
  'credential-stuffing': 0.02,
  flood: 0.06,
};

export interface ResolvedOptions {
  seed: number;
  lines: number;
  start: number;
  durationMs: number;
  format: SimulatedLogFormat;
  home: string;
}

export interface FloodPlan {
  from: number;
  to: number;
  networkId: string;
  asn: number;
  prefixes: string[];
}

export interface Plan {
  options: ResolvedOptions;
  actors: Actor[];
  legit: LegitPlan;
  flood: FloodPlan | null;
}

export function resolveOptions(options: SimulationOptions): ResolvedOptions {
  const { seed, lines } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(lines) || lines < 0) throw new RangeError(`lines must be a whole number, got ${lines}`);
  const start = (options.start ?? DEFAULT_START).getTime();
  if (!Number.isFinite(start)) throw new RangeError('start must be a valid date');
  const format = options.format ?? 'combined';
  if (!LOG_FORMATS.includes(format)) throw new RangeError(`unknown format ${String(format)}`);
  const home = (options.home ?? 'CA').toUpperCase();
  if (![...NETWORKS.values()].some((n) => n.kind === 'isp' && n.country === home)) {
    throw new RangeError(`no simulated home ISPs for country ${home}; choose one of ${homeCountries().join(', ')}`);
  }
  return { seed: seed >>> 0, lines, start: start - (start % 1000), durationMs: NIGHT_HOURS * 3_600_000, format, home };
}

export function homeCountries(): string[] {
  return [...new Set([...NETWORKS.values()].filter((n) => n.kind === 'isp').map((n) => n.country))].sort();
}

/** Weights of Canadian ISPs by subscribers, roughly; other home countries weigh their ISPs equally. */
const CANADIAN_WEIGHTS: Record<string, number> = {
  bell: 24, rogers: 18, videotron: 13, telus: 13, shaw: 9, cogeco: 6, eastlink: 2.5, 'bell-mts': 2, sasktel: 2, teksavvy: 2,
};
const FRENCH_SPEAKERS: Record<string, number> = { videotron: 0.8, bell: 0.3, cogeco: 0.2, 'orange-fr': 0.95, 'free-fr': 0.95 };
/** Visitors from abroad: diaspora, travellers, foreign press. */
const ABROAD_WEIGHTS: Record<string, number> = {
  comcast: 2.5, att: 1, charter: 1, 'orange-fr': 1.5, 'free-fr': 1, bt: 0.8, 'virgin-media': 0.4, 'sky-uk': 0.3, jio: 0.8,
  'vodafone-de': 0.3, 'telekom-de': 0.3,
};

const SCAN_SOURCES: Record<string, number> = {
  digitalocean: 8, 'digitalocean-in': 2, aws: 6, 'ovh-ca': 4, 'alibaba-cn': 5, 'alibaba-us': 2, tencent: 5, hetzner: 4,
  chinanet: 6, 'china-unicom': 3, rostelecom: 5, 'tci-iran': 3, 'claro-br': 3, viettel: 3, vnpt: 2, 'korea-telecom': 2,
  'turk-telekom': 1, 'te-egypt': 1, comcast: 1.5,
  'tor-f3-netze': 1.5, 'tor-erneuerbare-freiheit': 1.5, 'tor-dotsrc': 1.5, 'tor-nl': 1.5, 'tor-applied-privacy': 1.5, 'tor-dfri': 1.5,
};
const BOTNET_SOURCES: Record<string, number> = {
  comcast: 8, charter: 4, att: 3, bt: 3, 'virgin-media': 2, 'vodafone-de': 3, 'telekom-de': 2, 'claro-br': 5, vnpt: 4, viettel: 4,
  'korea-telecom': 3, 'turk-telekom': 3, 'te-egypt': 3, jio: 4, rostelecom: 3, chinanet: 3, 'uninet-mx': 3, softbank: 1,
};
const SPOOFER_SOURCES = ['digitalocean', 'hetzner', 'alibaba-us', 'ovh-ca', 'aws'];
const FLOOD_SOURCES = ['ovh-ca', 'digitalocean', 'hetzner', 'alibaba-cn', 'tencent', 'aws'];

function homeIsps(home: string): Network[] {
  return [...NETWORKS.values()].filter((n) => n.kind === 'isp' && n.country === home);
}

function picker(weights: Record<string, number>, exclude: (n: Network) => boolean = () => false): WeightedPicker<Network> {
  return new WeightedPicker(Object.entries(weights).map(([id, w]) => [network(id), w] as const).filter(([n]) => !exclude(n)));
}

class AddressBook {
  readonly used = new Set<string>();
  claim(make: () => string): string {
    let ip = make();
    for (let tries = 0; this.used.has(ip) && tries < 64; tries++) ip = make();
    this.used.add(ip);
    return ip;
  }
}

/** Splits `budget` into pieces of random size in [min, max]; the remainder joins the last piece. */
function split(budget: number, min: number, max: number, rng: Rng): number[] {
  const pieces: number[] = [];
  let left = budget;
  while (left > 0) {
    const size = Math.min(left, rng.between(min, max));
    if (size < min && pieces.length > 0) pieces[pieces.length - 1] = (pieces[pieces.length - 1] as number) + size;
    else pieces.push(size);
    left -= size;
  }
  return pieces;
}

export function plan(options: SimulationOptions): Plan {
  const resolved = resolveOptions(options);
  const { seed, lines, start, durationMs, home } = resolved;
  const rng = new Rng(mix(seed, 0x9a1));
  const book = new AddressBook();
  const actors: Actor[] = [];
  const budget = (label: keyof typeof SHARES) => Math.floor(lines * SHARES[label]);
  const domestic = homeIsps(home);
  const add = (actor: Omit<Actor, 'index'>) => actors.push({ ...actor, index: actors.length });
  const window = (requests: number, perSecond: number, earliest = 0, latest = 1): [number, number] => {
    const length = Math.min(durationMs * (latest - earliest), Math.max(20_000, (requests / perSecond) * 1000));
    const from = start + durationMs * earliest + rng.next() * (durationMs * (latest - earliest) - length);
    return [Math.floor(from), Math.floor(from + length)];
  };

  // Crawlers: Google, Bing and Apple from their own networks, all night.
  const crawlerBudget = budget('crawler');
  const crawlerMix: Array<[CrawlerName, number, number]> = [['googlebot', 0.6, 8], ['bingbot', 0.3, 5], ['applebot', 0.1, 3]];
  for (const [name, share, addresses] of crawlerMix) {
    const total = Math.floor(crawlerBudget * share);
    const n = Math.max(1, Math.min(addresses, Math.floor(total / 20)));
    if (total === 0) continue;
    const net = network(name);
    for (let k = 0; k < n; k++) {
      const count = Math.floor(total / n) + (k < total % n ? 1 : 0);
      add({
        label: 'crawler', ip: book.claim(() => addressInNetwork(net, rng, 0.2)), networkId: net.id, userAgent: rng.pick(CRAWLER_USER_AGENTS[name]),
        tool: name, count, from: start, to: start + durationMs, protocol: 'HTTP/1.1', port: 443, script: crawlerScript(),
      });
    }
  }

  const scanSources = picker(SCAN_SOURCES);
  const domesticAttackers = new WeightedPicker(domestic.map((n) => [n, 1] as const));
  const attackerNetwork = () => (rng.chance(0.05) ? domesticAttackers.pick(rng) : scanSources.pick(rng));

  // Scanners walking wordlists.
  for (const count of split(budget('scan'), 60, 400, rng)) {
    const net = attackerNetwork();
    const tool: Tool = rng.pick(SCAN_TOOLS);
    const [from, to] = window(count, 1 + rng.int(8));
    add({
      label: 'scan', ip: book.claim(() => addressInNetwork(net, rng, 0.3)), networkId: net.id, userAgent: tool.userAgent, tool: tool.name,
      count, from, to, protocol: 'HTTP/1.1', port: rng.chance(0.3) ? 80 : 443, script: scanScript(tool, rng.int(1000)),
    });
  }

  // Injection probes: sqlmap runs, template scanners, hand-made tries, Log4Shell sprayers.
  const kits = new WeightedPicker<InjectionKit>([['sqlmap', 4], ['nuclei', 2.5], ['manual', 2], ['sprayer', 1.5]]);
  const injectionBudget = budget('injection');
  let injectionLeft = injectionBudget;
  while (injectionLeft > 0) {
    const kit = kits.pick(rng);
    const size = kit === 'sprayer' ? rng.between(3, 12) : kit === 'manual' ? rng.between(10, 40) : rng.between(30, 150);
    const count = injectionLeft - size < 3 ? injectionLeft : Math.min(size, injectionLeft);
    injectionLeft -= count;
    const tool: Tool = kit === 'sqlmap' ? SQLMAP : kit === 'nuclei' ? (SCAN_TOOLS[1] as Tool) : kit === 'manual' ? { name: 'browser', userAgent: new WeightedPicker(BROWSER_USER_AGENTS).pick(rng), announced: false } : (SCAN_TOOLS[8] as Tool);
    const net = attackerNetwork();
    const [from, to] = window(count, kit === 'manual' ? 0.2 : 3);
    add({
      label: 'injection', ip: book.claim(() => addressInNetwork(net, rng, 0.3)), networkId: net.id, userAgent: tool.userAgent, tool: tool.name,
      count, from, to, protocol: 'HTTP/1.1', port: 443, script: injectionScript(kit, tool, rng.int(INJECTION_KITS[kit].length)),
    });
  }

  // Credential stuffing: a botnet of home connections, a few tries each, over one campaign window.
  const stuffing = budget('credential-stuffing');
  if (stuffing > 0) {
    const [campaignFrom, campaignTo] = window(stuffing, stuffing / 3_000, 0.15, 0.75);
    const bots = picker({ ...BOTNET_SOURCES, ...Object.fromEntries(domestic.map((n) => [n.id, 4])) });
    const targetIndex = rng.int(2);
    for (const count of split(stuffing, 2, 12, rng)) {
      const net = bots.pick(rng);
      const span = (campaignTo - campaignFrom) * (0.1 + rng.next() * 0.9);
      const from = campaignFrom + Math.floor(rng.next() * (campaignTo - campaignFrom - span));
      const browserLike = rng.chance(0.7);
      add({
        label: 'credential-stuffing', ip: book.claim(() => addressInNetwork(net, rng, 0.15)), networkId: net.id,
        userAgent: browserLike ? new WeightedPicker(BROWSER_USER_AGENTS).pick(rng) : 'python-requests/2.31.0', tool: browserLike ? 'browser' : 'python-requests',
        count, from, to: from + Math.floor(span), protocol: 'HTTP/1.1', port: 443, script: credentialScript(targetIndex + (rng.chance(0.1) ? 1 : 0)),
      });
    }
  }

  // The flood: a few /24s of one hosting network, near the results peak.
  const floodBudget = budget('flood');
  let flood: FloodPlan | null = null;
  if (floodBudget > 0) {
    const net = network(rng.pick(FLOOD_SOURCES));
    const v4 = net.v4;
    const subnets = [0, 1, 2].map(() => subnet24In(rng.pick(v4), rng));
    const from = Math.floor(start + durationMs * (0.72 + rng.next() * 0.08));
    const to = from + 10 * 60_000;
    flood = { from, to, networkId: net.id, asn: net.asn, prefixes: [...new Set(subnets.map((s) => s.cidr))] };
    const addresses = Math.max(3, Math.min(120, Math.round(floodBudget / 700)));
    const userAgents = BROWSER_USER_AGENTS.slice(0, 4).map(([ua]) => ua);
    for (let k = 0; k < addresses; k++) {
      const count = Math.floor(floodBudget / addresses) + (k < floodBudget % addresses ? 1 : 0);
      const subnet = subnets[k % subnets.length] as (typeof subnets)[number];
      add({
        label: 'flood', ip: book.claim(() => addressIn(subnet, rng)), networkId: net.id, userAgent: rng.pick(userAgents), tool: 'flood',
        count, from: from + rng.int(20_000), to: to - rng.int(20_000), protocol: 'HTTP/1.1', port: 443, script: floodScript(),
      });
    }
  }

  // Scrapers that claim to be Googlebot or Bingbot from hosting networks.
  for (const count of split(budget('spoofed-crawler'), 100, 600, rng)) {
    const net = network(rng.pick(SPOOFER_SOURCES));
    const claimed: CrawlerName = rng.chance(0.75) ? 'googlebot' : 'bingbot';
    const [from, to] = window(count, 1 + rng.next());
    add({
      label: 'spoofed-crawler', ip: book.claim(() => addressInNetwork(net, rng, 0.2)), networkId: net.id, userAgent: rng.pick(CRAWLER_USER_AGENTS[claimed]),
      tool: `fake-${claimed}`, count, from, to, protocol: 'HTTP/1.1', port: 443, script: spoofedCrawlerScript(),
    });
  }

  const legitCount = lines - actors.reduce((sum, a) => sum + a.count, 0);
  const networks: Array<readonly [Network, number, number]> = [];
  const domesticShare = 90;
  const caWeights = home === 'CA' ? CANADIAN_WEIGHTS : null;
  const domesticTotal = domestic.reduce((s, n) => s + (caWeights?.[n.id] ?? 1), 0);
  for (const n of domestic) networks.push([n, (domesticShare * (caWeights?.[n.id] ?? 1)) / domesticTotal, FRENCH_SPEAKERS[n.id] ?? (home === 'FR' ? 0.95 : 0.08)]);
  for (const [id, weight] of Object.entries(ABROAD_WEIGHTS)) {
    const n = network(id);
    if (n.country !== home) networks.push([n, weight, FRENCH_SPEAKERS[id] ?? 0.05]);
  }
  return {
    options: resolved,
    actors,
    legit: { seed: mix(seed, 0x1e61), count: legitCount, start, durationMs, networks, reserved: book.used, flood: flood && { from: flood.from, to: flood.to } },
    flood,
  };
}
