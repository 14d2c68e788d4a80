import type { Lang } from '../i18n/index.js';
import type { ChallengeTicket } from './challenge/challenge.js';
import { shieldMessages, type ShieldMessageKey } from './messages.js';
import { SHA256_JS, SOLVER_JS } from './pow-script.js';

/** Where the shield answers for itself; never passed to the origin. */
export const SHIELD_PREFIX = '/.vigie/';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The visitor's first choice between French and English (default English). */
export function preferredLang(acceptLanguage: string | undefined): Lang {
  const first = (acceptLanguage ?? '').split(',', 1)[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('fr') ? 'fr' : 'en';
}

const STYLE =
  'body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}main{max-width:38rem;margin:3rem auto;padding:0 1rem}' +
  'section+section{border-top:1px solid #ccc;margin-top:2rem;padding-top:1rem}h1{font-size:1.4rem}a{color:#0b57d0}' +
  '@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#8ab4f8}}';

/** One page, both languages: the visitor's first, then the other (each marked with its lang). */
function page(lang: Lang, title: ShieldMessageKey, body: (t: ReturnType<typeof shieldMessages>) => string, head = '', tail = ''): string {
  const order: Lang[] = lang === 'fr' ? ['fr', 'en'] : ['en', 'fr'];
  const sections = order.map((l, i) => {
    const t = shieldMessages(l);
    const heading = i === 0 ? `<h1>${escapeHtml(t(title))}</h1>` : `<h2>${escapeHtml(t(title))}</h2>`;
    return `<section lang="${l}">${heading}${body(t)}</section>`;
  });
  const first = shieldMessages(order[0] as Lang);
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(first(title))} / ${escapeHtml(shieldMessages(order[1] as Lang)(title))}</title>` +
    `<style>${STYLE}</style>${head}</head><body><main>${sections.join('')}</main>${tail}</body></html>`
  );
}

/**
 * Pages that do not change are rendered once per language (and parameter): under a flood the
 * shield answers thousands of refusals a second, and translating each one again would cost more
 * than the refusal itself.
 */
const rendered = new Map<string, string>();
function once(key: string, render: () => string): string {
  let html = rendered.get(key);
  if (html === undefined) {
    html = render();
    if (rendered.size < 1024) rendered.set(key, html);
  }
  return html;
}

/** A path on this site to come back to after the challenge; anything else goes to the home page. */
export function safeBack(back: string | undefined): string {
  if (!back || back.length > 2048 || !back.startsWith('/') || back.startsWith('//') || back.startsWith('/\\') || /[\u0000-\u001f\u007f]/.test(back)) return '/';
  return back.startsWith(SHIELD_PREFIX) ? '/' : back;
}

// placeholders in the cached challenge page, replaced by the request's own values (already escaped)
const WAIT_URL = '\u0000WAIT\u0000';
const FORM = '\u0000FORM\u0000';
const SECONDS = '\u0000SECONDS\u0000';

export function challengePage(lang: Lang, pow: ChallengeTicket, wait: ChallengeTicket, back: string): string {
  const target = safeBack(back);
  const waitUrl = escapeHtml(`${SHIELD_PREFIX}wait?token=${encodeURIComponent(wait.token)}&back=${encodeURIComponent(target)}`);
  const template = once(`challenge|${lang}`, () => {
    const t0 = shieldMessages(lang);
    // the no-script refresh lives in <head>, where <noscript> may hold <meta>
    const head = `<noscript><meta http-equiv="refresh" content="${SECONDS};url=${WAIT_URL}"></noscript>`;
    const form =
      `<form id="vigie-pow" method="post" action="${SHIELD_PREFIX}pow" ` +
      `data-working="${escapeHtml(t0('challenge-working'))}" data-done="${escapeHtml(t0('challenge-done'))}" ${FORM}</form>`;
    return page(
      lang,
      'challenge-title',
      (t) =>
        `<p>${escapeHtml(t('challenge-lead'))}</p>` +
        `<noscript><p>${escapeHtml(t('challenge-nojs'))} <a href="${WAIT_URL}">${escapeHtml(t('challenge-nojs-link', { seconds: SECONDS }))}</a></p></noscript>` +
        `<p><small>${escapeHtml(t('challenge-why'))}</small></p>`,
      head,
      `<p id="vigie-status" role="status" aria-live="polite" style="text-align:center"></p>${form}<script>${SHA256_JS}\n${SOLVER_JS}</script>`,
    );
  });
  const fields =
    `data-bits="${pow.param}"><input type="hidden" name="token" value="${escapeHtml(pow.token)}"><input type="hidden" name="nonce" value="">` +
    `<input type="hidden" name="back" value="${escapeHtml(target)}">`;
  return template.replaceAll(WAIT_URL, waitUrl).replaceAll(SECONDS, String(wait.param)).replace(FORM, fields);
}

/** "Try again" reloads the page asked for (an empty link is the page itself). */
export function heavyLoadPage(lang: Lang): string {
  return once(`heavy|${lang}`, () => page(lang, 'heavy-title', (t) => `<p>${escapeHtml(t('heavy-lead'))}</p><p><a href="">${escapeHtml(t('heavy-retry'))}</a></p>`));
}

export function blockedPage(lang: Lang): string {
  return once(`blocked|${lang}`, () => page(lang, 'blocked-title', (t) => `<p>${escapeHtml(t('blocked-lead'))}</p>`));
}

export function limitedPage(lang: Lang, seconds: number): string {
  return once(`limited|${lang}|${seconds}`, () => page(lang, 'limited-title', (t) => `<p>${escapeHtml(t('limited-lead', { seconds: String(seconds) }))}</p>`));
}

export function waitPage(lang: Lang): string {
  return once(`wait|${lang}`, () => page(lang, 'wait-title', (t) => `<p>${escapeHtml(t('wait-lead'))}</p>`));
}

export function badRequestPage(lang: Lang): string {
  return once(`bad|${lang}`, () => page(lang, 'bad-request-title', (t) => `<p>${escapeHtml(t('bad-request-lead'))}</p>`));
}
