// Reproducible runs lab: reference solution — a counter-based RNG, a seeded Fisher–Yates shuffle, batches, and a seeded training run.
import { F, manualSeed, nn, optim, randn, type Tensor, tensor } from "llmpath/tensor";

/** Task 1: the "lowbias32" integer finaliser (a bijection on 32-bit integers that scrambles every bit). */
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
  if (!Number.isInteger(counter) || counter < 0 || counter >= MAX_COUNTER) throw new RangeError(`randomUint32: counter must be an integer in [0, 2^32), got ${counter}`);
  return mix32((mix32(seed) + Math.imul(counter, 0x9e3779b9)) >>> 0);
}

/** Task 1: an integer in [0, n): ⌊randomUint32(seed, counter) · n / 2³²⌋, for 1 ≤ n ≤ 2²¹. */
export function randomBelow(seed: number, counter: number, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 21) throw new RangeError(`randomBelow: n must be an integer in [1, 2^21], got ${n}`);
  return Math.floor((randomUint32(seed, counter) * n) / MAX_COUNTER);
}

/**
 * Task 2: a permutation of 0 … n−1 by Fisher–Yates (Durstenfeld): for i = n−1 down to 1, swap a[i] with a[j],
 * j = randomBelow(seed, epoch·n + (n−1−i), i + 1). Each epoch uses its own block of counters, so any epoch's order
 * can be recomputed directly, without replaying the earlier ones.
 */
export function shuffle(n: number, seed: number, epoch: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`shuffle: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(epoch) || epoch < 0) throw new RangeError(`shuffle: epoch must be a non-negative integer, got ${epoch}`);
  if ((epoch + 1) * n > MAX_COUNTER) throw new RangeError(`shuffle: epoch ${epoch} × n ${n} runs past 2^32 counters`);
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i >= 1; i--) {
    const j = randomBelow(seed, epoch * n + (n - 1 - i), i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Task 3: the epoch's shuffled indices cut into consecutive batches; the last one may be short unless dropLast. */
export function batches(n: number, batchSize: number, seed: number, epoch: number, dropLast = false): number[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batches: batchSize must be a positive integer, got ${batchSize}`);
  const order = shuffle(n, seed, epoch);
  const out: number[][] = [];
  for (let start = 0; start < n; start += batchSize) {
    const b = order.slice(start, start + batchSize);
    if (dropLast && b.length < batchSize) break;
    out.push(b);
  }
  return out;
}

/** The small model of Task 4: Linear(4, 16) → tanh → dropout(0.1) → Linear(16, 1). */
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
  const epochs = opts.epochs ?? 3;
  const batchSize = opts.batchSize ?? 8;
  manualSeed(seed);
  const X = randn([40, 4]); // (40, 4)
  const y = X.matmul(randn([4, 1])).tanh().add(randn([40, 1]).mul(0.05)); // (40, 1)
  const model = new TinyMLP();
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const b of batches(40, batchSize, seed, epoch)) {
      const idx = tensor(b, { dtype: "int32" });
      const loss = F.mseLoss(model.forward(X.indexSelect(0, idx)), y.indexSelect(0, idx));
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
  }
  return losses;
}
