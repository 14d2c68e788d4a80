import { LANGS, type Lang } from '../i18n/index.js';
import type { Finding, Severity } from '../model/index.js';
import { createAlert, type Alert, type AlertOptions, type DecisionSummary } from './alert.js';
import { DeliveryError, silentLogger, type AlertChannel, type AlertLogger, type DeliveryErrorCode } from './channel.js';
import { AlertGrouper, type GrouperOptions } from './grouper.js';
import { ChannelRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { severityOf, severityRank, type AlertMessage } from './render.js';

export interface DispatchTarget {
  channel: AlertChannel;
  /** Messages below this severity are not sent to this channel. Default: all. */
  minSeverity?: Severity;
  rateLimit?: Omit<RateLimitOptions, 'now'>;
}

export interface DispatcherOptions {
  targets: DispatchTarget[];
  grouping?: Omit<GrouperOptions, 'now'>;
  /** Used for targets without their own. Default 10 per minute. */
  rateLimit?: Omit<RateLimitOptions, 'now'>;
  alert?: AlertOptions;
  now?: () => number;
  logger?: AlertLogger;
  /** Messages waiting per channel; beyond it new ones are dropped and counted. Default 100. */
  maxQueue?: number;
}

/** Delivery health of one channel, for the dashboard. */
export interface ChannelHealth {
  name: string;
  sent: number;
  failed: number;
  /** Dropped because the channel's queue was full. */
  dropped: number;
  /** Held back by the rate limit and summed up in digests. */
  held: number;
  queued: number;
  lastSentAt: number | null;
  lastError: { code: DeliveryErrorCode; at: number; text: Record<Lang, string> } | null;
}

interface Lane {
  target: DispatchTarget;
  limiter: ChannelRateLimiter;
  queue: AlertMessage[];
  running: Promise<void> | null;
  health: ChannelHealth;
}

/**
 * Alerts in, messages out: groups alerts, rate-limits each channel, and sends to every channel
 * on its own queue so that a slow or failing channel never holds up the others.
 */
export class AlertDispatcher {
  private readonly now: () => number;
  private readonly logger: AlertLogger;
  private readonly grouper: AlertGrouper;
  private readonly lanes: Lane[];
  private readonly maxQueue: number;
  private readonly alertOptions: AlertOptions;
  private timer: NodeJS.Timeout | null = null;
  /** Inputs that could not become an alert. */
  skipped = 0;

  constructor(options: DispatcherOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.maxQueue = Math.max(1, options.maxQueue ?? 100);
    this.alertOptions = options.alert ?? {};
    this.grouper = new AlertGrouper({ ...options.grouping, now: this.now });
    this.lanes = options.targets.map((target) => ({
      target,
      limiter: new ChannelRateLimiter({ ...(target.rateLimit ?? options.rateLimit ?? { perMinute: 10 }), now: this.now }),
      queue: [],
      running: null,
      health: { name: target.channel.name, sent: 0, failed: 0, dropped: 0, held: 0, queued: 0, lastSentAt: null, lastError: null },
    }));
  }

  /** Makes an alert of a finding (and what was decided about it) or of a decision, and submits it. */
  submitFinding(input: { finding: Finding; decision?: DecisionSummary } | { decision: DecisionSummary }): { ok: true } | { ok: false; reason: string } {
    const result = createAlert(input, this.alertOptions);
    if (!result.ok) {
      this.skipped++;
      this.logger.warn('alert skipped', { reason: result.reason });
      return result;
    }
    this.submit(result.alert);
    return { ok: true };
  }

  submit(alert: Alert): void {
    this.route(this.grouper.add(alert));
  }

  /** Releases due updates and digests. Call every few seconds (start() does). */
  tick(): void {
    this.route(this.grouper.tick());
    for (const lane of this.lanes) for (const message of lane.limiter.tick()) this.enqueue(lane, message);
  }

  start(intervalMs = 5000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Sends what is pending (ignoring the rate limit's wait for digests), then closes channels. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.route(this.grouper.flush());
    for (const lane of this.lanes) for (const message of lane.limiter.flush()) this.enqueue(lane, message);
    await this.idle();
    for (const lane of this.lanes) await lane.target.channel.close?.().catch(() => undefined);
  }

  /** Resolves once every queue is empty. */
  async idle(): Promise<void> {
    while (this.lanes.some((lane) => lane.running)) await Promise.all(this.lanes.map((lane) => lane.running));
  }

  health(): ChannelHealth[] {
    return this.lanes.map((lane) => ({ ...lane.health, held: lane.limiter.heldTotal, queued: lane.queue.length }));
  }

  private route(messages: AlertMessage[]): void {
    for (const message of messages) {
      for (const lane of this.lanes) {
        const min = lane.target.minSeverity;
        if (min && message.type !== 'digest' && severityRank(severityOf(message)) < severityRank(min)) continue;
        for (const out of lane.limiter.offer(message)) this.enqueue(lane, out);
      }
    }
  }

  private enqueue(lane: Lane, message: AlertMessage): void {
    if (lane.queue.length >= this.maxQueue) {
      lane.health.dropped++;
      this.recordError(lane, new DeliveryError(lane.target.channel.name, 'queue-full', {}, false));
      return;
    }
    lane.queue.push(message);
    lane.running ??= this.pump(lane);
  }

  private async pump(lane: Lane): Promise<void> {
    // Yield first so that a burst of submits queues up before the first send.
    await Promise.resolve();
    let message: AlertMessage | undefined;
    while ((message = lane.queue.shift()) !== undefined) {
      try {
        await lane.target.channel.send(message);
        lane.health.sent++;
        lane.health.lastSentAt = this.now();
      } catch (error) {
        lane.health.failed++;
        this.recordError(lane, error instanceof DeliveryError ? error : new DeliveryError(lane.target.channel.name, 'network', { reason: 'unexpected error' }, false));
      }
    }
    lane.running = null;
  }

  private recordError(lane: Lane, error: DeliveryError): void {
    const text = {} as Record<Lang, string>;
    for (const lang of LANGS) text[lang] = error.describe(lang);
    lane.health.lastError = { code: error.code, at: this.now(), text };
    this.logger.warn(text.en, { channel: lane.target.channel.name, code: error.code });
  }
}
