/** Link shorteners whose target is hidden until followed: noted, never followed. */
export const SHORTENERS = new Set([
  'bit.ly', 't.co', 'tinyurl.com', 'ow.ly', 'goo.gl', 'buff.ly', 'is.gd', 'dlvr.it', 'tiny.cc', 'rebrand.ly',
  'cutt.ly', 'shorturl.at', 't.ly', 'lnkd.in', 'fb.me', 'trib.al', 'ift.tt', 'youtu.be', 'bl.ink', 'rb.gy', 'url.cn', 't.cn',
]);

const TRACKING = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|ref_src|ref_url|cmpid|s_cid|spm|share_source|si|feature)$/i;

export interface CanonicalLink {
  url: string;
  domain: string;
  shortened: boolean;
}

/**
 * The form under which two shares of the same page compare equal: lower-case host without www,
 * no tracking parameters, no fragment, remaining parameters sorted. Null for what is not http(s).
 */
export function canonicalLink(raw: string): CanonicalLink | null {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const params = [...parsed.searchParams].filter(([key]) => !TRACKING.test(key)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  let path = parsed.pathname.replace(/\/+$/, '');
  if (path === '') path = '';
  const port = parsed.port && parsed.port !== '80' && parsed.port !== '443' ? `:${parsed.port}` : '';
  return { url: `${host}${port}${path}${query}`, domain: registrableDomain(host), shortened: SHORTENERS.has(host) };
}

const SECOND_LEVEL = /^(co|com|org|net|gov|gouv|ac|edu)\.[a-z]{2}$/;

/** The host without its subdomains (news.example.co.uk -> example.co.uk); no public-suffix list is shipped. */
export function registrableDomain(host: string): string {
  const parts = host.split('.');
  if (parts.length <= 2) return host;
  const lastTwo = parts.slice(-2).join('.');
  return SECOND_LEVEL.test(lastTwo) ? parts.slice(-3).join('.') : lastTwo;
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'）)\]，。、]+/gi;

export function extractLinks(text: string): string[] {
  return (text.match(URL_IN_TEXT) ?? []).map((u) => u.replace(/[.,;:!?。，]+$/, ''));
}
