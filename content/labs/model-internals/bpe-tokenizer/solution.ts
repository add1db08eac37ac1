// Byte-level BPE: reference solution — UTF-8 by hand, training merges, encoding in rank order, comparing with GPT-2.

/** A merge: two token ids that become one new token. Merge number i creates token 256 + i. */
export type Merge = [number, number];

/** Task 1a: the UTF-8 bytes of a string (1 to 4 bytes per code point; a lone surrogate becomes U+FFFD, like TextEncoder). */
export function utf8Encode(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // unpaired surrogate
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}

/** Task 1b: bytes back to a string; each invalid or truncated sequence becomes one U+FFFD (TextDecoder's rule). */
export function utf8Decode(bytes: readonly number[]): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    let c = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) [need, c] = [1, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [need, c, lo, hi] = [2, b & 0x0f, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [need, c, lo, hi] = [3, b & 0x07, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else {
      out += "\ufffd"; // a continuation byte without a lead, or a byte that never appears in UTF-8
      i++;
      continue;
    }
    let j = i + 1;
    for (let k = 0; k < need; k++, j++) {
      const n = bytes[j];
      if (n === undefined || n < lo || n > hi) break;
      c = (c << 6) | (n & 0x3f);
      lo = 0x80;
      hi = 0xbf;
    }
    out += j - i === need + 1 ? String.fromCodePoint(c) : "\ufffd"; // a truncated sequence is one U+FFFD
    i = j;
  }
  return out;
}

/** GPT-2's pre-tokenisation pattern: contractions, words, numbers, punctuation runs, whitespace. */
export const GPT2_SPLIT = /'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Worked example: split text into pre-tokens; merges never cross their boundaries. Joining them gives the text back. */
export function preTokenize(text: string): string[] {
  return text.match(GPT2_SPLIT) ?? [];
}

const key = (a: number, b: number): number => a * 0x100000 + b; // ids stay far below 2^20

/** Replaces every non-overlapping occurrence of (a, b), left to right, by id. */
function mergeWord(word: readonly number[], a: number, b: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < word.length; i++) {
    if (i + 1 < word.length && word[i] === a && word[i + 1] === b) {
      out.push(id);
      i++;
    } else out.push(word[i]!);
  }
  return out;
}

/**
 * Task 2: learn up to vocabSize − 256 merges from text. Each round counts adjacent pairs inside every pre-token,
 * merges the most frequent pair (ties: smallest first id, then smallest second id) and stops early when no pair is left.
 */
export function trainBpe(text: string, vocabSize: number): Merge[] {
  if (!Number.isInteger(vocabSize) || vocabSize < 256) throw new Error(`trainBpe: vocabSize must be an integer ≥ 256 (the 256 bytes), got ${vocabSize}`);
  const counts = new Map<string, number>();
  for (const p of preTokenize(text)) counts.set(p, (counts.get(p) ?? 0) + 1);
  let words = [...counts].map(([p, n]) => ({ ids: utf8Encode(p), n }));
  const merges: Merge[] = [];
  while (256 + merges.length < vocabSize) {
    const pairs = new Map<number, number>();
    for (const { ids, n } of words) for (let i = 0; i + 1 < ids.length; i++) pairs.set(key(ids[i]!, ids[i + 1]!), (pairs.get(key(ids[i]!, ids[i + 1]!)) ?? 0) + n);
    let best = -1;
    let bestCount = 0;
    for (const [k, c] of pairs) if (c > bestCount || (c === bestCount && k < best)) [best, bestCount] = [k, c];
    if (best < 0) break; // every pre-token is a single token
    const a = Math.floor(best / 0x100000);
    const b = best % 0x100000;
    const id = 256 + merges.length;
    merges.push([a, b]);
    words = words.map(({ ids, n }) => ({ ids: ids.length > 1 ? mergeWord(ids, a, b, id) : ids, n }));
  }
  return merges;
}

export interface Gpt2Comparison {
  /** UTF-8 bytes of the text. */
  bytes: number;
  /** Tokens from this tokenizer. */
  ours: number;
  /** Tokens from GPT-2's tokenizer (given). */
  gpt2: number;
  /** ours / gpt2: below 1 means this tokenizer needs fewer tokens. */
  ratio: number;
  oursBytesPerToken: number;
  gpt2BytesPerToken: number;
}

/** Tasks 3–5: a byte-level BPE tokenizer defined by its merges, in rank order. */
export class BpeTokenizer {
  readonly merges: readonly Merge[];
  private readonly ranks = new Map<number, number>();
  private readonly vocab: number[][] = Array.from({ length: 256 }, (_, b) => [b]);
  private readonly cache = new Map<string, number[]>();

  constructor(merges: readonly Merge[]) {
    merges.forEach(([a, b], i) => {
      const id = 256 + i;
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < id && b < id)) {
        throw new Error(`BpeTokenizer: merge ${i} = [${a}, ${b}] must join two existing tokens (ids below ${id})`);
      }
      this.ranks.set(key(a, b), i);
      this.vocab.push([...this.vocab[a]!, ...this.vocab[b]!]);
    });
    this.merges = merges;
  }

  /** Task 3: 256 byte tokens plus one per merge. */
  get vocabSize(): number {
    return this.vocab.length;
  }

  /** Task 3: the bytes a token stands for. */
  tokenBytes(id: number): number[] {
    const bytes = this.vocab[id];
    if (!bytes) throw new Error(`BpeTokenizer: token id ${id} is outside the vocabulary 0..${this.vocab.length - 1}`);
    return [...bytes];
  }

  /** Task 4: bytes of each pre-token, then repeatedly apply the lowest-rank merge present until none applies. */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const piece of preTokenize(text)) {
      let ids = this.cache.get(piece);
      if (!ids) {
        ids = utf8Encode(piece);
        for (;;) {
          let bestRank = Number.POSITIVE_INFINITY;
          for (let i = 0; i + 1 < ids.length; i++) bestRank = Math.min(bestRank, this.ranks.get(key(ids[i]!, ids[i + 1]!)) ?? Number.POSITIVE_INFINITY);
          if (bestRank === Number.POSITIVE_INFINITY) break;
          const [a, b] = this.merges[bestRank]!;
          ids = mergeWord(ids, a, b, 256 + bestRank);
        }
        this.cache.set(piece, ids);
      }
      out.push(...ids);
    }
    return out;
  }

  /** Task 4: concatenate the tokens' bytes, then decode them as UTF-8. */
  decode(ids: readonly number[]): string {
    return utf8Decode(ids.flatMap((id) => this.tokenBytes(id)));
  }

  /** Task 5: token counts of this tokenizer and GPT-2's on the same text. */
  compareWithGpt2(text: string, gpt2Count: number): Gpt2Comparison {
    if (!Number.isInteger(gpt2Count) || gpt2Count <= 0) throw new Error(`compareWithGpt2: gpt2Count must be a positive integer, got ${gpt2Count}`);
    const bytes = utf8Encode(text).length;
    const ours = this.encode(text).length;
    return { bytes, ours, gpt2: gpt2Count, ratio: ours / gpt2Count, oursBytesPerToken: bytes / ours, gpt2BytesPerToken: bytes / gpt2Count };
  }
}
