/**
 * Non-visitor clients (crawlers and attackers): each is one address sending a planned number of
 * requests spread over its own time window. An actor draws from its own generator, so its requests
 * do not depend on how the streams interleave, and the ground truth can replay it alone.
 */
import type { AttackTag, ParsedRequest } from '../../model/index.js';
import {
  CODE_PROBES,
  COMMAND_PROBES,
  LOGIN_TARGETS,
  RFI_PROBES,
  SCAN_WORDLIST,
  SQLI_PROBES,
  SSRF_PROBES,
  TRAVERSAL_PROBES,
  XSS_PROBES,
  type Probe,
  type Tool,
} from './attacks.js';
import { Rng, mix } from './rng.js';
import { NOT_FOUND_BYTES, SITE_HOST, SITE_ORIGIN, assetBytes, page, pickRiding, stableSize } from './site.js';
import type { Hit, LabelledRequest, TrafficLabel } from './types.js';

export type Script = (i: number, rng: Rng) => Hit;

export interface Actor {
  index: number;
  label: TrafficLabel;
  ip: string;
  networkId: string;
  userAgent: string;
  /** The tool or crawler behind the actor, e.g. "sqlmap", "googlebot", "browser". */
  tool: string;
  count: number;
  from: number;
  to: number;
  protocol: string;
  port: number;
  script: Script;
}

export class ActorStream {
  private readonly rng: Rng;
  private i = 0;
  nextTime: number;

  constructor(
    readonly actor: Actor,
    seed: number,
  ) {
    this.rng = new Rng(mix(seed, 0x5eed0000 + actor.index));
    this.nextTime = this.time();
  }

  private time(): number {
    const { count, from, to } = this.actor;
    if (this.i >= count) return Infinity;
    return from + Math.floor(((to - from) * (this.i + this.rng.next())) / count);
  }

  next(): LabelledRequest {
    const actor = this.actor;
    const now = this.nextTime;
    const hit = actor.script(this.i, this.rng);
    this.i++;
    this.nextTime = this.time();
    const request: ParsedRequest = {
      time: now - (now % 1000),
      ip: actor.ip,
      method: hit.method,
      path: hit.path,
      protocol: actor.protocol,
      status: hit.status,
      bytes: hit.bytes,
      referer: hit.referer,
      userAgent: hit.userAgent ?? actor.userAgent,
      host: SITE_HOST,
    };
    return { request, label: actor.label, tags: hit.tags, port: actor.port };
  }
}

function errorBytes(status: number, path: string): number {
  switch (status) {
    case 200:
      return path === '/' ? 23_411 : stableSize(path, 300, 24_000);
    case 301:
    case 302:
      return 169;
    case 400:
      return 157;
    case 403:
      return 153;
    case 404:
      return NOT_FOUND_BYTES;
    case 500:
      return 177;
    default:
      return 0;
  }
}

function probeHit(probe: Probe, withTool: boolean): Hit {
  const tags: AttackTag[] = withTool ? [...probe.tags, 'scanner-tool'] : probe.tags;
  const hit: Hit = { method: probe.method, path: probe.path, status: probe.status, bytes: errorBytes(probe.status, probe.path), referer: '-', tags };
  if (probe.userAgent !== undefined) hit.userAgent = probe.userAgent;
  return hit;
}

/** Walks the wordlist from a random place, as directory brute-forcers do. */
export function scanScript(tool: Tool, offset: number): Script {
  return (i) => probeHit(SCAN_WORDLIST[(offset + i) % SCAN_WORDLIST.length] as Probe, tool.announced);
}

export const INJECTION_KITS = {
  sqlmap: SQLI_PROBES,
  nuclei: [...SQLI_PROBES.slice(0, 4), ...XSS_PROBES, ...TRAVERSAL_PROBES, ...RFI_PROBES, ...COMMAND_PROBES, ...CODE_PROBES, ...SSRF_PROBES],
  manual: [...XSS_PROBES, ...SQLI_PROBES.slice(6), ...TRAVERSAL_PROBES.slice(0, 3)],
  sprayer: [...CODE_PROBES.slice(0, 3), ...SSRF_PROBES.slice(0, 2), ...COMMAND_PROBES.slice(5)],
} as const;
export type InjectionKit = keyof typeof INJECTION_KITS;

