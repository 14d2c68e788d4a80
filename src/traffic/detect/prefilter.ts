/**
 * The tagger's cheap first look at a raw value, in one pass over its characters: does it hold a
 * character no benign path needs (then the full decode + signature pass runs), and which signature
 * keywords does it contain (then only those signatures run)? Keywords are matched case-insensitively
 * with an Aho-Corasick automaton over a compact alphabet.
 */

/** What a keyword may be made of: the characters a value can hold and still skip the full pass. */
export const SAFE_KEYWORD = /^[a-z0-9/._\-=&?+,@]+$/;

function specialTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  for (let c = 0; c < 32; c++) table[c] = 1;
  table[127] = 1;
  return table;
}

/** In a path or a referer: characters no benign path needs. */
const SPECIAL = specialTable(`%'"<>;|\`$\\{}()#*!:[]^~ `);
/**
 * In a user agent, where spaces, parentheses, ';', ':' and ',' are ordinary: only what a payload
 * needs, and what normalisation would change (%, &, *, \\).
 */
const SPECIAL_IN_USER_AGENT = specialTable(`%'"<>|\`$\\{}#*&`);

/** The value needs the full pass. */
export const NEEDS_FULL_PASS = -1;
/** More keyword hits than a scan records: treated as needing the full pass. */
const MAX_HITS = 32;

const SPECIAL_AFTER_NORMALISATION = SPECIAL.slice();
SPECIAL_AFTER_NORMALISATION[32] = 0;

export class KeywordScanner {
  private readonly special: Uint8Array;
  private readonly nonAsciiIsSpecial: boolean;
  /** Input char code (0..127) -> alphabet class; 0 is "no keyword uses this character". */
  private readonly classOf = new Uint8Array(128);
  private readonly classes: number;
  /** Next state's row (state * classes), indexed row + class: rows save a multiplication a character. */
  private readonly next: Int32Array;
  /** 1 at the row of each state where a keyword ends. */
  private readonly accepting: Uint8Array;
  /** Owners (e.g. signature indices) of the keywords that end at each state, failure links folded in. */
  private readonly outputs: number[][];
  /** Rows of the states whose outputs the last scan met; valid up to the count it returned. */
  readonly hitStates = new Int32Array(MAX_HITS);

  /**
   * `keywords[i]` lists the keywords of owner i. `afterNormalisation`: the scanned values are already
   * normalised, where '+' of a query became a space and whitespace is a single space, so a space is
   * no longer special, keywords also match with spaces for '+', and non-ASCII letters are plain text.
   */
  constructor(
    keywords: readonly (readonly string[])[],
    options: { afterNormalisation?: boolean; userAgent?: boolean } = {},
  ) {
    const after = options.afterNormalisation ?? false;
    this.special = options.userAgent ? SPECIAL_IN_USER_AGENT : after ? SPECIAL_AFTER_NORMALISATION : SPECIAL;
    this.nonAsciiIsSpecial = !after;
    for (const list of keywords) {
      for (const word of list) {
        if (!SAFE_KEYWORD.test(word)) throw new Error(`keyword "${word}" must be lower-case letters, digits or / . _ - = & ? + , @`);
      }
    }
    if (after) keywords = keywords.map((list) => [...list, ...list.filter((w) => w.includes('+')).map((w) => w.replace(/\+/g, ' '))]);
    let classes = 1;
    for (const list of keywords) {
      for (const word of list) {
        for (let i = 0; i < word.length; i++) {
          const c = word.charCodeAt(i);
          if (this.classOf[c] === 0) this.classOf[c] = classes++;
        }
      }
    }
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32] as number;
    this.classes = classes;

    // trie
    const children: Map<number, number>[] = [new Map()];
    const outputs: number[][] = [[]];
    keywords.forEach((list, owner) => {
      for (const word of list) {
        let state = 0;
        for (let i = 0; i < word.length; i++) {
          const cls = this.classOf[word.charCodeAt(i)] as number;
          let child = children[state]?.get(cls);
          if (child === undefined) {
            child = children.length;
            children.push(new Map());
            outputs.push([]);
            children[state]?.set(cls, child);
          }
          state = child;
        }
        const out = outputs[state] as number[];
        if (!out.includes(owner)) out.push(owner);
      }
    });

    // breadth-first failure links, folded into a full transition table
    const next = new Int32Array(children.length * classes);
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (let cls = 0; cls < classes; cls++) {
      const child = children[0]?.get(cls);
      if (child !== undefined && cls !== 0) {
        next[cls] = child;
        queue.push(child);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] as number;
      const out = outputs[state] as number[];
      for (const owner of outputs[fail[state] as number] as number[]) if (!out.includes(owner)) out.push(owner);
      for (let cls = 1; cls < classes; cls++) {
        const child = children[state]?.get(cls);
        const viaFail = next[(fail[state] as number) * classes + cls] as number;
        if (child !== undefined) {
          fail[child] = viaFail;
          next[state * classes + cls] = child;
          queue.push(child);
        } else {
          next[state * classes + cls] = viaFail;
        }
      }
    }
    for (let i = 0; i < next.length; i++) next[i] = (next[i] as number) * classes;
    this.accepting = new Uint8Array(next.length);
    outputs.forEach((out, state) => {
      if (out.length > 0) this.accepting[state * classes] = 1;
    });
    this.next = next;
    this.outputs = outputs;
  }

  /**
   * Scans `value` from `from`: NEEDS_FULL_PASS, or the number of keyword-ending states met (0 for a
   * plainly benign value), recorded in `hitStates`.
   */
  scan(value: string, from = 0): number {
    const { classOf, next, accepting, hitStates, special, nonAsciiIsSpecial } = this;
    let row = 0;
    let hits = 0;
    let previous = 0;
    for (let i = from; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c > 127) {
        if (nonAsciiIsSpecial) return NEEDS_FULL_PASS;
        row = 0;
        previous = c;
        continue;
      }
      if (special[c] === 1) return NEEDS_FULL_PASS;
      // `..` and `/.` (dot-files, traversal) are never needed by a benign path either
      if (c === 46 && (previous === 46 || previous === 47)) return NEEDS_FULL_PASS;
      previous = c;
      row = next[row + (classOf[c] as number)] as number;
      if (accepting[row] === 1) {
        if (hits === MAX_HITS) return NEEDS_FULL_PASS;
        hitStates[hits++] = row;
      }
    }
    return hits;
  }

  /** The owners of a state recorded by `scan`. */
  ownersOf(row: number): readonly number[] {
    return this.outputs[row / this.classes] as number[];
  }
}
