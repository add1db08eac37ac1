// Statute retrieval: fill in each TODO (README.en.md / README.zh.md has one task per TODO). The statute book itself lives in the tests.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the bodies you write need these imports
import { linalg, tensor } from "llmpath/tensor";

/** One article of the (invented) statute book: law names, article number and the text in both languages. */
export interface Article {
  id: string;
  lawZh: string;
  lawEn: string;
  number: number;
  zh: string;
  en: string;
}

/** English words that carry no meaning for retrieval (given). */
export const STOPWORDS = new Set([
  "a", "an", "the", "of", "to", "in", "on", "at", "for", "is", "are", "be", "by", "or", "and", "with", "what", "how",
  "can", "do", "does", "i", "my", "me", "it", "if", "its", "who", "where", "when", "must", "may", "shall", "someone", "s", "t",
]);

// ---------------------------------------------------------------------------------------------------------------
// Task 1: tokens for two languages
// ---------------------------------------------------------------------------------------------------------------

/**
 * Chinese runs (U+4E00–U+9FFF) → overlapping character bigrams (a one-character run is kept whole); Latin letters and
 * digits → lower-case words without STOPWORDS, a final "s" dropped from words longer than 3 letters not ending in "ss".
 */
export function tokenize(text: string): string[] {
  throw new Error("TODO: tokenize (task 1)");
}

/** Everyday words → the statute book's wording (given). A query gets the formal terms appended. */
export const GLOSSARY: [string, string][] = [
  ["狗", "犬只"], ["遛狗", "携犬出户"], ["拴绳", "牵引绳"], ["咬", "伤人"], ["医药费", "医疗费用"], ["地铁", "公共交通工具"],
  ["还书", "归还图书"], ["晚", "逾期"], ["弄丢", "遗失"], ["赔", "赔偿"], ["小孩", "儿童"], ["几岁", "周岁"],
  ["bike", "bicycle"], ["late", "overdue"], ["bill", "costs"], ["penalty", "fine"], ["leave", "park abandon"], ["keep", "loan period"],
];

/** The query followed by the formal term of every glossary entry whose everyday word occurs in it (case-insensitive). */
export function expandQuery(query: string): string {
  throw new Error("TODO: expandQuery (task 1)");
}

