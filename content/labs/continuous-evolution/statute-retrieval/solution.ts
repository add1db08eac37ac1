// Statute retrieval, reference solution: bigram/word tokens, BM25, LSA via SVD, reciprocal rank fusion, recall@k, cited answers.
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
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\u4e00-\u9fff]+|[a-z0-9]+/g)) {
    const run = m[0];
    if (/[\u4e00-\u9fff]/.test(run)) {
      if (run.length === 1) out.push(run);
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    } else if (!STOPWORDS.has(run)) {
      out.push(run.length > 3 && run.endsWith("s") && !run.endsWith("ss") ? run.slice(0, -1) : run);
    }
  }
  return out;
}

/** Everyday words → the statute book's wording (given). A query gets the formal terms appended. */
export const GLOSSARY: [string, string][] = [
  ["狗", "犬只"], ["遛狗", "携犬出户"], ["拴绳", "牵引绳"], ["咬", "伤人"], ["医药费", "医疗费用"], ["地铁", "公共交通工具"],
  ["还书", "归还图书"], ["晚", "逾期"], ["弄丢", "遗失"], ["赔", "赔偿"], ["小孩", "儿童"], ["几岁", "周岁"],
  ["bike", "bicycle"], ["late", "overdue"], ["bill", "costs"], ["penalty", "fine"], ["leave", "park abandon"], ["keep", "loan period"],
];

/** The query followed by the formal term of every glossary entry whose everyday word occurs in it (case-insensitive). */
export function expandQuery(query: string): string {
  const lower = query.toLowerCase();
  const extra = GLOSSARY.filter(([word]) => (/^[a-z]+$/.test(word) ? new RegExp(`\\b${word}`).test(lower) : lower.includes(word))).map(([, formal]) => formal);
  return extra.length ? `${query} ${extra.join(" ")}` : query;
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
    const n = this.df.get(term) ?? 0;
    return Math.log(1 + (this.tf.length - n + 0.5) / (n + 0.5));
  }

  /** One score per document; each distinct query term counts once. */
  scores(query: string[]): number[] {
    const terms = [...new Set(query)];
    return this.tf.map((m, d) => {
      let s = 0;
      for (const t of terms) {
        const f = m.get(t) ?? 0;
        if (f > 0) s += (this.idf(t) * f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * this.lengths[d]!) / this.avgdl));
      }
      return s;
    });
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
    const { U, S, Vh } = linalg.svd(tensor(rows, { dtype: "float64" }));
    const us = U.narrow(1, 0, k).mul(S.narrow(0, 0, k)); // (N, k)
    this.docVectors = us.tolist() as number[][];
    this.basis = Vh.narrow(0, 0, k).tolist() as number[][];
  }

  /** TF-IDF with tf = 1 + ln(count), idf = ln(N/df), L2-normalised; unknown terms are ignored. */
  weights(tokens: string[]): number[] {
    const w = new Array<number>(this.vocab.size).fill(0);
    const counts = new Map<number, number>();
    for (const t of tokens) {
      const j = this.vocab.get(t);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    for (const [j, c] of counts) w[j] = (1 + Math.log(c)) * this.idf[j]!;
    const norm = Math.hypot(...w);
    return norm > 0 ? w.map((v) => v / norm) : w;
  }

  /** Cosine between the projected query Vₖᵀ q and each document vector (0 for an empty query). */
  scores(query: string[]): number[] {
    const q = this.weights(query);
    const z = this.basis.map((row) => row.reduce((s, v, j) => s + v * q[j]!, 0)); // (k)
    const zn = Math.hypot(...z);
    return this.docVectors.map((d) => {
      const dn = Math.hypot(...d);
      return zn > 0 && dn > 0 ? d.reduce((s, v, i) => s + v * z[i]!, 0) / (zn * dn) : 0;
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Task 4: rankings and reciprocal rank fusion
// ---------------------------------------------------------------------------------------------------------------

/** Ids sorted by score, highest first; equal scores keep the ids' order. */
export function rankIds(ids: string[], scores: number[]): string[] {
  return ids.map((id, i) => ({ id, s: scores[i]!, i })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.id);
}

/** RRF: score(d) = Σ_r 1/(k + rank_r(d)), ranks from 1; ties keep the order in which ids first appear. */
export function reciprocalRankFusion(rankings: string[][], k = 60): string[] {
  const score = new Map<string, number>();
  for (const r of rankings) {
    r.forEach((id, i) => {
      score.set(id, (score.get(id) ?? 0) + 1 / (k + i + 1));
    });
  }
  const order = [...score.keys()];
  return order.map((id, i) => ({ id, s: score.get(id)!, i })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.id);
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
  const ids = index.articles.map((a) => a.id);
  const q = tokenize(opts.expand === false ? query : expandQuery(query));
  const bm = () => rankIds(ids, index.bm25.scores(q));
  const dense = () => rankIds(ids, index.lsa.scores(q));
  if (method === "bm25") return bm();
  if (method === "dense") return dense();
  return reciprocalRankFusion([bm(), dense()]);
}

// ---------------------------------------------------------------------------------------------------------------
// Task 5: recall@k and MRR
// ---------------------------------------------------------------------------------------------------------------

/** |relevant ∩ top k| / |relevant|. */
export function recallAtK(ranked: string[], relevant: string[], k: number): number {
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 / rank of the first relevant id (0 if none is ranked). */
export function reciprocalRank(ranked: string[], relevant: string[]): number {
  const i = ranked.findIndex((id) => relevant.includes(id));
  return i < 0 ? 0 : 1 / (i + 1);
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
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral: expected an integer in 1..99, got ${n}`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return tens === 0 ? DIGITS[ones]! : `${tens === 1 ? "" : DIGITS[tens]}十${DIGITS[ones]}`;
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
  const retrieved = search(index, query, "hybrid").slice(0, k);
  const best = index.articles.find((a) => a.id === retrieved[0])!;
  const text = /[\u4e00-\u9fff]/.test(query)
    ? `根据《${best.lawZh}》第${chineseNumeral(best.number)}条：${best.zh}`
    : `Under Article ${best.number} of the ${best.lawEn}: ${best.en}`;
  return { citation: best.id, retrieved, text };
}
