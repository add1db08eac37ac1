// Output filter lab: evasion-proof normalisation, an Aho–Corasick term layer, char n-gram TF-IDF intents, precision/recall.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedVariables: ZERO_WIDTH and the trie types are there for you to use
// biome-ignore-all lint/correctness/noUnusedPrivateClassMembers: the private fields are yours to fill in

/** Characters that render as nothing: zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen. */
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad]);

/** Task 1: one character folded — full-width ASCII to half-width, ideographic space to space, then lower case. */
export function foldChar(ch: string): string {
  throw new Error("TODO: foldChar (Task 1)");
}

/** Task 1: is this (already folded) character a separator an evader could slip between letters? */
export function isSeparator(ch: string): boolean {
  throw new Error("TODO: isSeparator (Task 1)");
}

export interface Normalized {
  /** Folded text with zero-width characters and separators removed. */
  text: string;
  /** map[i] = index in the original string (UTF-16) of the character that became text[i]. */
  map: number[];
}

/** Task 1: fold every character, drop zero-width characters and separators, remember where each kept character came from. */
export function normalize(input: string): Normalized {
  throw new Error("TODO: normalize (Task 1)");
}

export interface Match {
  /** Index of the pattern in the list given to the constructor. */
  pattern: number;
  /** [start, end) in the searched string (UTF-16 indices). */
  start: number;
  end: number;
}

interface TrieNode {
  next: Map<string, number>;
  fail: number;
  /** Patterns ending here, including those reached through failure links (the output set). */
  out: number[];
}

/** Task 2: Aho–Corasick automaton over UTF-16 code units: a trie, failure links by BFS, all (overlapping) matches in one pass. */
export class AhoCorasick {
  readonly patterns: string[];
  private readonly nodes: TrieNode[] = [{ next: new Map(), fail: 0, out: [] }];

  constructor(patterns: readonly string[]) {
    throw new Error("TODO: AhoCorasick constructor: build the trie, then failure links by BFS (Task 2)");
  }

  /** Number of trie nodes, root included. */
  get size(): number {
    return this.nodes.length;
  }

  /** Every occurrence of every pattern, sorted by end then by pattern index. */
  search(text: string): Match[] {
    throw new Error("TODO: AhoCorasick.search (Task 2)");
  }
}

export interface TermHit {
  term: string;
  /** [start, end) in the ORIGINAL text. */
  start: number;
  end: number;
}

/** Task 3: the term layer — normalise the terms and the text the same way, search, map hits back, mask them. */
export class TermFilter {
  readonly terms: string[];
  private readonly automaton: AhoCorasick;
  constructor(terms: readonly string[]) {
    throw new Error("TODO: TermFilter constructor (Task 3)");
  }
  find(text: string): TermHit[] {
    throw new Error("TODO: TermFilter.find (Task 3)");
  }
  /** The text with every character inside a hit replaced by "*" (per UTF-16 unit). */
  mask(text: string): string {
    throw new Error("TODO: TermFilter.mask (Task 3)");
  }
}

/** Task 4: character n-grams of the folded text (zero-width removed, separators collapsed to one space), padded with a space. */
export function charNgrams(text: string, ns: readonly number[] = [2, 3]): string[] {
  throw new Error("TODO: charNgrams (Task 4)");
}

/** Task 4: TF-IDF over character n-grams (smooth idf = ln((1+N)/(1+df)) + 1, raw counts, L2-normalised), like sklearn. */
export class TfidfVectorizer {
  readonly idf = new Map<string, number>();
  readonly ns: number[];
  constructor(corpus: readonly string[], ns: readonly number[] = [2, 3]) {
    throw new Error("TODO: TfidfVectorizer constructor (Task 4)");
  }
  /** Sparse unit vector; n-grams unseen in the corpus are dropped. */
  transform(text: string): Map<string, number> {
    throw new Error("TODO: TfidfVectorizer.transform (Task 4)");
  }
}

/** Task 4: cosine similarity of two sparse vectors (0 when either is zero). */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  throw new Error("TODO: cosine (Task 4)");
}

export interface IntentExample {
  intent: string;
  text: string;
}

/** Task 4: nearest blocked-intent example by cosine; the vectorizer is fitted on the examples plus background texts. */
export class IntentMatcher {
  private readonly vectorizer: TfidfVectorizer;
  private readonly vectors: { intent: string; v: Map<string, number> }[];
  constructor(examples: readonly IntentExample[], background: readonly string[] = []) {
    throw new Error("TODO: IntentMatcher constructor (Task 4)");
  }
  best(text: string): { intent: string; score: number } {
    throw new Error("TODO: IntentMatcher.best (Task 4)");
  }
}

export interface Verdict {
  blocked: boolean;
  reason: "term" | "intent" | null;
  terms: TermHit[];
  intent: string | null;
  score: number;
}

/** Task 5: both layers — a term hit blocks; otherwise an intent score ≥ threshold blocks. */
export class OutputFilter {
  constructor(
    readonly termFilter: TermFilter,
    readonly intents: IntentMatcher,
    readonly threshold: number,
  ) {}
  check(text: string): Verdict {
    throw new Error("TODO: OutputFilter.check (Task 5)");
  }
}

/** Task 5: confusion counts, precision tp/(tp+fp) and recall tp/(tp+fn) (1 when the denominator is 0). */
export function precisionRecall(predicted: readonly boolean[], actual: readonly boolean[]): { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number } {
  throw new Error("TODO: precisionRecall (Task 5)");
}

/** Given: number of bytes of the UTF-8 encoding of s (1 byte below U+0080, 2 below U+0800, 3 in the rest of the BMP, 4 above). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Task 5: megabytes (UTF-8) of text the filter checks per second, over `repeats` passes. Reported, never asserted. */
export function throughputMBps(filter: OutputFilter, texts: readonly string[], repeats = 3): number {
  throw new Error("TODO: throughputMBps (Task 5)");
}
