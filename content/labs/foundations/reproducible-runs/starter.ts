// Reproducible runs lab: write a counter-based RNG, a seeded Fisher–Yates shuffle and batches, then a bit-for-bit reproducible run.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedImports: the imports are there for Task 4
// biome-ignore-all lint/correctness/noUnusedVariables: MAX_COUNTER and TinyMLP are there for you to use
import { F, manualSeed, nn, optim, randn, type Tensor, tensor } from "llmpath/tensor";

/** Given: the "lowbias32" integer finaliser (a bijection on 32-bit integers that scrambles every bit). */
export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const MAX_COUNTER = 2 ** 32;

/** Task 1: the counter-th random uint32 of stream `seed`: mix32((mix32(seed) + counter·0x9e3779b9) mod 2³²). No state. */
export function randomUint32(seed: number, counter: number): number {
  throw new Error("TODO: randomUint32 (Task 1)");
}

/** Task 1: an integer in [0, n): ⌊randomUint32(seed, counter) · n / 2³²⌋, for 1 ≤ n ≤ 2²¹. */
export function randomBelow(seed: number, counter: number, n: number): number {
  throw new Error("TODO: randomBelow (Task 1)");
}

/**
 * Task 2: a permutation of 0 … n−1 by Fisher–Yates (Durstenfeld): for i = n−1 down to 1, swap a[i] with a[j],
 * j = randomBelow(seed, epoch·n + (n−1−i), i + 1). Each epoch uses its own block of counters, so any epoch's order
 * can be recomputed directly, without replaying the earlier ones.
 */
export function shuffle(n: number, seed: number, epoch: number): number[] {
  throw new Error("TODO: shuffle (Task 2)");
}

/** Task 3: the epoch's shuffled indices cut into consecutive batches; the last one may be short unless dropLast. */
export function batches(n: number, batchSize: number, seed: number, epoch: number, dropLast = false): number[][] {
  throw new Error("TODO: batches (Task 3)");
}

/** Given: the small model of Task 4: Linear(4, 16) → tanh → dropout(0.1) → Linear(16, 1). */
class TinyMLP extends nn.Module {
  fc1 = new nn.Linear(4, 16);
  fc2 = new nn.Linear(16, 1);
  forward(x: Tensor): Tensor {
    return this.fc2.forward(F.dropout(this.fc1.forward(x).tanh(), 0.1, this.training)); // (B, 4) → (B, 16) → (B, 1)
  }
}

/**
 * Task 4: one fully seeded training run; returns the loss of every step. Everything random — data, initial weights,
 * dropout masks and the batch order — follows from `seed`, whatever ran before.
 */
export function trainRun(seed: number, opts: { epochs?: number; batchSize?: number } = {}): number[] {
  throw new Error("TODO: trainRun (Task 4)");
}
