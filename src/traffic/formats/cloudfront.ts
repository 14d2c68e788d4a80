import type { FormatFactory } from './format.js';
import { W3cParser, type W3cDialect } from './w3c.js';

/** CloudFront %-encodes header values (some twice); one decoding gives what the client sent. */
function decodeOnce(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const CLOUDFRONT_DIALECT: W3cDialect = {
  name: 'cloudfront',
  separator: '\t',
  defaultFields: (
    'date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) ' +
    'cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol ' +
    'cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type ' +
    'cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte ' +
    'x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end'
  ).split(' '),
  timeTakenMs: 1000,
  decodeHeader: decodeOnce,
  // cs(Host) is the distribution's own name (d111111abcdef8.cloudfront.net); x-host-header is
  // the site the viewer asked for.
  hostFields: ['x-host-header', 'cs(host)'],
};

export const cloudfrontFormat: FormatFactory = {
  name: 'cloudfront',
  description: 'Amazon CloudFront standard log (tab-separated, #Fields: header)',
  descriptionFr: 'journal standard d\u2019Amazon CloudFront (séparé par tabulations, en-tête #Fields:)',
  create: () => new W3cParser(CLOUDFRONT_DIALECT),
};
