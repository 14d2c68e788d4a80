/**
 * The traffic simulator: a seeded, realistic nginx access log of a public election-information site
 * on results night, with its ground truth. Same seed, same bytes.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { AttackTag } from '../../model/index.js';
import { ActorStream } from './actors.js';
import { MinHeap } from './heap.js';
import { LegitTraffic } from './legit.js';
import { LineWriter } from './line.js';
import { NETWORKS } from './networks.js';
import { plan, type FloodPlan } from './plan.js';
import { ATTACK_LABELS, TRAFFIC_LABELS, type AttackLabel, type LabelledRequest, type SimulationOptions, type TrafficLabel } from './types.js';

interface Stream {
  nextTime: number;
  next(): LabelledRequest;
}

/** Every request of the night, in time order, with what produced it. */
export function* simulateLabelled(options: SimulationOptions): Generator<LabelledRequest> {
  const planned = plan(options);
  const heap = new MinHeap<Stream>();
  const streams: Stream[] = [new LegitTraffic(planned.legit), ...planned.actors.map((a) => new ActorStream(a, planned.options.seed))];
  for (const stream of streams) if (stream.nextTime !== Infinity) heap.push(stream, stream.nextTime);
  while (heap.size > 0) {
    const stream = heap.pop() as Stream;
    yield stream.next();
    if (stream.nextTime !== Infinity) heap.push(stream, stream.nextTime);
  }
}

/** The log, one line at a time (without the newline). */
export function* simulate(options: SimulationOptions): Generator<string> {
  const writer = new LineWriter(options.format ?? 'combined');
  for (const { request, port } of simulateLabelled(options)) yield writer.line(request, port);
}

export interface WriteResult {
  lines: number;
  bytes: number;
}

const CHUNK_CHARS = 1 << 20;

/**
 * Writes the log to a stream or a file in large chunks, waiting when the stream is full, so that
 * ten million lines never sit in memory. Does not end a stream it was given; ends a file it opened.
 */
export async function writeSimulatedLog(out: NodeJS.WritableStream | string, options: SimulationOptions): Promise<WriteResult> {
  const stream = typeof out === 'string' ? createWriteStream(out) : out;
  const writer = new LineWriter(options.format ?? 'combined');
  let chunk = '';
  let lines = 0;
  let bytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const data = Buffer.from(chunk, 'utf8');
    chunk = '';
    bytes += data.length;
    if (stream.write(data)) return;
    // Listeners are removed once the wait ends, so that long runs do not pile them up.
    const done = new AbortController();
    try {
      await Promise.race([
        once(stream, 'drain', { signal: done.signal }),
        once(stream, 'error', { signal: done.signal }).then(([error]) => Promise.reject(error as Error)),
      ]);
    } finally {
      done.abort();
    }
  };
  try {
    for (const { request, port } of simulateLabelled(options)) {
      chunk += writer.line(request, port) + '\n';
      lines++;
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    await flush();
  } finally {
    if (typeof out === 'string') {
      stream.end();
      await once(stream, 'close');
    }
  }
  return { lines, bytes };
}

export interface SimulatedActorTruth {
  ip: string;
  label: Exclude<TrafficLabel, 'legit'>;
  requests: number;
  /** Epoch ms of its first and last request. */
  firstSeen: number;
  lastSeen: number;
  asn: number;
  country: string;
  /** "isp", "hosting", "crawler" or "tor". */
  networkKind: string;
  networkName: string;
  tool: string;
  userAgent: string;
  tags: Partial<Record<AttackTag, number>>;
}

export interface SimulationTruth {
  lines: number;
  /** The simulated period, epoch ms: the log's first line is at or after `start`, its last before `end`. */
  start: number;
  end: number;
  /** Requests per label; they sum to `lines`. */
  requests: Record<TrafficLabel, number>;
  /** Requests that carry each attack tag. */
  tags: Partial<Record<AttackTag, number>>;
  /** Addresses per non-visitor label, sorted. */
  ips: Record<Exclude<TrafficLabel, 'legit'>, string[]>;
  /** Every address that attacked (all attack labels), sorted. */
  attackerIps: string[];
  /** Attacker addresses on Tor exit ranges: the list an operator would import as "tor-exits". */
  torExits: string[];
  actors: SimulatedActorTruth[];
  flood: FloodPlan | null;
}

/**
 * Who did what, without writing the log: each non-visitor actor is replayed alone (its requests
 * depend only on its own generator), so this costs about a sixth of a full run.
 */
export function simulationTruth(options: SimulationOptions): SimulationTruth {
  const planned = plan(options);
  const requests = Object.fromEntries(TRAFFIC_LABELS.map((l) => [l, 0])) as Record<TrafficLabel, number>;
  const ips = Object.fromEntries(TRAFFIC_LABELS.filter((l) => l !== 'legit').map((l) => [l, [] as string[]])) as SimulationTruth['ips'];
  const tags: Partial<Record<AttackTag, number>> = {};
  const actors: SimulatedActorTruth[] = [];
  let end = planned.options.start;
  for (const actor of planned.actors) {
    const stream = new ActorStream(actor, planned.options.seed);
    const actorTags: Partial<Record<AttackTag, number>> = {};
    let firstSeen = Infinity;
    let lastSeen = -Infinity;
    while (stream.nextTime !== Infinity) {
      const { request, tags: requestTags } = stream.next();
      firstSeen = Math.min(firstSeen, request.time);
      lastSeen = Math.max(lastSeen, request.time);
      for (const tag of requestTags) {
        actorTags[tag] = (actorTags[tag] ?? 0) + 1;
        tags[tag] = (tags[tag] ?? 0) + 1;
      }
    }
    const label = actor.label as Exclude<TrafficLabel, 'legit'>;
    const net = NETWORKS.get(actor.networkId);
    requests[label] += actor.count;
    ips[label].push(actor.ip);
    end = Math.max(end, lastSeen);
    actors.push({
      ip: actor.ip, label, requests: actor.count, firstSeen, lastSeen, asn: net?.asn ?? 0, country: net?.country ?? '??',
      networkKind: net?.kind ?? 'unknown', networkName: net?.name ?? actor.networkId, tool: actor.tool, userAgent: actor.userAgent, tags: actorTags,
    });
  }
  requests.legit = planned.legit.count;
  for (const list of Object.values(ips)) list.sort();
  const attackerIps = ATTACK_LABELS.flatMap((l: AttackLabel) => ips[l]).sort();
  const torExits = actors.filter((a) => a.networkKind === 'tor').map((a) => a.ip).sort();
  return {
    lines: planned.options.lines,
    start: planned.options.start,
    end: Math.max(end + 1000, planned.options.start + planned.options.durationMs),
    requests,
    tags,
    ips,
    attackerIps,
    torExits,
    actors,
    flood: planned.flood,
  };
}
