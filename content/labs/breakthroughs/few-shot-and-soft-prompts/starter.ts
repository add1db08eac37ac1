// Few-shot and soft prompts lab: templates, example selection, answer extraction, voting, then virtual tokens.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are there for you to use
// biome-ignore-all lint/correctness/noUnusedVariables: helpers are there for you to use
import { F, type Tensor, cat, manualSeed, nn, noGrad, optim, tensor } from "llmpath/tensor";

/** Task 1: replace every {name} with vars[name]; "{{" and "}}" are literal braces. Throws naming a missing variable. */
export function renderTemplate(template: string, vars: Record<string, string | number>): string {
  throw new Error("TODO: renderTemplate (Task 1)");
}

/** Task 2: counts of the character bigrams of the lower-cased text with whitespace runs collapsed to one space. */
export function bigramCounts(text: string): Map<string, number> {
  throw new Error("TODO: bigramCounts (Task 2)");
}

/** Task 2: cosine similarity of two texts' bigram counts (0 if either has none). */
export function similarity(a: string, b: string): number {
  throw new Error("TODO: similarity (Task 2)");
}

export interface Shot {
  input: string;
  output: string;
}

/** Task 2: the k pool examples most similar to the query, most similar first; ties keep pool order. */
export function selectExamples(query: string, pool: readonly Shot[], k: number): Shot[] {
  throw new Error("TODO: selectExamples (Task 2)");
}

/** Task 2: instruction, a blank line, each shot rendered with shotTemplate ({input}, {output}) and a blank line, then the query with an empty {output}. */
export function buildFewShotPrompt(opts: { instruction: string; shots: readonly Shot[]; query: string; shotTemplate: string }): string {
  throw new Error("TODO: buildFewShotPrompt (Task 2)");
}

/** Task 3: the first capture group of the LAST match of `pattern` in text, trimmed; null if there is none. */
export function extractAnswer(text: string, pattern: RegExp = /answer\s*[:：]\s*(-?\d+(?:\.\d+)?)/gi): string | null {
  throw new Error("TODO: extractAnswer (Task 3)");
}

/** Task 3: the most frequent non-null answer; ties go to the one that reached that count first. */
export function majorityVote(answers: readonly (string | null)[]): { answer: string | null; votes: number; valid: number } {
  throw new Error("TODO: majorityVote (Task 3)");
}

/** Task 3: self-consistency — sample n completions, extract an answer from each, vote. */
export function selfConsistency(sample: (i: number) => string, n: number, pattern?: RegExp): { answer: string | null; votes: number; valid: number } {
  throw new Error("TODO: selfConsistency (Task 3)");
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
  throw new Error("TODO: freeze (Task 4)");
}

/** Task 4: number of values (not tensors) that require grad across the given modules. */
export function countTrainable(...modules: nn.Module[]): number {
  throw new Error("TODO: countTrainable (Task 4)");
}

/** Task 4: k virtual tokens — one (k, d) parameter, initialised as a copy of the embeddings of `initIds`. */
export class SoftPrompt extends nn.Module {
  weight: Tensor;
  constructor(model: EmbeddingLM, initIds: readonly number[]) {
    super();
    throw new Error("TODO: SoftPrompt constructor: a (k, d) nn.Parameter copied from model.embed(initIds) (Task 4)");
  }
  get k(): number {
    return this.weight.shape[0]!;
  }
}

/** Task 4: logits (B, T, V) for ids (B, T) read after the virtual tokens (the k prompt positions are dropped). */
export function forwardWithPrompt(model: EmbeddingLM, prompt: SoftPrompt | null, ids: Tensor): Tensor {
  throw new Error("TODO: forwardWithPrompt (Task 4)");
}

/** Task 5: freeze the model and train only a k-token soft prompt so the model continues `sequences` (next-token loss). */
export function trainSoftPrompt(model: EmbeddingLM, sequences: readonly (readonly number[])[], opts: { initIds: number[]; steps?: number; lr?: number; batchSize?: number; seed?: number }): SoftPrompt {
  throw new Error("TODO: trainSoftPrompt (Task 5)");
}

/** Task 5: greedy continuation by n tokens of each start sequence, with or without the soft prompt. */
export function continueGreedy(model: EmbeddingLM, prompt: SoftPrompt | null, starts: readonly (readonly number[])[], n: number): number[][] {
  throw new Error("TODO: continueGreedy (Task 5)");
}
