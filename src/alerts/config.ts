import { z } from 'zod';
import { LANGS, type Lang } from '../i18n/index.js';
import type { Severity } from '../model/index.js';
import { SEVERITIES } from './alert.js';
import type { EmailSettings } from './email.js';
import type { SlackSettings } from './slack.js';
import type { WebhookSettings } from './webhook.js';

/*
 * The `alerts` section of the configuration (YAML or JSON). Durations are in seconds. Secrets can be
 * given inline or, better, by the name of an environment variable (`secretEnv`, `urlEnv`, `passEnv`).
 *
 *   languages: both            # en, fr, both, or a list
 *   minSeverity: medium
 *   grouping: { windowSeconds: 900, updateIntervalSeconds: 300, maxGroups: 1000, by: prefix }
 *   rateLimit: { perMinute: 10, burst: 10 }
 *   channels:
 *     - { type: webhook, name: soc, url: "https://…", secretEnv: VIGIE_WEBHOOK_SECRET }
 *     - { type: slack, name: chat, urlEnv: VIGIE_SLACK_URL, flavor: mattermost }
 *     - { type: email, name: mail, host: smtp.example.org, port: 587, starttls: required,
 *         user: vigie, passEnv: VIGIE_SMTP_PASS, from: vigie@example.org, to: [soc@example.org] }
 */

const languages = z
  .union([z.enum(['en', 'fr', 'both']), z.array(z.enum(LANGS)).min(1)])
  .transform((value): Lang[] => (value === 'both' ? [...LANGS] : typeof value === 'string' ? [value] : [...new Set(value)]));
const severity = z.enum(SEVERITIES);
const seconds = (max: number) => z.number().positive().max(max);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const rateLimit = z.strictObject({ perMinute: z.number().positive().max(10_000), burst: z.int().min(1).max(10_000).optional() });

const common = {
  name: z.string().min(1).max(64),
  languages: languages.optional(),
  minSeverity: severity.optional(),
  rateLimit: rateLimit.optional(),
  timeoutSeconds: seconds(300).default(10),
  retries: z.int().min(0).max(10).default(3),
  backoffSeconds: seconds(600).default(1),
  maxBackoffSeconds: seconds(3600).default(60),
};

const webhookChannel = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  url: httpUrl,
  secret: z.string().min(16, 'must be at least 16 characters').optional(),
  secretEnv: envName.optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name'), z.string()).optional(),
});

const slackChannel = z.strictObject({
  type: z.literal('slack'),
  ...common,
  url: httpUrl.optional(),
  urlEnv: envName.optional(),
  flavor: z.enum(['slack', 'mattermost']).default('slack'),
  username: z.string().max(80).optional(),
  channel: z.string().max(80).optional(),
});

const emailChannel = z.strictObject({
  type: z.literal('email'),
  ...common,
  host: z.string().min(1),
  port: z.int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  starttls: z.enum(['required', 'opportunistic', 'never']).default('required'),
  rejectUnauthorized: z.boolean().default(true),
  user: z.string().min(1).optional(),
  pass: z.string().optional(),
  passEnv: envName.optional(),
  from: z.string().min(3),
  to: z.array(z.email()).min(1),
  subjectPrefix: z.string().max(40).default('[Vigie] '),
});

const channel = z.discriminatedUnion('type', [webhookChannel, slackChannel, emailChannel]);

const alertsSchema = z
  .strictObject({
    languages: languages.default(['en', 'fr']),
    minSeverity: severity.default('low'),
    grouping: z
      .strictObject({
        windowSeconds: seconds(7 * 86_400).default(900),
        updateIntervalSeconds: seconds(86_400).default(300),
        maxGroups: z.int().min(1).max(100_000).default(1000),
        by: z.enum(['prefix', 'asn']).default('prefix'),
      })
      .prefault({}),
    rateLimit: rateLimit.default({ perMinute: 10 }),
    channels: z.array(channel).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.channels.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['channels', i, 'name'], message: `duplicate channel name "${c.name}"` });
      seen.add(c.name);
      if (c.type === 'slack' && (c.url === undefined) === (c.urlEnv === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'url'], message: 'give exactly one of url or urlEnv' });
      }
      if (c.type === 'webhook' && c.secret !== undefined && c.secretEnv !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'secret'], message: 'give secret or secretEnv, not both' });
      }
      if (c.type === 'email' && c.pass !== undefined && c.passEnv !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['channels', i, 'pass'], message: 'give pass or passEnv, not both' });
      }
    });
  });

