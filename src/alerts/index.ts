/** Alert delivery: findings and decisions in, grouped and rate-limited messages out to channels. */
import type { AlertOptions } from './alert.js';
import type { AlertChannel, AlertLogger } from './channel.js';
import type { AlertsConfig, ChannelConfig } from './config.js';
import { AlertDispatcher } from './dispatcher.js';
import { createEmailChannel } from './email.js';
import { createSlackChannel } from './slack.js';
import { createWebhookChannel, type HttpDeps } from './webhook.js';

export { createAlert, alertText, groupKeyOf, DECISION_ACTIONS, type Alert, type AlertText, type AlertOptions, type AlertResult, type DecisionSummary, type DecisionAction } from './alert.js';
export { AlertGrouper, type GrouperOptions } from './grouper.js';
export { ChannelRateLimiter, type RateLimitOptions } from './rate-limit.js';
export { renderMessage, type AlertMessage, type AlertOpened, type AlertUpdate, type AlertDigest, type RenderedMessage } from './render.js';
export { DeliveryError, redact, type AlertChannel, type AlertLogger, type DeliveryErrorCode } from './channel.js';
export { createWebhookChannel, signPayload, verifySignature, toWebhookPayload, WEBHOOK_SCHEMA, type WebhookSettings } from './webhook.js';
export { createSlackChannel, toSlackPayload, type SlackSettings, type ChatFlavor } from './slack.js';
export { createEmailChannel, toEmail, type EmailSettings } from './email.js';
export { AlertDispatcher, type DispatcherOptions, type DispatchTarget, type ChannelHealth } from './dispatcher.js';
export { parseAlertsConfig, type AlertsConfig, type AlertsConfigInput, type AlertsConfigResult, type ChannelConfig } from './config.js';

export interface AlertingDeps extends HttpDeps {
  logger?: AlertLogger;
  /** Lets alerts group by autonomous system when `grouping.by` is "asn". */
  asnOf?: (ip: string) => number | null;
}

export function createChannel(config: ChannelConfig, deps: AlertingDeps = {}): AlertChannel {
  switch (config.type) {
    case 'webhook':
      return createWebhookChannel(config, deps);
    case 'slack':
      return createSlackChannel(config, deps);
    case 'email':
      return createEmailChannel(config, deps);
  }
}

/** A dispatcher for a validated configuration; call start() to release updates and digests on time. */
export function createAlerting(config: AlertsConfig, deps: AlertingDeps = {}): AlertDispatcher {
  const alert: AlertOptions = config.grouping.by === 'asn' && deps.asnOf ? { asnOf: deps.asnOf } : {};
  return new AlertDispatcher({
    targets: config.channels.map((channel) => ({ channel: createChannel(channel, deps), minSeverity: channel.minSeverity, rateLimit: channel.rateLimit })),
    grouping: { windowMs: config.grouping.windowMs, updateIntervalMs: config.grouping.updateIntervalMs, maxGroups: config.grouping.maxGroups },
    rateLimit: config.rateLimit,
    alert,
    now: deps.now,
    logger: deps.logger,
  });
}
