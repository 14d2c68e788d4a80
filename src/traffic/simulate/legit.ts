/**
 * Legitimate visitors. Requests arrive on a fixed schedule that follows the load curve; each slot goes
 * to the visitor session that has waited longest for its next request, or opens a new session when
 * none is due. So the line count is exact while sessions keep their shape: a page, its assets, then
 * reading time, results polling, the next page.
 */
import type { ParsedRequest } from '../../model/index.js';
import { MinHeap } from './heap.js';
import { addressInNetwork, type Network } from './networks.js';
import { Rng, WeightedPicker } from './rng.js';
import { LoadCurve } from './shape.js';
import {
  BROWSER_USER_AGENTS,
  COMMON_404,
  ENTRY_REFERERS,
  NOT_FOUND_BYTES,
  SITE_HOST,
  SITE_ORIGIN,
  assetBytes,
  isSafariOnApple,
  page,
  pageWeights,
  type PageKind,
} from './site.js';
import type { Hit, LabelledRequest } from './types.js';

export interface LegitPlan {
  seed: number;
  count: number;
  start: number;
  durationMs: number;
  /** [network, weight, share of French speakers]. */
  networks: ReadonlyArray<readonly [Network, number, number]>;
  /** Addresses that attackers use; visitors never draw one. */
  reserved: ReadonlySet<string>;
  /** While a flood runs, some visitors get 503s. */
  flood: { from: number; to: number } | null;
}

interface Pending {
  hit: Hit;
  /** Wait after this request before the next one of the session. */
  after: number;
}

class Session {
  readonly queue: Pending[] = [];
  pagesLeft: number;
  currentUrl = '-';
  constructor(
    readonly ip: string,
    readonly userAgent: string,
    readonly protocol: string,
    readonly french: boolean,
    readonly cached: boolean,
    readonly entryReferer: string,
    pages: number,
  ) {
    this.pagesLeft = pages;
  }
}

const EMPTY: readonly never[] = [];

export class LegitTraffic {
  private readonly rng: Rng;
  private readonly curve = new LoadCurve();
  private readonly sessions = new MinHeap<Session>();
  private readonly networks: WeightedPicker<readonly [Network, number]>;
  private readonly userAgents: WeightedPicker<string>;
  private readonly referers: WeightedPicker<string>;
  private emitted = 0;
  /** Time of the next slot; Infinity when done. */
  nextTime: number;

  constructor(private readonly plan: LegitPlan) {
    this.rng = new Rng(plan.seed);
    this.networks = new WeightedPicker(plan.networks.map(([net, weight, french]) => [[net, french] as const, weight] as const));
    this.userAgents = new WeightedPicker(BROWSER_USER_AGENTS);
    this.referers = new WeightedPicker(ENTRY_REFERERS);
    this.nextTime = this.slotTime();
  }

  private slotTime(): number {
    if (this.emitted >= this.plan.count) return Infinity;
    const u = (this.emitted + this.rng.next()) / this.plan.count;
    return this.plan.start + Math.floor(this.curve.quantile(u) * this.plan.durationMs);
  }

  next(): LabelledRequest {
    const now = this.nextTime;
    let session: Session;
    if (this.sessions.size > 0 && this.sessions.peekKey() <= now) session = this.sessions.pop() as Session;
    else session = this.openSession(now);
    const pending = this.take(session, now);
    const hit = this.degrade(pending.hit, now);
    if (session.queue.length > 0 || session.pagesLeft > 0) this.sessions.push(session, now + pending.after);
    this.emitted++;
    this.nextTime = this.slotTime();
    const request: ParsedRequest = {
      time: now - (now % 1000),
      ip: session.ip,
      method: hit.method,
      path: hit.path,
      protocol: session.protocol,
      status: hit.status,
      bytes: hit.bytes,
      referer: hit.referer,
      userAgent: session.userAgent,
      host: SITE_HOST,
    };
    return { request, label: 'legit', tags: EMPTY, port: 443 };
  }

  private openSession(now: number): Session {
    const rng = this.rng;
    const [net, frenchShare] = this.networks.pick(rng);
    let ip = addressInNetwork(net, rng, 0.18);
    for (let tries = 0; this.plan.reserved.has(ip) && tries < 20; tries++) ip = addressInNetwork(net, rng, 0.18);
    const userAgent = this.userAgents.pick(rng);
    const protocol = rng.chance(0.82) ? 'HTTP/2.0' : 'HTTP/1.1';
    const pages = 1 + Math.min(7, Math.floor(rng.exponential(1.6)));
    const session = new Session(ip, userAgent, protocol, rng.chance(frenchShare), rng.chance(0.3), this.referers.pick(rng), pages);
    this.queuePage(session, now, true);
    return session;
  }

  private take(session: Session, now: number): Pending {
    if (session.queue.length === 0) this.queuePage(session, now, false);
    return session.queue.shift() as Pending;
  }

  private progress(now: number): number {
    return Math.min(1, Math.max(0, (now - this.plan.start) / this.plan.durationMs));
  }

