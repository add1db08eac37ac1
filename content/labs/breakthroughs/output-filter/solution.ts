// Output filter lab: reference solution — evasion-proof normalisation, Aho–Corasick, char n-gram TF-IDF intents, evaluation.

/** Characters that render as nothing: zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen. */
const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad]);

/** Task 1: one character folded — full-width ASCII to half-width, ideographic space to space, then lower case. */
export function foldChar(ch: string): string {
  let code = ch.codePointAt(0)!;
  if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0; // ！…～ → !…~
  else if (code === 0x3000) code = 0x20; // ideographic space
  return String.fromCodePoint(code).toLowerCase();
}

/** Task 1: is this (already folded) character a separator an evader could slip between letters? */
export function isSeparator(ch: string): boolean {
  return /[\s\p{P}\p{S}]/u.test(ch);
}

export interface Normalized {
  /** Folded text with zero-width characters and separators removed. */
  text: string;
  /** map[i] = index in the original string (UTF-16) of the character that became text[i]. */
  map: number[];
}

/** Task 1: fold every character, drop zero-width characters and separators, remember where each kept character came from. */
export function normalize(input: string): Normalized {
  let text = "";
  const map: number[] = [];
  let i = 0;
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    if (!ZERO_WIDTH.has(code)) {
      const folded = foldChar(ch);
      if (!isSeparator(folded)) {
        for (const unit of folded) {
          text += unit;
          for (let k = 0; k < unit.length; k++) map.push(i);
        }
      }
    }
    i += ch.length;
  }
  return { text, map };
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
    this.patterns = [...patterns];
    this.patterns.forEach((p, index) => {
      if (p.length === 0) throw new Error(`AhoCorasick: pattern ${index} is empty; every pattern needs at least one character`);
      let node = 0;
      for (const ch of p) {
        let child = this.nodes[node]!.next.get(ch);
        if (child === undefined) {
          child = this.nodes.length;
          this.nodes.push({ next: new Map(), fail: 0, out: [] });
          this.nodes[node]!.next.set(ch, child);
        }
        node = child;
      }
      this.nodes[node]!.out.push(index);
    });
    const queue: number[] = [...this.nodes[0]!.next.values()]; // depth-1 nodes fail to the root
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q]!;
      for (const [ch, v] of this.nodes[u]!.next) {
        let f = this.nodes[u]!.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(ch)) f = this.nodes[f]!.fail;
        const target = this.nodes[f]!.next.get(ch);
        this.nodes[v]!.fail = target !== undefined && target !== v ? target : 0;
        this.nodes[v]!.out.push(...this.nodes[this.nodes[v]!.fail]!.out);
        queue.push(v);
      }
    }
  }

  /** Number of trie nodes, root included. */
  get size(): number {
    return this.nodes.length;
  }

  /** Every occurrence of every pattern, sorted by end then by pattern index. */
  search(text: string): Match[] {
    const found: Match[] = [];
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      while (node !== 0 && !this.nodes[node]!.next.has(ch)) node = this.nodes[node]!.fail;
      node = this.nodes[node]!.next.get(ch) ?? 0;
      const out = [...this.nodes[node]!.out].sort((a, b) => a - b);
      for (const p of out) found.push({ pattern: p, start: i + 1 - this.patterns[p]!.length, end: i + 1 });
    }
    return found;
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
    this.terms = [...terms];
    const normalized = this.terms.map((t, i) => {
      const n = normalize(t).text;
      if (n.length === 0) throw new Error(`TermFilter: term ${i} (${JSON.stringify(t)}) is empty after normalisation`);
      return n;
    });
    this.automaton = new AhoCorasick(normalized);
  }
  find(text: string): TermHit[] {
    const { text: norm, map } = normalize(text);
    return this.automaton.search(norm).map((m) => {
      const start = map[m.start]!;
      const last = map[m.end - 1]!;
      const end = last + (text.codePointAt(last)! > 0xffff ? 2 : 1);
      return { term: this.terms[m.pattern]!, start, end };
    });
  }
  /** The text with every character inside a hit replaced by "*" (per UTF-16 unit). */
  mask(text: string): string {
    const hide = new Array<boolean>(text.length).fill(false);
    for (const h of this.find(text)) for (let i = h.start; i < h.end; i++) hide[i] = true;
    return text
      .split("")
      .map((c, i) => (hide[i] ? "*" : c))
      .join("");
  }
}

