// bench/engine.ts peer: TensorFlow.js with its `cpu` or `wasm` backend (argv[2]), the same five workloads and models.
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { registerTfjsGradients } from "./tfjs-gradients.ts";
import { ATTN, GPT, MATMUL_SIZES, MLP, type PeerResult, emit, medianMs, progress, randomData, randomIds } from "./common.ts";

const backend = process.argv[2] === "cpu" ? "cpu" : "wasm";
const P = `tfjs-${backend}`;
const slow = backend === "cpu";

function matmuls(): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const n of MATMUL_SIZES) {
    const a = tf.tensor2d(randomData(n * n, 1), [n, n]);
    const b = tf.tensor2d(randomData(n * n, 2), [n, n]);
    const big = n >= 512;
    // tfjs-cpu needs seconds for 1024: no untimed warm-up there (its JS kernel is hot after 512 anyway)
    const warmup = slow && n >= 1024 ? 0 : slow && big ? 1 : 2;
    out[n] = medianMs(() => tf.tidy(() => tf.matMul(a, b).dataSync()), { warmup, reps: big ? 5 : 15, budgetMs: slow ? 6000 : 4000 });
    progress(P, `matmul ${n}`, out[n]);
  }
  return out;
}

function attention(): number {
  const { B, H, T, D } = ATTN;
  const [q, k, v] = [1, 2, 3].map((s) => tf.tensor4d(randomData(B * H * T * D, s), [B, H, T, D]));
  const mask = causalBias(T);
  const ms = medianMs(() => tf.tidy(() => attend(q, k, v, mask).dataSync()), { reps: slow ? 5 : 15 });
  progress(P, "causal attention fwd", ms);
  return ms;
}

/** (T, T) additive mask: 0 where key j ≤ query i, −1e9 above the diagonal. */
function causalBias(T: number): tf.Tensor2D {
  const m = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) m[i * T + j] = -1e9;
  return tf.tensor2d(m, [T, T]);
}

function attend(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D): tf.Tensor4D {
  const scale = 1 / Math.sqrt(q.shape[3]);
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), mask); // (B, H, T, T)
  return tf.matMul(tf.softmax(scores), v); // (B, H, T, D)
}

/** torch-like init: U(±1/√in) for weights (in, out) and biases. */
function linearVars(inDim: number, outDim: number, seed: number, bias = true): { w: tf.Variable; b: tf.Variable | null } {
  const s = 1 / Math.sqrt(inDim);
  const w = tf.variable(tf.mul(tf.tensor2d(randomData(inDim * outDim, seed), [inDim, outDim]), s));
  return { w, b: bias ? tf.variable(tf.mul(tf.tensor1d(randomData(outDim, seed + 1)), s)) : null };
}
const dense = (x: tf.Tensor, l: { w: tf.Variable; b: tf.Variable | null }) => (l.b ? tf.add(tf.matMul(x as tf.Tensor2D, l.w as tf.Tensor2D), l.b) : tf.matMul(x as tf.Tensor2D, l.w as tf.Tensor2D));

function mlpStep(): number {
  const l1 = linearVars(MLP.inDim, MLP.hidden, 10);
  const l2 = linearVars(MLP.hidden, MLP.outDim, 20);
  const x = tf.tensor2d(randomData(MLP.batch * MLP.inDim, 4), [MLP.batch, MLP.inDim]);
  const y = tf.oneHot(tf.tensor1d(randomIds(MLP.batch, MLP.outDim, 5), "int32"), MLP.outDim);
  const opt = tf.train.adam(MLP.lr);
  const ms = medianMs(() => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, dense(tf.relu(dense(x, l1)), l2)) as tf.Scalar, true);
    loss?.dataSync();
    loss?.dispose();
  }, { warmup: 3, reps: 21 });
  progress(P, "MLP step (Adam)", ms);
  return ms;
}

function layerNorm(x: tf.Tensor, g: tf.Variable, b: tf.Variable): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
}
/**
 * Embedding lookup with its gradient as a scatter-add (tf.scatterND sums duplicate ids): tfjs's own gather gradient
 * needs UnsortedSegmentSum, which the wasm backend lacks.
 */