  /** Queues the next page of the session with its assets and, on results pages, its polling. */
  private queuePage(session: Session, now: number, first: boolean): void {
    const rng = this.rng;
    session.pagesLeft--;
    const progress = this.progress(now);
    const referer = first ? session.entryReferer : session.currentUrl;
    const lang = session.french ? 'fr' : 'en';

    if (first && rng.chance(0.22)) {
      // The bare domain redirects by Accept-Language.
      session.queue.push({ hit: { method: 'GET', path: '/', status: 302, bytes: 145, referer, tags: EMPTY }, after: 40 + rng.int(120) });
    }
    if (rng.chance(0.006)) {
      const path = rng.pick(COMMON_404);
      session.queue.push({ hit: { method: 'GET', path, status: 404, bytes: NOT_FOUND_BYTES, referer, tags: EMPTY }, after: 3_000 + rng.int(8_000) });
    }
    if (rng.chance(0.002)) {
      this.queueStaffLogin(session, referer);
      return;
    }

    const kind: PageKind = first && rng.chance(0.25) ? 'home' : new WeightedPicker(pageWeights(progress)).pick(rng);
    const shown = page(kind, session.french, rng);
    const pageUrl = SITE_ORIGIN + shown.path;
    const reading = 4_000 + rng.exponential(25_000);
    session.queue.push({ hit: { method: 'GET', path: shown.path, status: 200, bytes: shown.bytes, referer, tags: EMPTY }, after: 60 + rng.int(250) });

    const assets = first ? shown.assets : shown.assets.filter((a) => a.startsWith('/images/maps/') || a.startsWith('/assets/results'));
    const revalidate = first && session.cached;
    for (const asset of assets) {
      if (!first && rng.chance(0.7)) continue;
      const status = revalidate || (!first && rng.chance(0.5)) ? 304 : 200;
      session.queue.push({
        hit: { method: 'GET', path: asset, status, bytes: status === 304 ? 0 : assetBytes(asset), referer: pageUrl, tags: EMPTY },
        after: 5 + rng.int(180),
      });
    }
    if (first && isSafariOnApple(session.userAgent) && rng.chance(0.3)) {
      session.queue.push({ hit: { method: 'GET', path: '/apple-touch-icon.png', status: 404, bytes: NOT_FOUND_BYTES, referer: '-', tags: EMPTY }, after: 20 });
    }

    if (shown.poll) {
      // Results pages refresh every 30 s; people keep them open longer once counting starts.
      const meanPolls = progress > 0.55 ? 9 : 2;
      const polls = Math.min(60, Math.floor(rng.exponential(meanPolls)));
      for (let i = 0; i < polls; i++) {
        const pollBytes = shown.poll.includes('summary') ? 13_000 + rng.int(3_000) : 2_100 + rng.int(900);
        session.queue.push({
          hit: { method: 'GET', path: shown.poll, status: 200, bytes: pollBytes, referer: pageUrl, tags: EMPTY },
          after: 29_000 + rng.int(2_500),
        });
      }
    }
    if (kind === 'where' && shown.path.includes('=')) {
      const postal = shown.path.slice(shown.path.indexOf('=') + 1);
      session.queue.push({
        hit: { method: 'GET', path: `/api/polling-places?postal=${postal}&lang=${lang}`, status: 200, bytes: 1_400 + rng.int(1_800), referer: pageUrl, tags: EMPTY },
        after: 300,
      });
    }
    if (rng.chance(0.01)) {
      session.queue.push({ hit: { method: 'POST', path: '/api/alerts', status: 201, bytes: 38, referer: pageUrl, tags: EMPTY }, after: 2_000 });
    }
    const last = session.queue[session.queue.length - 1] as Pending;
    last.after = Math.max(last.after, reading);
    session.currentUrl = pageUrl;
  }

  /** Election staff sign in on the same site: a few honest POST /login among the attacks. */
  private queueStaffLogin(session: Session, referer: string): void {
    const rng = this.rng;
    const loginUrl = `${SITE_ORIGIN}/login`;
    session.queue.push({ hit: { method: 'GET', path: '/login', status: 200, bytes: 3_118, referer, tags: EMPTY }, after: 6_000 + rng.int(9_000) });
    if (rng.chance(0.2)) {
      session.queue.push({ hit: { method: 'POST', path: '/login', status: 401, bytes: 1_342, referer: loginUrl, tags: EMPTY }, after: 5_000 + rng.int(8_000) });
    }
    session.queue.push({ hit: { method: 'POST', path: '/login', status: 302, bytes: 0, referer: loginUrl, tags: EMPTY }, after: 200 });
    session.queue.push({ hit: { method: 'GET', path: '/staff/', status: 200, bytes: 9_870 + rng.int(400), referer: loginUrl, tags: EMPTY }, after: 30_000 + rng.int(60_000) });
    session.currentUrl = `${SITE_ORIGIN}/staff/`;
  }

  /** Rare failures, and the overload visitors feel while the flood runs. */
  private degrade(hit: Hit, now: number): Hit {
    const flood = this.plan.flood;
    const rng = this.rng;
    if (flood && now >= flood.from && now < flood.to && hit.status === 200 && rng.chance(0.05)) {
      return { ...hit, status: rng.chance(0.8) ? 503 : 504, bytes: 197 };
    }
    if (hit.status === 200 && rng.chance(0.002)) return { ...hit, status: 499, bytes: 0 };
    return hit;
  }
}
