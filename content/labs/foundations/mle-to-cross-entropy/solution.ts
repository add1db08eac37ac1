// MLE-to-cross-entropy lab: reference solution (categorical and Gaussian fits, in closed form and by gradient descent).
import { optim, type Tensor, tensor, zeros } from "llmpath/tensor";

/** Task 1: closed-form MLE of a categorical distribution: p̂_k = count(k) / N. */
export function categoricalMle(samples: number[], numClasses: number): number[] {
  if (samples.length === 0) throw new Error("categoricalMle: need at least one sample");
  const counts = new Array<number>(numClasses).fill(0);
  for (const [i, x] of samples.entries()) {
    if (!(Number.isInteger(x) && x >= 0 && x < numClasses)) {
      throw new Error(`categoricalMle: sample ${x} at position ${i} is not a class in 0..${numClasses - 1}`);
    }
    counts[x] += 1;
  }
  return counts.map((c) => c / samples.length);
}

/** Task 1: mean negative log-likelihood −(1/N) Σ_i log softmax(logits)[x_i], one term per sample. logits: (C,). */
export function categoricalNll(logits: Tensor, samples: number[]): Tensor {
  const logq = logits.logSoftmax(-1); // (C,)
  const picked = logq.gather(0, tensor(Int32Array.from(samples))); // (N,): log q[x_i]
  return picked.mean().neg();
}

/** Task 1: cross-entropy H(p, q) = −Σ_k p_k log q_k with q = softmax(logits). p: a distribution over the C classes. */
export function crossEntropyOf(p: number[], logits: Tensor): Tensor {
  const logq = logits.logSoftmax(-1); // (C,)
  return logq.mul(tensor(p, { dtype: logq.dtype })).sum().neg();
}

/** Task 1: entropy H(p) = −Σ_k p_k log p_k in nats, with 0·log 0 = 0. */
export function entropy(p: number[]): number {
  return -p.reduce((s, pk) => (pk > 0 ? s + pk * Math.log(pk) : s), 0);
}

export interface FitOptions {
  steps?: number;
  lr?: number;
}

/** Task 2: fit logits by gradient descent on categoricalNll; returns softmax(logits) and the loss of every step. */
export function fitCategorical(samples: number[], numClasses: number, opts: FitOptions = {}): { probs: number[]; losses: number[] } {
  const steps = opts.steps ?? 400;
  const logits = zeros([numClasses], { requiresGrad: true }); // uniform start
  const opt = new optim.Adam([logits], { lr: opts.lr ?? 0.1 });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = categoricalNll(logits, samples);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return { probs: logits.detach().softmax(-1).tolist() as number[], losses };
}

/** Task 3: closed-form Gaussian MLE: μ̂ = mean, σ̂ = sqrt of the mean squared deviation (divide by N, not N − 1). */
export function gaussianMle(xs: number[]): { mu: number; sigma: number } {
  if (xs.length === 0) throw new Error("gaussianMle: need at least one sample");
  const mu = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mu) ** 2, 0) / xs.length;
  return { mu, sigma: Math.sqrt(variance) };
}

/** Task 3: mean Gaussian NLL, (1/N) Σ [log σ + ½ log 2π + (x − μ)² / (2σ²)]. x (N,), mu and sigma 0-d tensors. */
export function gaussianNll(x: Tensor, mu: Tensor, sigma: Tensor): Tensor {
  const z = x.sub(mu).div(sigma); // (N,)
  return z.square().mul(0.5).mean().add(sigma.log()).add(0.5 * Math.log(2 * Math.PI));
}

/** Task 4: fit μ and log σ by gradient descent on gaussianNll; returns the fitted μ, σ and the loss of every step. */
export function fitGaussian(xs: number[], opts: FitOptions = {}): { mu: number; sigma: number; losses: number[] } {
  const steps = opts.steps ?? 1500;
  const lr = opts.lr ?? 0.05;
  const x = tensor(xs, { dtype: "float64" });
  const mu = zeros([], { dtype: "float64", requiresGrad: true });
  const logSigma = zeros([], { dtype: "float64", requiresGrad: true }); // σ = e^0 = 1; log σ keeps σ positive
  const opt = new optim.Adam([mu, logSigma], { lr });
  const schedule = new optim.LambdaLR(opt, (s) => 0.5 * (1 + Math.cos((Math.PI * s) / steps))); // cosine decay to 0
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const loss = gaussianNll(x, mu, logSigma.exp());
    loss.backward();
    opt.step();
    schedule.step();
    losses.push(loss.item());
  }
  return { mu: mu.item(), sigma: Math.exp(logSigma.item()), losses };
}
