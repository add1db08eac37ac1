// Transformer block: tests run at grading only — the engine's golden-checked block as reference, gradients, GPT-2 sizes.
import { MLP, TinyGPT, TransformerBlock, countParameters } from "learner";
import { F, arange, gradcheck, manualSeed, nn, randint, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

// float32 against the engine's modules (checked against PyTorch in attention.json / nn_functional.json): |a − e| ≤ 1e-5 + 1e-4·|e|.
const TOL = { atol: 1e-5, rtol: 1e-4 };

type Named = { namedParameters(): [string, Tensor][] };
const params = (m: Named): Record<string, Tensor> => Object.fromEntries(m.namedParameters());

/** The engine's pre-LN block (ln1 attn drop ln2 mlp.{fc,act,proj,drop}) carrying the learner's weights. */
function referenceBlock(mine: { stateDict(): Record<string, Tensor> }, d: number, h: number, mlpRatio = 4): nn.TransformerBlock {
  const ref = new nn.TransformerBlock(d, h, { mlpRatio });
  ref.loadStateDict(mine.stateDict());
  return ref;
}

test("MLP(5, 7): any hidden size, gradients of all four parameters match the engine's formula", () => {
  manualSeed(401);
  const mlp = new MLP(5, 7);
  const p = params(mlp);
  const x = randn([3, 5]);
  mlp.forward(x).pow(2).sum().backward();
  const leaves = Object.fromEntries(Object.entries(p).map(([n, t]) => [n, t.detach().requiresGrad_()]));
  F.linear(F.gelu(F.linear(x, leaves["fc.weight"]!, leaves["fc.bias"])), leaves["proj.weight"]!, leaves["proj.bias"]).pow(2).sum().backward();
  for (const n of Object.keys(p)) expectClose(p[n]!.grad, leaves[n]!.grad, { ...TOL, label: `d/d ${n}` });
}, { taskId: "task-1" });

test("the block equals the engine's nn.TransformerBlock loaded with your weights, forward and every gradient", () => {
  manualSeed(402);
  const mine = new TransformerBlock(12, 3);
  const ref = referenceBlock(mine, 12, 3);
  const x1 = randn([2, 6, 12], { requiresGrad: true });
  const x2 = x1.detach().requiresGrad_();
  const up = randn([2, 6, 12]);
  const y1 = mine.forward(x1);
  const y2 = ref.forward(x2);
  expectClose(y1, y2, { ...TOL, label: "block(x)" });
  y1.mul(up).sum().backward();
  y2.mul(up).sum().backward();
  expectClose(x1.grad, x2.grad, { ...TOL, label: "d/dx" });
  const pr = params(ref);
  for (const [n, t] of Object.entries(params(mine))) expectClose(t.grad, pr[n]!.grad, { ...TOL, label: `d/d ${n}` });
}, { taskId: "task-2" });

test("causal: false lets every position see the whole sequence; mlpRatio 2 builds a 2·d hidden layer", () => {
  manualSeed(403);
  const mine = new TransformerBlock(8, 2, 2);
  expectEqual(params(mine)["mlp.fc.weight"]!.shape, [16, 8], "mlp.fc.weight shape");
  const ref = referenceBlock(mine, 8, 2, 2);
  const x = randn([1, 5, 8]);
  expectClose(mine.forward(x, { causal: false }), ref.forward(x, { causal: false }), { ...TOL, label: "non-causal block(x)" });
  expectTrue(mine.forward(x, { causal: false }).sub(mine.forward(x)).abs().max().item() > 1e-4, "causal: false must change the output");
}, { taskId: "task-2" });

test("gradcheck of the whole block in float64", () => {
  manualSeed(404);
  const block = new TransformerBlock(4, 2);
  block.double();
  const x = randn([1, 3, 4], { dtype: "float64", requiresGrad: true });
  expectTrue(gradcheck((t) => block.forward(t), [x], { atol: 1e-6, rtol: 1e-4 }), "gradcheck failed");
}, { taskId: "task-2" });

test("TinyGPT equals embeddings + engine blocks + final LayerNorm + tied head, and gradients reach wte through both uses", () => {
  manualSeed(405);
  const cfg = { vocabSize: 40, blockSize: 12, dModel: 16, nLayer: 2, nHead: 2 };
  const model = new TinyGPT(cfg);
  const p = params(model);
  const leaf = (n: string) => p[n]!.detach().requiresGrad_();
  const wte = leaf("wte.weight");
  const wpe = leaf("wpe.weight");
  const lnW = leaf("lnF.weight");
  const lnB = leaf("lnF.bias");
  const blocks = [0, 1].map((i) => {
    const b = new nn.TransformerBlock(16, 2);
    b.loadStateDict(Object.fromEntries(Object.entries(p).filter(([n]) => n.startsWith(`blocks.${i}.`)).map(([n, t]) => [n.slice(`blocks.${i}.`.length), t])));
    return b;
  });
  const ids = randint(0, 40, [2, 9], { dtype: "int32" });
  const targets = randint(0, 40, [18], { dtype: "int32" });
  let h = F.embedding(ids, wte).add(F.embedding(arange(9, { dtype: "int32" }), wpe));
  for (const b of blocks) h = b.forward(h);
  const refLogits = F.layerNorm(h, [16], lnW, lnB).matmul(wte.transpose(0, 1));
  const logits = model.forward(ids);
  expectClose(logits, refLogits, { ...TOL, label: "logits" });
  F.crossEntropy(logits.reshape(18, 40), targets).backward();
  F.crossEntropy(refLogits.reshape(18, 40), targets).backward();
  expectClose(p["wte.weight"]!.grad, wte.grad, { ...TOL, label: "d/d wte (embedding + tied head)" });
  expectClose(p["wpe.weight"]!.grad, wpe.grad, { ...TOL, label: "d/d wpe" });
  expectClose(p["lnF.weight"]!.grad, lnW.grad, { ...TOL, label: "d/d lnF.weight" });
}, { taskId: "task-3" });

test("TinyGPT refuses a sequence longer than blockSize with a clear error", () => {
  const model = new TinyGPT({ vocabSize: 10, blockSize: 4, dModel: 8, nLayer: 1, nHead: 2 });
  expectThrows(() => model.forward(randint(0, 10, [1, 5], { dtype: "int32" })), /block ?size|blockSize/i);
  expectEqual(model.forward(randint(0, 10, [1, 4], { dtype: "int32" })).shape, [1, 4, 10], "a sequence of exactly blockSize works");
}, { taskId: "task-3" });

test("countParameters with mlpRatio 2 and 3 layers matches namedParameters()", () => {
  const cfg = { vocabSize: 30, blockSize: 10, dModel: 12, nLayer: 3, nHead: 3, mlpRatio: 2 };
  const model = new TinyGPT(cfg);
  const count = countParameters(cfg);
  const numel = (prefix: string) => model.namedParameters().filter(([n]: [string, Tensor]) => n.startsWith(prefix)).reduce((s: number, [, q]: [string, Tensor]) => s + q.numel(), 0);
  expectEqual(count.total, numel(""), "total");
  expectEqual(count.perBlock, numel("blocks.2."), "perBlock");
  expectEqual(count.approx, 8 * 3 * 144 + (30 + 10) * 12, "approx = (4 + 2r)·L·d² + embeddings");
}, { taskId: "task-4" });

test("countParameters gives GPT-2 small 124,439,808 and GPT-2 medium 354,823,168 parameters", () => {
  const small = countParameters({ vocabSize: 50257, blockSize: 1024, dModel: 768, nLayer: 12, nHead: 12 });
  expectEqual(small.total, 124_439_808, "GPT-2 small total");
  expectEqual(small.perBlock, 7_087_872, "GPT-2 small per block (12·768² + 13·768)");
  expectTrue(Math.abs(small.approx - small.total) / small.total < 0.002, "12·L·d² + embeddings is within 0.2% for GPT-2 small");
  const medium = countParameters({ vocabSize: 50257, blockSize: 1024, dModel: 1024, nLayer: 24, nHead: 16 });
  expectEqual(medium.total, 354_823_168, "GPT-2 medium total");
  expectEqual(medium.embeddings, 52_511_744, "GPT-2 medium embeddings");
}, { taskId: "task-4" });