/** Task 4: character n-grams of the folded text (zero-width removed, separators collapsed to one space), padded with a space. */
export function charNgrams(text: string, ns: readonly number[] = [2, 3]): string[] {
  let folded = "";
  for (const ch of text) {
    if (ZERO_WIDTH.has(ch.codePointAt(0)!)) continue;
    const f = foldChar(ch);
    folded += isSeparator(f) ? " " : f;
  }
  const chars = [..." ", ...folded.replace(/ +/g, " ").trim(), " "];
  const grams: string[] = [];
  for (const n of ns) for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(""));
  return grams;
}

/** Task 4: TF-IDF over character n-grams (smooth idf = ln((1+N)/(1+df)) + 1, raw counts, L2-normalised), like sklearn. */
export class TfidfVectorizer {
  readonly idf = new Map<string, number>();
  readonly ns: number[];
  constructor(corpus: readonly string[], ns: readonly number[] = [2, 3]) {
    this.ns = [...ns];
    const df = new Map<string, number>();
    for (const doc of corpus) for (const g of new Set(charNgrams(doc, ns))) df.set(g, (df.get(g) ?? 0) + 1);
    for (const [g, d] of df) this.idf.set(g, Math.log((1 + corpus.length) / (1 + d)) + 1);
  }
  /** Sparse unit vector; n-grams unseen in the corpus are dropped. */
  transform(text: string): Map<string, number> {
    const v = new Map<string, number>();
    for (const g of charNgrams(text, this.ns)) {
      const w = this.idf.get(g);
      if (w !== undefined) v.set(g, (v.get(g) ?? 0) + w);
    }
    let norm = 0;
    for (const x of v.values()) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [g, x] of v) v.set(g, x / norm);
    return v;
  }
}

/** Task 4: cosine similarity of two sparse vectors (0 when either is zero). */
export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [g, x] of small) dot += x * (large.get(g) ?? 0);
  let na = 0;
  let nb = 0;
  for (const x of a.values()) na += x * x;
  for (const x of b.values()) nb += x * x;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
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
    if (examples.length === 0) throw new Error("IntentMatcher: need at least one example phrase");
    this.vectorizer = new TfidfVectorizer([...examples.map((e) => e.text), ...background]);
    this.vectors = examples.map((e) => ({ intent: e.intent, v: this.vectorizer.transform(e.text) }));
  }
  best(text: string): { intent: string; score: number } {
    const v = this.vectorizer.transform(text);
    let best = { intent: this.vectors[0]!.intent, score: -1 };
    for (const e of this.vectors) {
      const s = cosine(v, e.v);
      if (s > best.score) best = { intent: e.intent, score: s };
    }
    return best;
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
    const terms = this.termFilter.find(text);
    const { intent, score } = this.intents.best(text);
    if (terms.length > 0) return { blocked: true, reason: "term", terms, intent: null, score };
    if (score >= this.threshold) return { blocked: true, reason: "intent", terms, intent, score };
    return { blocked: false, reason: null, terms, intent: null, score };
  }
}

/** Task 5: confusion counts, precision tp/(tp+fp) and recall tp/(tp+fn) (1 when the denominator is 0). */
export function precisionRecall(predicted: readonly boolean[], actual: readonly boolean[]): { tp: number; fp: number; fn: number; tn: number; precision: number; recall: number } {
  if (predicted.length !== actual.length) throw new Error(`precisionRecall: ${predicted.length} predictions but ${actual.length} labels`);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  predicted.forEach((p, i) => {
    if (p && actual[i]) tp++;
    else if (p) fp++;
    else if (actual[i]) fn++;
    else tn++;
  });
  return { tp, fp, fn, tn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

/** Number of bytes of the UTF-8 encoding of s (1 byte below U+0080, 2 below U+0800, 3 in the rest of the BMP, 4 above). */
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
  const bytes = texts.reduce((s, t) => s + utf8Length(t), 0) * repeats;
  const t0 = Date.now();
  for (let r = 0; r < repeats; r++) for (const t of texts) filter.check(t);
  const seconds = Math.max(1e-3, (Date.now() - t0) / 1000);
  return bytes / 1e6 / seconds;
}
