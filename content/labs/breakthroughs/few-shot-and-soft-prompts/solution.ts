// Few-shot and soft prompts lab: reference solution — templates, example selection, answer extraction, voting, virtual tokens.
import { F, type Tensor, cat, manualSeed, nn, noGrad, optim, tensor } from "llmpath/tensor";

/** Task 1: replace every {name} with vars[name]; "{{" and "}}" are literal braces. Throws naming a missing variable. */
export function renderTemplate(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string | undefined) => {
    if (whole === "{{") return "{";
    if (whole === "}}") return "}";
    const key = name!;
    if (!(key in vars)) throw new Error(`renderTemplate: no value for {${key}}; pass it in vars (got: ${Object.keys(vars).join(", ") || "nothing"})`);
    return String(vars[key]);
  });
}

/** Task 2: counts of the character bigrams of the lower-cased text with whitespace runs collapsed to one space. */
export function bigramCounts(text: string): Map<string, number> {
  const chars = [...text.toLowerCase().replace(/\s+/g, " ").trim()];
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/** Task 2: cosine similarity of two texts' bigram counts (0 if either has none). */
export function similarity(a: string, b: string): number {
  const x = bigramCounts(a);
  const y = bigramCounts(b);
  let dot = 0;
  for (const [g, c] of x) dot += c * (y.get(g) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, c) => s + c * c, 0));
  const nx = norm(x);
  const ny = norm(y);
  return nx === 0 || ny === 0 ? 0 : dot / (nx * ny);
}

export interface Shot {
  input: string;
  output: string;
}

/** Task 2: the k pool examples most similar to the query, most similar first; ties keep pool order. */
export function selectExamples(query: string, pool: readonly Shot[], k: number): Shot[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`selectExamples: k must be a non-negative integer, got ${k}`);
  return pool
    .map((shot, index) => ({ shot, index, score: similarity(query, shot.input) }))
    .sort((p, q) => q.score - p.score || p.index - q.index)
    .slice(0, k)
    .map((p) => p.shot);
}

/** Task 2: instruction, a blank line, each shot rendered with shotTemplate ({input}, {output}) and a blank line, then the query with an empty {output}. */
export function buildFewShotPrompt(opts: { instruction: string; shots: readonly Shot[]; query: string; shotTemplate: string }): string {
  const parts = [opts.instruction, ...opts.shots.map((s) => renderTemplate(opts.shotTemplate, { input: s.input, output: s.output }))];
  parts.push(renderTemplate(opts.shotTemplate, { input: opts.query, output: "" }).trimEnd());
  return parts.join("\n\n");
}

