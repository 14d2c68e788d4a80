import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { prefixOf } from '../intel/ip.js';

/** A MAC over `text`, base64url, 22 characters (128 bits): enough against forgery, short in a cookie. */
export function mac(secret: Buffer, text: string): string {
  return createHmac('sha256', secret).update(text).digest('base64url').slice(0, 22);
}

export function sameMac(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * What a pass is bound to: the client's network (/24 or /64, so that a phone moving between
 * addresses of its carrier keeps its pass) and its user agent. Hashed: a cookie must not carry them.
 */
export function clientBinding(ip: string, userAgent: string): string {
  const network = prefixOf(ip) ?? ip;
  return createHash('sha256').update(network).update('\n').update(userAgent).digest('base64url').slice(0, 16);
}