export type AlertsConfigInput = z.input<typeof alertsSchema>;

export type ChannelConfig =
  | ({ type: 'webhook'; minSeverity: Severity; rateLimit: RateLimitConfig } & WebhookSettings)
  | ({ type: 'slack'; minSeverity: Severity; rateLimit: RateLimitConfig } & SlackSettings)
  | ({ type: 'email'; minSeverity: Severity; rateLimit: RateLimitConfig } & EmailSettings);

export interface RateLimitConfig {
  perMinute: number;
  burst?: number;
}

/** Validated, with secrets read from the environment and durations in milliseconds. */
export interface AlertsConfig {
  languages: Lang[];
  minSeverity: Severity;
  grouping: { windowMs: number; updateIntervalMs: number; maxGroups: number; by: 'prefix' | 'asn' };
  rateLimit: RateLimitConfig;
  channels: ChannelConfig[];
}

export type AlertsConfigResult = { ok: true; config: AlertsConfig } | { ok: false; errors: string[] };

/**
 * Validates the `alerts` section. Errors name the field ("channels.1.url: must be an http(s) URL")
 * and never quote a value, so that a mistyped secret is not printed.
 */
export function parseAlertsConfig(input: unknown, env: Record<string, string | undefined> = process.env): AlertsConfigResult {
  const parsed = alertsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(alerts)'}: ${issue.message}`) };
  }
  const raw = parsed.data;
  const errors: string[] = [];
  const fromEnv = (index: number, field: string, name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const value = env[name];
    if (value === undefined || value === '') errors.push(`channels.${index}.${field}: environment variable ${name} is not set`);
    return value;
  };
  const channels = raw.channels.map((c, i): ChannelConfig => {
    const shared = {
      name: c.name,
      languages: c.languages ?? raw.languages,
      minSeverity: c.minSeverity ?? raw.minSeverity,
      rateLimit: c.rateLimit ?? raw.rateLimit,
      timeoutMs: c.timeoutSeconds * 1000,
      retries: c.retries,
      backoffMs: c.backoffSeconds * 1000,
      maxBackoffMs: Math.max(c.backoffSeconds, c.maxBackoffSeconds) * 1000,
    };
    switch (c.type) {
      case 'webhook':
        return { ...shared, type: 'webhook', url: c.url, secret: c.secret ?? fromEnv(i, 'secretEnv', c.secretEnv), headers: c.headers };
      case 'slack': {
        const url = c.url ?? fromEnv(i, 'urlEnv', c.urlEnv) ?? '';
        if (url && !httpUrl.safeParse(url).success) errors.push(`channels.${i}.urlEnv: must be an http(s) URL`);
        return { ...shared, type: 'slack', url, flavor: c.flavor, username: c.username, channel: c.channel };
      }
      case 'email':
        return {
          ...shared,
          type: 'email',
          host: c.host,
          port: c.port,
          secure: c.secure,
          starttls: c.starttls,
          rejectUnauthorized: c.rejectUnauthorized,
          user: c.user,
          pass: c.pass ?? fromEnv(i, 'passEnv', c.passEnv),
          from: c.from,
          to: c.to,
          subjectPrefix: c.subjectPrefix,
        };
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      languages: raw.languages,
      minSeverity: raw.minSeverity,
      grouping: {
        windowMs: raw.grouping.windowSeconds * 1000,
        updateIntervalMs: raw.grouping.updateIntervalSeconds * 1000,
        maxGroups: raw.grouping.maxGroups,
        by: raw.grouping.by,
      },
      rateLimit: raw.rateLimit,
      channels,
    },
  };
}
