import { Converter } from 'opencc-js/cn2t';
import type { Random } from './random.js';
import { EMOJI, LANGS } from './vocab.js';

export type SimLang = keyof typeof LANGS;

let traditional: Map<string, string> | null = null;

/** Every Chinese vocabulary entry in Traditional characters, converted once. */
function toTraditional(word: string): string {
  if (!traditional) {
    const words = Object.values(LANGS.zh).flat();
    const converted = Converter({ from: 'cn', to: 'tw' })(words.join('\n')).split('\n');
    traditional = new Map(words.map((word, i) => [word, converted[i] ?? word]));
  }
  return traditional.get(word) ?? word;
}

/** Word choices of one post; kept apart from the rendering so that campaigns can make small edits. */
export interface Draft {
  lang: SimLang;
  parts: string[];
}

export function draft(rng: Random, lang: SimLang): Draft {
  const v = LANGS[lang];
  const parts: string[] = [];
  if (rng.chance(0.6)) parts.push(rng.pick(v.openers));
  const sentences = 1 + (rng.chance(0.45) ? 1 : 0);
  for (let s = 0; s < sentences; s++) {
    parts.push(rng.pick(v.subjects));
    if (rng.chance(0.3)) parts.push(rng.pick(v.fillers));
    parts.push(rng.pick(v.verbs), rng.pick(v.objects));
    parts.push(lang === 'zh' ? (s + 1 < sentences ? '，' : '。') : s + 1 < sentences ? ';' : '.');
  }
  if (rng.chance(0.7)) parts.push(rng.pick(v.closers));
  return { lang, parts };
}

export function render(d: Draft, traditionalScript = false): string {
  if (d.lang === 'zh') return d.parts.map((p) => (traditionalScript ? toTraditional(p) : p)).join('');
  let out = '';
  for (const part of d.parts) {
    if (out && !/^[.;,!?]$/.test(part)) out += ' ';
    out += part;
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** A copy of a campaign message with the small edits copy-pasters make to dodge exact matching. */
export function edit(rng: Random, base: Draft, traditionalScript: boolean): string {
  const v = LANGS[base.lang];
  const parts = [...base.parts];
  if (rng.chance(0.3)) {
    const at = rng.int(parts.length);
    if (v.fillers.includes(parts[at] as string)) parts[at] = rng.pick(v.fillers);
    else parts.splice(at, 0, rng.pick(v.fillers));
  }
  if (rng.chance(0.15) && parts.length > 6) parts.splice(rng.int(parts.length), 1);
  let text = render({ lang: base.lang, parts }, traditionalScript);
  if (rng.chance(0.3)) text = rng.chance(0.5) ? `${rng.pick(EMOJI)} ${text}` : `${text} ${rng.pick(EMOJI)}`;
  if (base.lang === 'zh' && rng.chance(0.4)) text = text.replace(/，/g, ',').replace(/。/g, '.');
  if (base.lang !== 'zh' && rng.chance(0.2)) text = text.toUpperCase();
  if (rng.chance(0.2)) text += rng.chance(0.5) ? '!!' : ' ...';
  return text;
}
