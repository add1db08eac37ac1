// bench/engine.ts peer: llmpath's own engine running the five workloads (run as its own process).
import os from "node:os";
import { F, linalg, manualSeed, nn, noGrad, optim, tensor } from "../../src/tensor/index.ts";
import { kernelInfo, setThreads } from "../../src/tensor/kernels/index.ts";
import { TinyGPT } from "./tiny-gpt.ts";
import { ATTN, GPT, MATMUL_SIZES, MLP, type PeerResult, SVD_N, emit, medianMs, progress, randomData, randomIds } from "./common.ts";

const P = "llmpath";
const t2 = (d: Float32Array, shape: number[]) => tensor(d, { shape });

function matmuls(): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const n of MATMUL_SIZES) {
    const a = t2(randomData(n * n, 1), [n, n]);
    const b = t2(randomData(n * n, 2), [n, n]);
    out[n] = medianMs(() => a.matmul(b), { warmup: 2, reps: n >= 1024 ? 7 : 15 });
    progress(P, `matmul ${n}`, out[n]);
  }
  return out;
}

function matmul1024OneThread(): number {
  const a = t2(randomData(1024 * 1024, 1), [1024, 1024]);
  const b = t2(randomData(1024 * 1024, 2), [1024, 1024]);
  setThreads(1);
  const ms = medianMs(() => a.matmul(b), { warmup: 1, reps: 7 });
  setThreads(null);
  progress(P, "matmul 1024 (1 thread)", ms);
  return ms;
}

function attention(): number {
  const { B, H, T, D } = ATTN;
  const [q, k, v] = [1, 2, 3].map((s) => t2(randomData(B * H * T * D, s), [B, H, T, D]));
  const ms = medianMs(() => noGrad(() => F.scaledDotProductAttention(q, k, v, { isCausal: true })), { reps: 15 });
  progress(P, "causal attention fwd", ms);
  return ms;
}

function mlpStep(): number {
  manualSeed(0);
  const fc1 = new nn.Linear(MLP.inDim, MLP.hidden);
  const fc2 = new nn.Linear(MLP.hidden, MLP.outDim);
  const opt = new optim.Adam([...fc1.parameters(), ...fc2.parameters()], { lr: MLP.lr });
  const x = t2(randomData(MLP.batch * MLP.inDim, 4), [MLP.batch, MLP.inDim]);
  const y = tensor(randomIds(MLP.batch, MLP.outDim, 5), { shape: [MLP.batch] });
  const ms = medianMs(() => {
    opt.zeroGrad();
    F.crossEntropy(fc2.forward(fc1.forward(x).relu()), y).backward(); // (64, 10) logits
    opt.step();
  }, { warmup: 3, reps: 21 });
  progress(P, "MLP step (Adam)", ms);
  return ms;
}

function gptStep(): number {
  manualSeed(0);
  const model = new TinyGPT();
  const opt = new optim.Adam(model.parameters(), { lr: GPT.lr });
  const { batch: B, blockSize: T, vocab } = GPT;
  const ids = tensor(randomIds(B * T, vocab, 6), { shape: [B, T] });
  const tgt = tensor(randomIds(B * T, vocab, 7), { shape: [B * T] });
  const pos = tensor(Int32Array.from({ length: T }, (_, i) => i), { shape: [1, T] });
  const ms = medianMs(() => {
    opt.zeroGrad();
    F.crossEntropy(model.forward(ids, pos).reshape(B * T, vocab), tgt).backward();
    opt.step();
  }, { warmup: 1, reps: 5, budgetMs: 8000 });
  progress(P, "tiny GPT step (Adam)", ms);
  return ms;
}

function svd(): number {
  const a = t2(randomData(SVD_N * SVD_N, 8), [SVD_N, SVD_N]);
  const ms = medianMs(() => linalg.svd(a, { fullMatrices: false }), { warmup: 0, reps: 3, budgetMs: 6000 });
  progress(P, `svd ${SVD_N}`, ms);
  return ms;
}

const info = kernelInfo();
const result: PeerResult = {
  peer: P,
  version: `kernels=${info.path}`,
  threads: `${info.threads} (of ${os.availableParallelism()} cores)`,
  matmulMs: matmuls(),
  matmul1024OneThreadMs: matmul1024OneThread(),
  attentionMs: attention(),
  mlpStepMs: mlpStep(),
  gptStepMs: gptStep(),
  svdMs: svd(),
  skipped: {},
};
emit(result);
