import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that signs passes and tickets, kept in the data directory (owner-only) so that passes
 * survive a restart. Never logged.
 */
export function loadSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'shield-secret');
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex');
  } catch {
    // absent: made below
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(path, `${secret.toString('hex')}\n`, { mode: 0o600 });
  return secret;
}