/** The text indexed for an article: both law names and both versions of the article. */
export function documentText(a: Article): string {
  return `${a.lawZh} ${a.zh} ${a.lawEn} ${a.en}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Task 2: BM25
// ---------------------------------------------------------------------------------------------------------------

export class Bm25 {
  readonly tf: Map<string, number>[];
  readonly df = new Map<string, number>();
  readonly lengths: number[];
  readonly avgdl: number;
  constructor(docs: string[][], readonly k1 = 1.2, readonly b = 0.75) {
    this.tf = docs.map((d) => {
      const m = new Map<string, number>();
      for (const t of d) m.set(t, (m.get(t) ?? 0) + 1);
      for (const t of m.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return m;
    });
    this.lengths = docs.map((d) => d.length);
    this.avgdl = this.lengths.reduce((s, l) => s + l, 0) / Math.max(1, docs.length);
  }

  /** ln(1 + (N − n + 0.5)/(n + 0.5)), n = documents containing the term. */
  idf(term: string): number {
    throw new Error("TODO: Bm25.idf (task 2)");
  }

  /** One score per document; each distinct query term counts once. */
  scores(query: string[]): number[] {
    throw new Error("TODO: Bm25.scores (task 2)");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Task 3: dense vectors from a truncated SVD (LSA)
// ---------------------------------------------------------------------------------------------------------------

export class LsaIndex {
  readonly vocab = new Map<string, number>();
  readonly idf: number[] = [];
  /** Document vectors U_k diag(S_k), (N, k), as rows. */
  readonly docVectors: number[][];
  /** The first k rows of Vᵀ, (k, V). */
  readonly basis: number[][];

  constructor(docs: string[][], readonly k: number) {
    const df: number[] = [];
    for (const d of docs) {
      for (const t of new Set(d)) {
        if (!this.vocab.has(t)) this.vocab.set(t, this.vocab.size);
        const j = this.vocab.get(t)!;
        df[j] = (df[j] ?? 0) + 1;
      }
    }
    for (let j = 0; j < this.vocab.size; j++) this.idf.push(Math.log(docs.length / df[j]!));
    const rows = docs.map((d) => this.weights(d));
    if (!Number.isInteger(k) || k < 1 || k > Math.min(docs.length, this.vocab.size)) {
      throw new RangeError(`LsaIndex: k must be an integer in [1, ${Math.min(docs.length, this.vocab.size)}], got ${k}`);
    }
    // TODO (task 3): SVD of the (N, V) TF-IDF matrix `rows`; keep U_k diag(S_k) as docVectors and the first k rows of Vh as basis
    this.docVectors = [];
    this.basis = [];
  }

  /** TF-IDF with tf = 1 + ln(count), idf = ln(N/df), L2-normalised; unknown terms are ignored. */
  weights(tokens: string[]): number[] {
    throw new Error("TODO: LsaIndex.weights (task 3)");
  }

  /** Cosine between the projected query Vₖᵀ q and each document vector (0 for an empty query). */
  scores(query: string[]): number[] {
    throw new Error("TODO: LsaIndex.scores (task 3)");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: rankings and reciprocal rank fusion
// ---------------------------------------------------------------------------------------------------------------

/** Ids sorted by score, highest first; equal scores keep the ids' order. */
export function rankIds(ids: string[], scores: number[]): string[] {
  throw new Error("TODO: rankIds (task 4)");
}

/** RRF: score(d) = Σ_r 1/(k + rank_r(d)), ranks from 1; ties keep the order in which ids first appear. */
export function reciprocalRankFusion(rankings: string[][], k = 60): string[] {
  throw new Error("TODO: reciprocalRankFusion (task 4)");
}

export type Method = "bm25" | "dense" | "hybrid";

export interface StatuteIndex {
  articles: Article[];
  bm25: Bm25;
  lsa: LsaIndex;
}

export function buildIndex(articles: Article[], k = 20): StatuteIndex {
  const docs = articles.map((a) => tokenize(documentText(a)));
  return { articles, bm25: new Bm25(docs), lsa: new LsaIndex(docs, k) };
}

/** The ids of all articles ranked by one method; the query is expanded with GLOSSARY unless expand is false. */
export function search(index: StatuteIndex, query: string, method: Method, opts: { expand?: boolean } = {}): string[] {
  throw new Error("TODO: search (task 4)");
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: recall@k and MRR
// ---------------------------------------------------------------------------------------------------------------

/** |relevant ∩ top k| / |relevant|. */
export function recallAtK(ranked: string[], relevant: string[], k: number): number {
  throw new Error("TODO: recallAtK (task 5)");
}

/** 1 / rank of the first relevant id (0 if none is ranked). */
export function reciprocalRank(ranked: string[], relevant: string[]): number {
  throw new Error("TODO: reciprocalRank (task 5)");
}

export function evaluate(index: StatuteIndex, queries: { query: string; relevant: string[] }[], method: Method, k: number): { recall: number; mrr: number } {
  let recall = 0;
  let mrr = 0;
  for (const q of queries) {
    const ranked = search(index, q.query, method);
    recall += recallAtK(ranked, q.relevant, k);
    mrr += reciprocalRank(ranked, q.relevant);
  }
  return { recall: recall / queries.length, mrr: mrr / queries.length };
}

// ---------------------------------------------------------------------------------------------------------------
// Task 6: an answer that cites its article
// ---------------------------------------------------------------------------------------------------------------

const DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1..99 in Chinese numerals: 3 → 三, 10 → 十, 14 → 十四, 20 → 二十, 21 → 二十一. */
export function chineseNumeral(n: number): string {
  throw new Error("TODO: chineseNumeral (task 6)");
}

export interface CitedAnswer {
  citation: string;
  retrieved: string[];
  text: string;
}

/**
 * Hybrid retrieval, top k kept; the answer quotes the best article in the query's language:
 * 根据《<lawZh>》第<三>条：<zh>  /  Under Article <3> of the <lawEn>: <en>
 */
export function answer(index: StatuteIndex, query: string, k = 3): CitedAnswer {
  throw new Error("TODO: answer (task 6)");
}
