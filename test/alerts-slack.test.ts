import { afterEach, describe, expect, it } from 'vitest';
import { createAlert, type Alert } from '../src/alerts/alert.js';
import { DeliveryError } from '../src/alerts/channel.js';
import type { AlertMessage } from '../src/alerts/render.js';
import { createSlackChannel, type SlackSettings } from '../src/alerts/slack.js';
import { startReceiver, type Receiver } from '../src/alerts/testing/receiver.js';
import { decision, evidence, finding } from '../src/alerts/testing/fixtures.js';

let receiver: Receiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

function hostile(): AlertMessage {
  const result = createAlert({
    finding: finding({ evidence: [evidence({ path: '/x?<script>alert(1)</script>&a=`b`', userAgent: '@channel <!here>' })] }),
    decision: decision({ reason: 'ping @here <!channel> & co' }),
  });
  if (!result.ok) throw new Error(result.reason);
  return { type: 'alert', alert: result.alert as Alert };
}

function settings(url: string, overrides: Partial<SlackSettings> = {}): SlackSettings {
  return { name: 'chat', url, flavor: 'slack', languages: ['en', 'fr'], timeoutMs: 2000, retries: 2, backoffMs: 1, maxBackoffMs: 5, ...overrides };
}

interface Attachment {
  fallback: string;
  color: string;
  title: string;
  text: string;
}

describe('Slack / Mattermost channel', () => {
  it('posts text plus one attachment per language, with control characters escaped and mentions broken', async () => {
    receiver = await startReceiver();
    await createSlackChannel(settings(`${receiver.url}/services/T000/B000/XXXX`)).send(hostile());
    const body = JSON.parse(receiver.requests[0]!.body) as { text: string; attachments: Attachment[] };
    expect(body.text).toContain('SQL injection');
    expect(body.text).toContain('Injection SQL');
    expect(body.attachments).toHaveLength(2);
    const [en, fr] = body.attachments;
    expect(en!.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(en!.fallback).toBe(en!.title);
    expect(fr!.text).toContain('Décision');
    for (const a of body.attachments) {
      // Slack reads <...> as commands and links: none may come from the data.
      expect(a.text).not.toContain('<!');
      expect(a.text).toContain('&lt;!channel&gt;');
      expect(a.text).not.toMatch(/@here|@channel/);
      // The evidence sits in one code block that a backtick in the log line cannot close.
      expect(a.text.split('```')).toHaveLength(3);
      expect(a.text).toContain('&lt;script&gt;');
    }
  });

  it('leaves entities out of Mattermost code blocks, which it does not decode', async () => {
    receiver = await startReceiver();
    await createSlackChannel(settings(receiver.url, { flavor: 'mattermost', languages: ['fr'], username: 'vigie' })).send(hostile());
    const body = JSON.parse(receiver.requests[0]!.body) as { username: string; attachments: Attachment[] };
    expect(body.username).toBe('vigie');
    expect(body.attachments).toHaveLength(1);
    const code = body.attachments[0]!.text.split('```')[1]!;
    expect(code).toContain('<script>');
    expect(code).not.toContain('`');
    expect(body.attachments[0]!.text.split('```')[0]).toContain('&lt;!channel&gt;');
  });

  it('does not retry a refused webhook, and keeps its token out of the error', async () => {
    receiver = await startReceiver(() => 404);
    const url = `${receiver.url}/hooks/abcdefSECRETTOKEN`;
    const error = await createSlackChannel(settings(url)).send(hostile()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect(receiver.requests).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain('SECRETTOKEN');
  });
});
