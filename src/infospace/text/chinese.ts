import { Converter } from 'opencc-js/t2cn';

let foldTable: Map<number, number> | null = null;
let foldCodes: Uint16Array | null = null;

/**
 * Traditional -> Simplified, one character at a time. Built once from OpenCC's dictionaries:
 * per-character folding is what matching needs (phrase rewriting would change text lengths and
 * cost far more per post), and a lookup table is fast enough for millions of posts.
 */
function table(): Map<number, number> {
  if (foldTable) return foldTable;
  const chars: string[] = [];
  for (let cp = 0x3400; cp <= 0x9fff; cp++) chars.push(String.fromCodePoint(cp));
  const joined = chars.join('\n');
  const map = new Map<number, number>();
  for (const from of ['tw', 'hk'] as const) {
    const out = Converter({ from, to: 'cn' })(joined).split('\n');
    for (let i = 0; i < chars.length; i++) {
      const a = chars[i] as string;
      const b = out[i];
      if (b && b !== a && b.length === 1 && !map.has(a.charCodeAt(0))) map.set(a.charCodeAt(0), b.charCodeAt(0));
    }
  }
  // a character some other one folds to is Simplified already: it stays as it is (OpenCC's
  // dictionary would otherwise turn 么 into 幺), so that folding is idempotent
  for (const to of [...map.values()]) map.delete(to);
  // characters with two Simplified forms, where builds of the dictionary disagree: the common one
  for (const [from, to] of ['麼么', '麽么', '著着', '乾干', '瞭了', '於于', '裡里', '祇只', '隻只']) map.set(from!.charCodeAt(0), to!.charCodeAt(0));
  foldTable = map;
  return map;
}

export function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

export function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isHan(text.charCodeAt(i))) return true;
  return false;
}

/** One code unit folded to Simplified (itself when it has no other form). */
export function foldChineseCode(code: number): number {
  if (!foldCodes) {
    foldCodes = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) foldCodes[c] = c;
    for (const [from, to] of table()) foldCodes[from] = to;
  }
  return foldCodes[code] as number;
}

/** Traditional characters replaced by their Simplified form; anything else unchanged. */
export function foldChinese(text: string): string {
  if (!hasHan(text)) return text;
  const map = table();
  let out = '';
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = map.get(code);
    if (folded !== undefined) changed = true;
    out += String.fromCharCode(folded ?? code);
  }
  return changed ? out : text;
}

const segmenters = new Map<string, Intl.Segmenter>();

/** Words of a text; Chinese has no spaces, so ICU's dictionary segmentation finds them. */
export function segmentWords(text: string, lang = 'zh'): string[] {
  let segmenter = segmenters.get(lang);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, segmenter);
  }
  const words: string[] = [];
  for (const part of segmenter.segment(text)) if (part.isWordLike) words.push(part.segment);
  return words;
}