/** Task 3: the first capture group of the LAST match of `pattern` in text, trimmed; null if there is none. */
export function extractAnswer(text: string, pattern: RegExp = /answer\s*[:：]\s*(-?\d+(?:\.\d+)?)/gi): string | null {
  const flags = pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`;
  let last: string | null = null;
  for (const m of text.matchAll(new RegExp(pattern.source, flags))) last = (m[1] ?? m[0]).trim();
  return last;
}

/** Task 3: the most frequent non-null answer; ties go to the one that reached that count first. */
export function majorityVote(answers: readonly (string | null)[]): { answer: string | null; votes: number; valid: number } {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  let valid = 0;
  for (const a of answers) {
    if (a === null) continue;
    valid++;
    const c = (counts.get(a) ?? 0) + 1;
    counts.set(a, c);
    if (c > bestCount) {
      best = a;
      bestCount = c;
    }
  }
  return { answer: best, votes: bestCount, valid };
}

/** Task 3: self-consistency — sample n completions, extract an answer from each, vote. */
export function selfConsistency(sample: (i: number) => string, n: number, pattern?: RegExp): { answer: string | null; votes: number; valid: number } {
  const answers: (string | null)[] = [];
  for (let i = 0; i < n; i++) answers.push(extractAnswer(sample(i), pattern));
  return majorityVote(answers);
}

/** What the soft-prompt tasks need from a language model (the tests pre-train one with this shape). */
export interface EmbeddingLM extends nn.Module {
  /** ids (B, T) int32 → token embeddings (B, T, d). */
  embed(ids: Tensor): Tensor;
  /** embeddings (B, T, d) → logits (B, T, V); adds position embeddings 0…T−1 itself. */
  forwardEmbeds(x: Tensor): Tensor;
}

/** Task 4: turn off requiresGrad on every parameter of the model; returns how many values were frozen. */
export function freeze(model: nn.Module): number {
  let n = 0;
  for (const p of model.parameters()) {
    p.requiresGrad = false;
    n += p.numel();
  }
  return n;
}

/** Task 4: number of values (not tensors) that require grad across the given modules. */
export function countTrainable(...modules: nn.Module[]): number {
  let n = 0;
  for (const m of modules) for (const p of m.parameters()) if (p.requiresGrad) n += p.numel();
  return n;
}

/** Task 4: k virtual tokens — one (k, d) parameter, initialised as a copy of the embeddings of `initIds`. */
export class SoftPrompt extends nn.Module {
  weight: Tensor;
  constructor(model: EmbeddingLM, initIds: readonly number[]) {
    super();
    if (initIds.length === 0) throw new Error("SoftPrompt: need at least one virtual token (initIds is empty)");
    const init = noGrad(() => model.embed(tensor([...initIds], { dtype: "int32" }).unsqueeze(0)).squeeze(0)); // (k, d)
    this.weight = nn.Parameter(init.detach().contiguous().clone());
  }
  get k(): number {
    return this.weight.shape[0]!;
  }
}

/** Task 4: logits (B, T, V) for ids (B, T) read after the virtual tokens (the k prompt positions are dropped). */
export function forwardWithPrompt(model: EmbeddingLM, prompt: SoftPrompt | null, ids: Tensor): Tensor {
  if (!prompt) return model.forwardEmbeds(model.embed(ids));
  const [B, T] = ids.shape as [number, number];
  const [k, d] = prompt.weight.shape as [number, number];
  const virtual = prompt.weight.unsqueeze(0).expand(B, k, d); // (B, k, d)
  const logits = model.forwardEmbeds(cat([virtual, model.embed(ids)], 1)); // (B, k + T, V)
  return logits.slice(1, k, k + T); // (B, T, V)
}

/** Task 5: freeze the model and train only a k-token soft prompt so the model continues `sequences` (next-token loss). */
export function trainSoftPrompt(model: EmbeddingLM, sequences: readonly (readonly number[])[], opts: { initIds: number[]; steps?: number; lr?: number; batchSize?: number; seed?: number }): SoftPrompt {
  freeze(model);
  manualSeed(opts.seed ?? 0);
  const prompt = new SoftPrompt(model, opts.initIds);
  const opt = new optim.Adam(prompt.parameters(), { lr: opts.lr ?? 0.05 });
  const batchSize = Math.min(opts.batchSize ?? 32, sequences.length);
  let cursor = 0;
  for (let step = 0; step < (opts.steps ?? 100); step++) {
    const batch: number[][] = [];
    for (let b = 0; b < batchSize; b++) batch.push([...sequences[(cursor + b) % sequences.length]!]);
    cursor = (cursor + batchSize) % sequences.length;
    const ids = tensor(batch.map((s) => s.slice(0, -1)), { dtype: "int32" }); // (B, T−1)
    const targets = tensor(batch.flatMap((s) => s.slice(1)), { dtype: "int32" }); // (B·(T−1))
    const logits = forwardWithPrompt(model, prompt, ids); // (B, T−1, V)
    const loss = F.crossEntropy(logits.reshape(-1, logits.shape[2]!), targets);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return prompt;
}

/** Task 5: greedy continuation by n tokens of each start sequence, with or without the soft prompt. */
export function continueGreedy(model: EmbeddingLM, prompt: SoftPrompt | null, starts: readonly (readonly number[])[], n: number): number[][] {
  let seqs = starts.map((s) => [...s]);
  noGrad(() => {
    for (let step = 0; step < n; step++) {
      const T = seqs[0]!.length;
      const logits = forwardWithPrompt(model, prompt, tensor(seqs, { dtype: "int32" })); // (B, T, V)
      const next = logits.slice(1, T - 1, T).squeeze(1).argmax(-1).tolist() as number[];
      seqs = seqs.map((s, i) => [...s, next[i]!]);
    }
  });
  return seqs.map((s, i) => s.slice(starts[i]!.length));
}