function embed(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const idx = tf.reshape(ids, [-1, 1]) as tf.Tensor2D;
  const f = tf.customGrad((...inputs) => {
    const t = inputs[0] as tf.Tensor2D;
    return { value: tf.gather(t, ids), gradFunc: (dy: tf.Tensor) => tf.scatterND(idx, dy, t.shape) };
  });
  return f(table) as tf.Tensor2D;
}
const gelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));

function gptStep(): number {
  const { nLayer, dModel: d, nHead: H, blockSize: T, vocab, batch: B } = GPT;
  const Dh = d / H;
  const ln = () => ({ g: tf.variable(tf.ones([d])), b: tf.variable(tf.zeros([d])) });
  const tok = tf.variable(tf.tensor2d(randomData(vocab * d, 30), [vocab, d]));
  const pos = tf.variable(tf.tensor2d(randomData(T * d, 31), [T, d]));
  const blocks = Array.from({ length: nLayer }, (_, i) => ({
    ln1: ln(), q: linearVars(d, d, 100 * i + 1), k: linearVars(d, d, 100 * i + 3), v: linearVars(d, d, 100 * i + 5),
    o: linearVars(d, d, 100 * i + 7), ln2: ln(), fc: linearVars(d, 4 * d, 100 * i + 9), proj: linearVars(4 * d, d, 100 * i + 11),
  }));
  const lnF = ln();
  const head = linearVars(d, vocab, 40, false);
  const mask = causalBias(T);
  const ids = tf.tensor1d(randomIds(B * T, vocab, 6), "int32");
  const tgt = tf.oneHot(tf.tensor1d(randomIds(B * T, vocab, 7), "int32"), vocab);
  const heads = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, H, Dh]), [0, 2, 1, 3]) as tf.Tensor4D; // (B, H, T, Dh)
  const forward = (): tf.Scalar => {
    let x = tf.add(tf.reshape(embed(tok, ids), [B, T, d]), pos); // (B, T, d)
    for (const bl of blocks) {
      const h = tf.reshape(layerNorm(x, bl.ln1.g, bl.ln1.b), [B * T, d]);
      const a = attend(heads(dense(h, bl.q)), heads(dense(h, bl.k)), heads(dense(h, bl.v)), mask); // (B, H, T, Dh)
      const merged = tf.reshape(tf.transpose(a, [0, 2, 1, 3]), [B * T, d]);
      x = tf.add(x, tf.reshape(dense(merged, bl.o), [B, T, d]));
      const h2 = tf.reshape(layerNorm(x, bl.ln2.g, bl.ln2.b), [B * T, d]);
      x = tf.add(x, tf.reshape(dense(gelu(dense(h2, bl.fc)), bl.proj), [B, T, d]));
    }
    const logits = dense(tf.reshape(layerNorm(x, lnF.g, lnF.b), [B * T, d]), head); // (B·T, vocab)
    return tf.losses.softmaxCrossEntropy(tgt, logits) as tf.Scalar;
  };
  const opt = tf.train.adam(GPT.lr);
  const ms = medianMs(() => {
    const loss = opt.minimize(forward, true);
    loss?.dataSync();
    loss?.dispose();
  }, { warmup: 1, reps: 5, budgetMs: 8000 });
  progress(P, "tiny GPT step (Adam)", ms);
  return ms;
}

async function main(): Promise<void> {
  registerTfjsGradients();
  setWasmPaths(`${path.resolve("node_modules/@tensorflow/tfjs-backend-wasm/dist")}/`);
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} did not initialise`);
  await tf.ready();
  const threads = backend === "wasm" && tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? "multi" : "1";
  const skipped: Record<string, string> = { svd: "tfjs has no SVD" };
  const result: PeerResult = {
    peer: P,
    version: `${tf.version_core}${backend === "wasm" ? ` simd=${tf.env().getBool("WASM_HAS_SIMD_SUPPORT")}` : ""}`,
    threads,
    matmulMs: matmuls(),
    attentionMs: attention(),
    mlpStepMs: mlpStep(),
    gptStepMs: null,
    svdMs: null,
    skipped,
  };
  if (slow) skipped.gpt = "tfjs-cpu needs tens of seconds per tiny-GPT step; not run to keep the benchmark short";
  else {
    try {
      result.gptStepMs = gptStep();
    } catch (e) {
      skipped.gpt = `failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  emit(result);
}

try {
  await main();
} catch (e) {
  process.stderr.write(`${P}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
