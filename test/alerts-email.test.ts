import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlert, type Alert } from '../src/alerts/alert.js';
import { DeliveryError } from '../src/alerts/channel.js';
import { createEmailChannel, type EmailSettings } from '../src/alerts/email.js';
import type { AlertMessage } from '../src/alerts/render.js';
import { decision, evidence, finding } from '../src/alerts/testing/fixtures.js';

const PASSWORD = 'smtp-Pa55word!';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let server: SMTPServer | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

async function startSmtp(options: { failTimes?: number } = {}): Promise<{ port: number; mails: Received[]; attempts: () => number }> {
  const mails: Received[] = [];
  let attempts = 0;
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'vigie' && auth.password === PASSWORD) callback(null, { user: 'vigie' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      attempts++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (attempts <= (options.failTimes ?? 0)) {
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, mails, attempts: () => attempts };
}

function settings(port: number, overrides: Partial<EmailSettings> = {}): EmailSettings {
  return {
    name: 'mail',
    host: '127.0.0.1',
    port,
    secure: false,
    starttls: 'never',
    rejectUnauthorized: true,
    user: 'vigie',
    pass: PASSWORD,
    from: 'vigie@example.org',
    to: ['soc@example.org', 'cert@example.org'],
    languages: ['en', 'fr'],
    subjectPrefix: '[Vigie] ',
    timeoutMs: 5000,
    retries: 2,
    backoffMs: 1,
    maxBackoffMs: 5,
    ...overrides,
  };
}

function message(): AlertMessage {
  const result = createAlert({
    finding: finding({ evidence: [evidence({ path: '/q?<img src=x onerror=alert(1)>' })] }),
    decision: decision(),
  });
  if (!result.ok) throw new Error(result.reason);
  return { type: 'alert', alert: result.alert as Alert };
}

/** Just enough MIME decoding to read what nodemailer wrote: headers, quoted-printable and base64 parts. */
function decodeMail(raw: string): { subject: string; text: string; html: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_w, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
    );
  const body = rest.join('\n\n');
  const boundary = /boundary="([^"]+)"/.exec(unfolded)?.[1] ?? '';
  const parts = body.split(`--${boundary}`).map((part) => {
    const [partHead = '', ...partBody] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const content = partBody.join('\n\n');
    const decoded = /base64/i.test(partHead) ? Buffer.from(content.replace(/\s/g, ''), 'base64').toString('utf8') : /quoted-printable/i.test(partHead) ? qp(content) : content;
    return { type: /text\/html/i.test(partHead) ? 'html' : /text\/plain/i.test(partHead) ? 'text' : 'other', decoded };
  });
  return { subject, text: parts.find((p) => p.type === 'text')?.decoded ?? '', html: parts.find((p) => p.type === 'html')?.decoded ?? '' };
}

function qp(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('email channel', () => {
  it('delivers a bilingual message over SMTP with authentication, plain text and escaped HTML', async () => {
    const smtp = await startSmtp();
    const channel = createEmailChannel(settings(smtp.port));
    await channel.send(message());
    await channel.close?.();
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail!.from).toBe('vigie@example.org');
    expect(mail!.to).toEqual(['soc@example.org', 'cert@example.org']);
    const { subject, text, html } = decodeMail(mail!.raw);
    expect(subject).toContain('[Vigie] ');
    expect(subject).toContain('SQL injection');
    expect(subject).toContain('Injection SQL');
    expect(subject).toContain('Élevée');
    expect(text).toContain('Decision: Ban address 203.0.113.7 for 4 h.');
    expect(text).toContain('Décision : Bannir');
    expect(text).toContain('/q?<img src=x onerror=alert(1)>');
    expect(html).toContain('lang="fr"');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('retries when the server says to try again later', async () => {
    const smtp = await startSmtp({ failTimes: 1 });
    const channel = createEmailChannel(settings(smtp.port));
    await channel.send(message());
    await channel.close?.();
    expect(smtp.attempts()).toBe(2);
    expect(smtp.mails).toHaveLength(1);
  });

  it('gives up at once on a refused login, without the password in the error', async () => {
    const smtp = await startSmtp();
    const wrong = 'wrong-Secret-Pa55';
    const channel = createEmailChannel(settings(smtp.port, { pass: wrong }));
    const error = await channel.send(message()).then(
      () => null,
      (e: unknown) => e,
    );
    await channel.close?.();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ code: 'smtp', retryable: false, attempts: 1 });
    const shown = [(error as DeliveryError).message, (error as DeliveryError).describe('fr'), JSON.stringify(error)].join('\n');
    expect(shown).toContain('EAUTH');
    expect(shown).not.toContain(wrong);
    expect(smtp.mails).toHaveLength(0);
  });

  it('refuses to send in clear when STARTTLS is required and the server lacks it', async () => {
    const smtp = await startSmtp();
    const channel = createEmailChannel(settings(smtp.port, { starttls: 'required', retries: 0 }));
    const error = await channel.send(message()).then(
      () => null,
      (e: unknown) => e,
    );
    await channel.close?.();
    expect(error).toBeInstanceOf(DeliveryError);
    expect(smtp.mails).toHaveLength(0);
  });
});
