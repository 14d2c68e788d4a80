import { formatDateTime, translator, type Lang } from '../../i18n/index.js';
import { infospaceMessages } from '../messages.js';
import type { InfoCase } from './case.js';
import { technique } from './disarm.js';

/** Everything a post author wrote goes through here before it reaches HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const MAX_EVIDENCE_SHOWN = 40;

function section(infoCase: InfoCase, lang: Lang, now: number): string {
  const t = translator(infospaceMessages, lang);
  const c = infoCase.cluster;
  const e = escapeHtml;
  const when = (iso: string) => e(formatDateTime(Date.parse(iso), lang));
  const method = (m: string) => e(t(`method.${m}` as Parameters<typeof t>[0]));
  const rows = (cells: string[][]) => cells.map((r) => `<tr>${r.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('');
  return `<section lang="${lang}">
<h1>${e(t('brief.title'))}</h1>
<p class="tlp tlp-${infoCase.tlp}">${e(t('brief.tlp', { tlp: infoCase.tlp.toUpperCase() }))}</p>
<h2>${e(infoCase.title)}</h2>
<p>${e(t('brief.status', { status: infoCase.status }))}</p>
<h3>${e(t('brief.summary'))}</h3>
<p>${e(t('brief.summaryText', { accounts: c.accounts.length, first: formatDateTime(Date.parse(c.first), lang), last: formatDateTime(Date.parse(c.last), lang), method: t(`method.${c.method}` as Parameters<typeof t>[0]), delay: c.medianDelaySeconds }))}</p>
<p>${e(t('brief.score'))}: ${e(t('brief.scoreText', { score: String(c.score), density: String(c.components.density), strength: String(c.components.strength), symmetry: String(c.components.symmetry), tightness: String(c.components.tightness) }))}</p>
<h3>${e(t('brief.methods'))}</h3>
<table><thead><tr><th>${e(t('brief.method'))}</th><th>${e(t('brief.pairs'))}</th><th>${e(t('brief.items'))}</th><th>${e(t('brief.window'))}</th></tr></thead>
<tbody>${rows(c.methods.map((m) => [method(m.method), String(m.edges), String(m.items), String(m.window)]))}</tbody></table>
<h3>${e(t('brief.techniques'))}</h3>
${infoCase.techniques.length ? `<ul>${infoCase.techniques.map((id) => `<li><code>${e(id)}</code> ${e(technique(id)?.[lang] ?? '')}</li>`).join('')}</ul>` : `<p>${e(t('brief.noTechniques'))}</p>`}
${infoCase.amplified.length ? `<h3>${e(t('brief.amplified'))}</h3><ul>${infoCase.amplified.map((a) => `<li>${e(a.outlet)} (${e(a.typology)}): <code>${e(a.matched)}</code>, ${a.posts}</li>`).join('')}</ul>` : ''}
<h3>${e(t('brief.accounts'))} (${c.accounts.length})</h3>
<p class="accounts">${c.accounts.map((a) => `<code>${e(a)}</code>`).join(' ')}</p>
<h3>${e(t('brief.shared'))}</h3>
<table><thead><tr><th>${e(t('brief.method'))}</th><th>${e(t('brief.item'))}</th><th>${e(t('brief.accounts'))}</th></tr></thead>
<tbody>${rows(c.items.map((i) => [method(i.method), `<span class="item">${e(i.item)}</span>`, String(i.accounts)]))}</tbody></table>
<h3>${e(t('brief.evidence'))}</h3>
<table><thead><tr><th>${e(t('brief.time'))}</th><th>${e(t('brief.account'))}</th><th>${e(t('brief.method'))}</th><th>${e(t('brief.text'))}</th></tr></thead>
<tbody>${rows(c.evidence.slice(0, MAX_EVIDENCE_SHOWN).map((p) => [when(p.time), `<code>${e(p.account)}</code>`, method(p.method), e(p.text)]))}</tbody></table>
<h3>${e(t('brief.notes'))}</h3>
${infoCase.notes.length ? infoCase.notes.map((n) => `<blockquote><p>${e(n.text)}</p><footer>${e(n.author)}, ${e(formatDateTime(n.at, lang))}</footer></blockquote>`).join('') : `<p>${e(t('brief.noNotes'))}</p>`}
<p class="generated">${e(t('brief.generated', { date: formatDateTime(now, lang), id: infoCase.id }))}</p>
</section>`;
}

/**
 * A self-contained bilingual brief (English, then French) that prints to PDF from any browser.
 * No script, no remote resource, and a policy that forbids both, in case escaping ever failed.
 */
export function renderBrief(infoCase: InfoCase, now = Date.now()): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(infoCase.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
.tlp{display:inline-block;padding:.2rem .6rem;background:#000;font-weight:bold}.tlp-clear{color:#fff}.tlp-green{color:#33ff00}.tlp-amber{color:#ffc000}.tlp-red{color:#ff2b2b}
.item{word-break:break-all}section{page-break-after:always}blockquote{border-left:3px solid #999;margin:.5rem 0;padding-left:.75rem}.generated{color:#666;font-size:12px}
</style></head><body>
${section(infoCase, 'en', now)}
${section(infoCase, 'fr', now)}
</body></html>
`;
}