/** Probes in kit order, starting at a random place; a few clean requests first, as a tool checks the target. */
export function injectionScript(kit: InjectionKit, tool: Tool, offset: number): Script {
  const probes = INJECTION_KITS[kit];
  return (i) => {
    if (i === 0) return { method: 'GET', path: '/', status: 200, bytes: errorBytes(200, '/'), referer: '-', tags: tool.announced ? ['scanner-tool'] : [] };
    return probeHit(probes[(offset + i) % probes.length] as Probe, tool.announced);
  };
}

/** A bot of the credential-stuffing botnet: one login target, almost always the wrong password. */
export function credentialScript(targetIndex: number): Script {
  const target = LOGIN_TARGETS[targetIndex % LOGIN_TARGETS.length] as (typeof LOGIN_TARGETS)[number];
  return (_i, rng) => {
    const success = rng.chance(0.004);
    return {
      method: 'POST',
      path: target.path,
      status: success ? 302 : target.failStatus,
      bytes: success ? 0 : target.failBytes,
      referer: target.referer,
      tags: [],
    };
  };
}

/** Flood traffic: home and results pages, often with a cache-busting query, until the site sheds load. */
export function floodScript(): Script {
  return (_i, rng) => {
    const roll = rng.next();
    let path: string;
    if (roll < 0.25) path = '/';
    else if (roll < 0.45) path = rng.chance(0.5) ? '/en/' : '/fr/';
    else if (roll < 0.7) path = `/en/results?_=${1_000_000 + rng.int(9_000_000)}`;
    else if (roll < 0.9) path = `/api/results/summary?nocache=${rng.int(1_000_000)}`;
    else path = `/results/riding/${pickRiding(rng, false)}`;
    const shed = rng.next();
    if (shed < 0.25) return { method: 'GET', path, status: 503, bytes: 197, referer: '-', tags: [] };
    if (shed < 0.3) return { method: 'GET', path, status: 499, bytes: 0, referer: '-', tags: [] };
    return { method: 'GET', path, status: 200, bytes: path === '/' ? 145 : stableSize(path.split('?')[0] as string, 12_000, 34_000), referer: '-', tags: [] };
  };
}

/** A search-engine crawler: robots.txt first, then pages and the sitemap. */
export function crawlerScript(): Script {
  return (i, rng) => {
    if (i === 0 || rng.chance(0.01)) return { method: 'GET', path: '/robots.txt', status: 200, bytes: 412, referer: '-', tags: [] };
    if (rng.chance(0.03)) return { method: 'GET', path: '/sitemap.xml', status: 200, bytes: 38_219, referer: '-', tags: [] };
    const shown = page(rng.pick(['riding', 'riding', 'candidates', 'home', 'where', 'results', 'faq', 'voter-id'] as const), rng.chance(0.35), rng);
    const path = shown.path.split('?')[0] as string;
    const roll = rng.next();
    if (roll < 0.1) return { method: 'GET', path, status: 304, bytes: 0, referer: '-', tags: [] };
    if (roll < 0.13) return { method: 'GET', path: `${path}/old`, status: 404, bytes: NOT_FOUND_BYTES, referer: '-', tags: [] };
    if (roll < 0.15) return { method: 'GET', path: shown.path.replace(/^\/(en|fr)\/$/, '/'), status: 302, bytes: 145, referer: '-', tags: [] };
    if (rng.chance(0.05)) {
      const asset = rng.pick(shown.assets);
      return { method: 'GET', path: asset, status: 200, bytes: assetBytes(asset), referer: SITE_ORIGIN + shown.path, tags: [] };
    }
    return { method: 'GET', path, status: 200, bytes: shown.bytes, referer: '-', tags: [] };
  };
}

/** A scraper behind a search-engine user agent: fast over results pages, now and then a probe. */
export function spoofedCrawlerScript(): Script {
  const sensitive = SCAN_WORDLIST.filter((p) => p.tags.includes('sensitive-file'));
  return (i, rng) => {
    if (i === 0) return { method: 'GET', path: '/robots.txt', status: 200, bytes: 412, referer: '-', tags: [] };
    if (rng.chance(0.04)) return probeHit(rng.pick(sensitive), false);
    const riding = pickRiding(rng, false);
    const path = rng.chance(0.7) ? `/results/riding/${riding}` : `/en/candidates/${riding}`;
    return { method: 'GET', path, status: 200, bytes: stableSize(path, 9_000, 22_000), referer: '-', tags: [] };
  };
}
