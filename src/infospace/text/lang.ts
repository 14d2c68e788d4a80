import { isHan } from './chinese.js';

export type DetectedLang = 'en' | 'fr' | 'zh' | 'und';

// Frequent function words: enough to tell English from French in a post of a few words.
const EN = 'the and of to in is that for it on with as was are be this have not you at by from or but they we an has will what about their more can all his who said been would there which just'.split(' ');
const FR = 'le la les et de des du un une est que qui pour dans en pas sur au aux avec ce cette sont il elle nous vous ils mais ou plus par se ne été être son sa ses leur très aussi comme fait été ça'.split(' ');

function wordHash(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (text.charCodeAt(i) | 0x20), 0x01000193);
  return (h >>> 0) * 32 + (to - from);
}

const hashAll = (words: string[]): Set<number> => new Set(words.map((word) => wordHash(word, 0, word.length)));
const EN_HASHES = hashAll(EN);
const FR_HASHES = hashAll(FR);

/** 1 for a Latin letter, 2 for a letter French uses and English does not (é è ê à ù â ç ô î œ ë ï û). */
const LATIN = new Uint8Array(0x180);
for (let c = 0; c < 0x180; c++) LATIN[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) ? 1 : 0;
for (const c of [0xe9, 0xe8, 0xea, 0xe0, 0xf9, 0xe2, 0xe7, 0xf4, 0xee, 0x153, 0xeb, 0xef, 0xfb, 0xc9, 0xc8, 0xca, 0xc0, 0xc7]) LATIN[c] = 2;

/**
 * A small detector for the languages Vigie analyses. Han characters mean Chinese (kana mean it is
 * Japanese, which it does not claim to know); otherwise function words and French letters decide.
 * One pass over the text without allocating: it runs on every post that arrives without a language.
 */
export function detectLanguage(text: string): DetectedLang {
  let han = 0;
  let letters = 0;
  let en = 0;
  let fr = 0;
  let start = -1;
  const length = Math.min(text.length, 2000);
  for (let i = 0; i <= length; i++) {
    const c = i < length ? text.charCodeAt(i) : 32;
    if (c >= 0x3040 && c <= 0x30ff) return 'und';
    const latin = c < 0x180 ? (LATIN[c] as number) : 0;
    if (latin) {
      letters++;
      if (start < 0) start = i;
      if (latin === 2) fr += 0.5;
      continue;
    }
    if (isHan(c)) han++;
    if (start >= 0) {
      // French elision: l'état, d'accord, qu'il
      if ((c === 39 || c === 0x2019) && i - start <= 2) {
        fr++;
        start = -1;
        continue;
      }
      const h = wordHash(text, start, i);
      if (EN_HASHES.has(h)) en++;
      if (FR_HASHES.has(h)) fr++;
      start = -1;
    }
  }
  if (han > 0 && han * 8 >= letters) return 'zh';
  if (letters === 0 || (en === 0 && fr === 0)) return 'und';
  return fr > en ? 'fr' : 'en';
}
