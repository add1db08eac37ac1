// Cross-entropy and perplexity lab: reference solution (stable logSoftmax, cross-entropy, perplexity, a bigram model).
import { type Tensor, tensor } from "llmpath/tensor";

/** Task 1: log-softmax along `dim`, stable for any logits: (x − m) − log Σ exp(x − m) with m = max (held constant). */
export function logSoftmax(logits: Tensor, dim = -1): Tensor {
  const m = logits.amax(dim, true).detach(); // (..., 1, ...): the shift cancels, so it needs no gradient
  const shifted = logits.sub(m); // every entry ≤ 0, so exp never overflows
  return shifted.sub(shifted.exp().sum(dim, true).log());
}

/** Task 1: softmax as exp(logSoftmax), so it inherits the stability. */
export function softmax(logits: Tensor, dim = -1): Tensor {
  return logSoftmax(logits, dim).exp();
}

export interface CrossEntropyOptions {
  /** Targets equal to this value are skipped and not counted in the mean (default −100, as in PyTorch). */
  ignoreIndex?: number;
  /** ε in [0, 1]: the target becomes (1 − ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Task 2: mean cross-entropy in nats. logits (..., C) with classes on the LAST dim; targets int32 with shape (...).
 * loss_i = −(1 − ε)·log q_i[y_i] − ε·mean_c log q_i[c]; the mean runs over targets ≠ ignoreIndex only.
 */
export function crossEntropy(logits: Tensor, targets: Tensor, opts: CrossEntropyOptions = {}): Tensor {
  const ignoreIndex = opts.ignoreIndex ?? -100;
  const eps = opts.labelSmoothing ?? 0;
  if (logits.dim() < 1) throw new Error("crossEntropy: logits must have a class dimension (shape (..., C)), got a scalar");
  const C = logits.shape[logits.dim() - 1];
  const lead = logits.shape.slice(0, -1);
  if (targets.shape.length !== lead.length || targets.shape.some((d, i) => d !== lead[i])) {
    throw new Error(`crossEntropy: targets shape [${targets.shape.join(", ")}] must equal the logits shape without its last dim [${lead.join(", ")}]`);
  }
  if (!(eps >= 0 && eps <= 1)) throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const logp = logSoftmax(logits.reshape(-1, C), -1); // (M, C)
  const M = logp.shape[0];
  const t = targets.reshape(-1).toFloat64Array();
  const safe = new Int32Array(M); // ignored rows gather class 0, then get weight 0
  const keep = new Float32Array(M);
  let valid = 0;
  for (let i = 0; i < M; i++) {
    const y = t[i];
    if (y === ignoreIndex) continue;
    if (!(Number.isInteger(y) && y >= 0 && y < C)) {
      throw new Error(`crossEntropy: target ${y} at flat position ${i} is out of range for ${C} classes (use 0..${C - 1} or ignoreIndex ${ignoreIndex})`);
    }
    safe[i] = y;
    keep[i] = 1;
    valid++;
  }
  const picked = logp.gather(1, tensor(safe, { shape: [M, 1] })).reshape(M); // log q_i[y_i], (M,)
  let perRow = picked.neg(); // (M,)
  if (eps > 0) perRow = perRow.mul(1 - eps).sub(logp.mean(1).mul(eps));
  return perRow.mul(tensor(keep)).sum().div(valid);
}

/** Task 3: perplexity = exp(mean cross-entropy), as a number. */
export function perplexity(logits: Tensor, targets: Tensor, opts: { ignoreIndex?: number } = {}): number {
  return Math.exp(crossEntropy(logits, targets, opts).item());
}

/** Task 3: a mean cross-entropy in nats converted to bits (per character when the tokens are characters). */
export function bitsPerCharacter(ceNats: number): number {
  return ceNats / Math.LN2;
}

/** Index 0 of every vocabulary: stands for any character not seen in training. */
export const UNK = "<unk>";

export interface BigramModel {
  /** vocab[0] = UNK, then the training text's distinct characters in sorted order. */
  vocab: string[];
  /** (V, V): logProbs[a, b] = log P(next = b | previous = a). */
  logProbs: Tensor;
}

/** Task 4: [UNK, ...distinct characters of `text`, sorted]. */
export function buildVocab(text: string): string[] {
  return [UNK, ...Array.from(new Set(Array.from(text))).sort()];
}

/** Task 4: character → index in `vocab`; characters not in it map to 0 (UNK). */
export function encode(text: string, vocab: string[]): number[] {
  const index = new Map(vocab.map((c, i) => [c, i]));
  return Array.from(text, (c) => index.get(c) ?? 0);
}

/** Task 4: add-α bigram model, P(b | a) = (count(a, b) + α) / (count(a, ·) + α·V). */
export function trainBigram(text: string, alpha: number): BigramModel {
  if (!(alpha > 0)) throw new Error(`trainBigram: alpha must be > 0, got ${alpha}`);
  const vocab = buildVocab(text);
  const V = vocab.length;
  const ids = encode(text, vocab);
  const counts = new Float64Array(V * V);
  for (let i = 1; i < ids.length; i++) counts[ids[i - 1] * V + ids[i]] += 1;
  const c = tensor(counts, { shape: [V, V], dtype: "float64" }); // (V, V)
  const logProbs = c.add(alpha).div(c.sum(1, true).add(alpha * V)).log().float(); // (V, V) / (V, 1)
  return { vocab, logProbs };
}

/** Task 4: perplexity of `text` under the model: each character after the first is predicted from the one before. */
export function bigramPerplexity(model: BigramModel, text: string): number {
  const ids = encode(text, model.vocab);
  if (ids.length < 2) throw new Error(`bigramPerplexity: need at least 2 characters to score a bigram, got ${ids.length}`);
  const prev = tensor(Int32Array.from(ids.slice(0, -1))); // (T−1,)
  const next = tensor(Int32Array.from(ids.slice(1))); // (T−1,)
  const logits = model.logProbs.indexSelect(0, prev); // (T−1, V): rows are already log-probabilities
  return perplexity(logits, next);
}
