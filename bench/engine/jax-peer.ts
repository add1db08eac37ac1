// bench/engine.ts peer: @jax-js/jax on its WebAssembly backend (eager, one thread in Node 20): matmul and causal attention.
import { defaultDevice, init, nn, numpy as np } from "@jax-js/jax";
import { ATTN, MATMUL_SIZES, type PeerResult, emit, medianMs, progress, randomData } from "./common.ts";

const P = "jax-js";

async function main(): Promise<void> {
  const devices = await init("wasm");
  if (!devices.includes("wasm")) throw new Error("jax-js: the wasm backend did not initialise");
  defaultDevice("wasm");
  const matmulMs: Record<string, number | null> = {};
  for (const n of MATMUL_SIZES) {
    const a = np.array(randomData(n * n, 1)).reshape([n, n]);
    const b = np.array(randomData(n * n, 2)).reshape([n, n]);
    matmulMs[n] = medianMs(() => np.matmul(a.ref, b.ref).dataSync(), { warmup: 2, reps: n >= 1024 ? 5 : 15 });
    progress(P, `matmul ${n}`, matmulMs[n]);
  }
  const { B, H, T, D } = ATTN;
  // jax's dot_product_attention takes (B, T, H, D)
  const [q, k, v] = [1, 2, 3].map((s) => np.array(randomData(B * H * T * D, s)).reshape([B, T, H, D]));
  const skipped: Record<string, string> = { mlp: "not ported (jax-js uses reference-counted arrays and functional grads)", gpt: "not ported", svd: "not run" };
  let attentionMs: number | null = null;
  try {
    attentionMs = medianMs(() => nn.dotProductAttention(q.ref, k.ref, v.ref, { isCausal: true }).dataSync(), { reps: 15 });
  } catch (e) {
    skipped.attention = `nn.dotProductAttention fails on Node ${process.version}: ${e instanceof Error ? e.message : String(e)}`;
  }
  progress(P, "causal attention fwd", attentionMs);
  const result: PeerResult = {
    peer: P,
    version: "0.1.25 (wasm, eager)",
    threads: "1",
    matmulMs,
    attentionMs,
    mlpStepMs: null,
    gptStepMs: null,
    svdMs: null,
    skipped,
  };
  emit(result);
}

try {
  await main();
} catch (e) {
  process.stderr.write(`${P}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
