import { describe, expect, it } from 'vitest';
import { parseAlertsConfig, type AlertsConfig } from './config.js';

function ok(input: unknown, env: Record<string, string> = {}): AlertsConfig {
  const result = parseAlertsConfig(input, env);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

function errors(input: unknown, env: Record<string, string> = {}): string[] {
  const result = parseAlertsConfig(input, env);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('parseAlertsConfig', () => {
  it('fills defaults: both languages, no channels, grouping and rate limit in milliseconds', () => {
    const config = ok(undefined);
    expect(config.languages).toEqual(['en', 'fr']);
    expect(config.channels).toEqual([]);
    expect(config.grouping).toEqual({ windowMs: 900_000, updateIntervalMs: 300_000, maxGroups: 1000, by: 'prefix' });
    expect(config.rateLimit.perMinute).toBe(10);
  });

  it('reads every channel type, with secrets from the environment and per-channel overrides', () => {
    const config = ok(
      {
        languages: 'fr',
        minSeverity: 'medium',
        channels: [
          { type: 'webhook', name: 'soc', url: 'https://soc.example.org/hook', secretEnv: 'HOOK_SECRET', retries: 5 },
          { type: 'slack', name: 'chat', urlEnv: 'CHAT_URL', flavor: 'mattermost', languages: ['en', 'fr'], minSeverity: 'high' },
          { type: 'email', name: 'mail', host: 'smtp.example.org', user: 'vigie', passEnv: 'SMTP_PASS', from: 'vigie@example.org', to: ['soc@example.org'] },
        ],
      },
      { HOOK_SECRET: 'a-long-enough-secret', CHAT_URL: 'https://chat.example.org/hooks/abc', SMTP_PASS: 'hunter22' },
    );
    const [hook, chat, mail] = config.channels;
    expect(hook).toMatchObject({ type: 'webhook', secret: 'a-long-enough-secret', retries: 5, languages: ['fr'], minSeverity: 'medium', timeoutMs: 10_000 });
    expect(chat).toMatchObject({ type: 'slack', url: 'https://chat.example.org/hooks/abc', flavor: 'mattermost', languages: ['en', 'fr'], minSeverity: 'high' });
    expect(mail).toMatchObject({ type: 'email', port: 587, starttls: 'required', secure: false, pass: 'hunter22', subjectPrefix: '[Vigie] ' });
  });

  it('names the field of each mistake', () => {
    const found = errors({
      languages: ['de'],
      channels: [
        { type: 'webhook', name: 'a', url: 'ftp://x' },
        { type: 'email', name: 'b', host: 'h', from: 'f@x.org', to: ['not an address'], port: 70000 },
        { type: 'pager', name: 'c' },
      ],
    });
    const text = found.join('\n');
    expect(text).toMatch(/^languages/m);
    expect(text).toMatch(/^channels\.0\.url: must be an http\(s\) URL/m);
    expect(text).toMatch(/^channels\.1\.to\.0/m);
    expect(text).toMatch(/^channels\.1\.port/m);
    expect(text).toMatch(/^channels\.2\.type/m);
  });

  it('refuses duplicate names, unknown fields, and slack channels without exactly one URL', () => {
    const text = errors({
      channels: [
        { type: 'slack', name: 'x' },
        { type: 'slack', name: 'x', url: 'https://a.example/h', urlEnv: 'U' },
        { type: 'webhook', name: 'y', url: 'https://a.example/h', sekret: 'typo' },
      ],
    }).join('\n');
    expect(text).toContain('channels.0.url: give exactly one of url or urlEnv');
    expect(text).toContain('channels.1.name: duplicate channel name');
    expect(text).toMatch(/channels\.2.*sekret/);
  });

  it('says which environment variable is missing', () => {
    const text = errors({ channels: [{ type: 'email', name: 'm', host: 'h', from: 'f@x.org', to: ['a@x.org'], user: 'u', passEnv: 'NOPE' }] }).join('\n');
    expect(text).toContain('channels.0.passEnv: environment variable NOPE is not set');
  });

  it('never prints a secret value in its errors', () => {
    const secret = 'tooShort';
    const text = errors({ channels: [{ type: 'webhook', name: 'w', url: 'https://a.example/h', secret }] }).join('\n');
    expect(text).toContain('channels.0.secret');
    expect(text).not.toContain(secret);
    const badUrl = 'https://chat.example.org/hooks/SECRET TOKEN';
    const env = errors({ channels: [{ type: 'slack', name: 's', urlEnv: 'CHAT_URL' }] }, { CHAT_URL: 'nope://' + badUrl }).join('\n');
    expect(env).toContain('channels.0.urlEnv');
    expect(env).not.toContain('SECRET');
  });
});
