// SFT data formatting, reference solution: chat template with role tokens, answer-only labels, packing, segment masks.
import { F, type Tensor, tensor } from "llmpath/tensor";

/** Byte-level vocabulary: ids 0–255 are UTF-8 bytes, then five special tokens. */
export const PAD = 256;
export const SYSTEM = 257;
export const USER = 258;
export const ASSISTANT = 259;
export const END = 260;
export const VOCAB_SIZE = 261;
export const IGNORE_INDEX = -100;

export type Role = "system" | "user" | "assistant";
export interface Message {
  role: Role;
  content: string;
}
export interface Example {
  inputIds: number[];
  labels: number[];
}

const ROLE_TOKEN: Record<Role, number> = { system: SYSTEM, user: USER, assistant: ASSISTANT };

/** UTF-8 bytes of a string as token ids (given). */
export function textIds(s: string): number[] {
  return Array.from(new TextEncoder().encode(s));
}

/**
 * Task 1: [ROLE] content-bytes [END] for every message, in order; with addGenerationPrompt a final [ASSISTANT]
 * (the prompt the model continues at inference).
 */
export function renderChat(messages: readonly Message[], opts: { addGenerationPrompt?: boolean } = {}): number[] {
  const ids: number[] = [];
  for (const [i, m] of messages.entries()) {
    const role = ROLE_TOKEN[m.role];
    if (role === undefined) throw new Error(`renderChat: message ${i} has unknown role "${m.role}" (use system, user or assistant)`);
    ids.push(role, ...textIds(m.content), END);
  }
  if (opts.addGenerationPrompt) ids.push(ASSISTANT);
  return ids;
}

/** Task 2: the same ids, with labels = the id on assistant content bytes and their [END], −100 everywhere else. */
export function encodeExample(messages: readonly Message[]): Example {
  const inputIds: number[] = [];
  const labels: number[] = [];
  for (const m of messages) {
    const ids = renderChat([m]); // [ROLE] content [END]
    const learn = m.role === "assistant";
    inputIds.push(...ids);
    labels.push(IGNORE_INDEX, ...ids.slice(1).map((id) => (learn ? id : IGNORE_INDEX))); // never learn the role token
  }
  return { inputIds, labels };
}

/**
 * Task 3: the causal-LM loss. logits (B, T, V) at position t predict token t + 1, so compare logits[:, :-1]
 * with labels[:, 1:], skipping −100; mean over the counted tokens.
 */
export function sftLoss(logits: Tensor, labels: Tensor): Tensor {
  const [B, T, V] = logits.shape as [number, number, number];
  if (labels.shape.length !== 2 || labels.shape[0] !== B || labels.shape[1] !== T) {
    throw new Error(`sftLoss: labels must be (B, T) = (${B}, ${T}) like the logits (B, T, V), got [${labels.shape.join(", ")}]`);
  }
  const pred = logits.slice(1, 0, T - 1).reshape(B * (T - 1), V); // (B·(T−1), V)
  const target = labels.slice(1, 1, T).contiguous().reshape(B * (T - 1)); // (B·(T−1))
  return F.crossEntropy(pred, target, { ignoreIndex: IGNORE_INDEX });
}

export interface PackedBatch {
  /** (N, L) token ids, PAD after the last example of a row. */
  inputIds: number[][];
  /** (N, L) labels; −100 on padding and on the first token of every example. */
  labels: number[][];
  /** (N, L) 1, 2, … for the examples of a row in order, 0 on padding. */
  segmentIds: number[][];
  /** (N, L) position inside the example (restarting at 0), 0 on padding. */
  positionIds: number[][];
}

/** Task 4: greedy packing in order — start a new row when the next example does not fit. */
export function pack(examples: readonly Example[], seqLen: number): PackedBatch {
  const out: PackedBatch = { inputIds: [], labels: [], segmentIds: [], positionIds: [] };
  let row: { ids: number[]; labels: number[]; seg: number[]; pos: number[] } | null = null;
  const flush = () => {
    if (!row) return;
    const pad = seqLen - row.ids.length;
    out.inputIds.push([...row.ids, ...new Array<number>(pad).fill(PAD)]);
    out.labels.push([...row.labels, ...new Array<number>(pad).fill(IGNORE_INDEX)]);
    out.segmentIds.push([...row.seg, ...new Array<number>(pad).fill(0)]);
    out.positionIds.push([...row.pos, ...new Array<number>(pad).fill(0)]);
    row = null;
  };
  for (const [i, ex] of examples.entries()) {
    const n = ex.inputIds.length;
    if (n !== ex.labels.length) throw new Error(`pack: example ${i} has ${n} ids but ${ex.labels.length} labels`);
    if (n > seqLen) throw new Error(`pack: example ${i} has ${n} tokens, longer than seqLen ${seqLen}; truncate it or raise seqLen`);
    if (n === 0) continue;
    if (row && row.ids.length + n > seqLen) flush();
    row ??= { ids: [], labels: [], seg: [], pos: [] };
    const segment = (row.seg.at(-1) ?? 0) + 1;
    row.ids.push(...ex.inputIds);
    row.labels.push(IGNORE_INDEX, ...ex.labels.slice(1)); // the first token is never predicted from the previous example
    for (let t = 0; t < n; t++) {
      row.seg.push(segment);
      row.pos.push(t);
    }
  }
  flush();
  return out;
}

/**
 * Task 5 (stretch): bool (N, 1, L, L) attention mask for a packed batch, true = may attend: key j ≤ query i,
 * both in the same example, padding attends to nothing.
 */
export function packedAttentionMask(segmentIds: readonly (readonly number[])[]): Tensor {
  const N = segmentIds.length;
  const L = segmentIds[0]?.length ?? 0;
  const m = new Uint8Array(N * L * L);
  segmentIds.forEach((seg, n) => {
    for (let i = 0; i < L; i++) {
      if (seg[i] === 0) continue;
      for (let j = 0; j <= i; j++) if (seg[j] === seg[i]) m[(n * L + i) * L + j] = 1;
    }
  });
  return tensor(m, { shape: [N, 1, L, L], dtype: "bool" });
}
