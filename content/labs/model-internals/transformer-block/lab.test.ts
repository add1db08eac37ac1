// Transformer block: the tests shown to the learner — MLP, pre-LN block, a tiny GPT, and its parameter count.
import { MLP, TinyGPT, TransformerBlock, countParameters } from "learner";
import { F, manualSeed, nn, noGrad, randint, randn, type Tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// float32 against the same formula written with engine ops: |a − e| ≤ 1e-5 + 1e-4·|e|.
const TOL = { atol: 1e-5, rtol: 1e-4 };

type Named = { namedParameters(): [string, Tensor][] };
const params = (m: Named): Record<string, Tensor> => Object.fromEntries(m.namedParameters());
const shapes = (m: Named): [string, number[]][] => m.namedParameters().map(([n, p]) => [n, p.shape]);

test("MLP(6, 24) has fc (24, 6) and proj (6, 24) with biases", () => {
  expectEqual(shapes(new MLP(6, 24)), [["fc.weight", [24, 6]], ["fc.bias", [24]], ["proj.weight", [6, 24]], ["proj.bias", [6]]], "parameters");
}, { taskId: "task-1" });

test("MLP computes proj(GELU(fc(x))) with the exact (erf) GELU", () => {
  manualSeed(41);
  const mlp = new MLP(6, 24);
  const p = params(mlp);
  const x = randn([2, 3, 6]).mul(3); // large enough that the tanh approximation would be off by more than the tolerance
  const expected = F.linear(F.gelu(F.linear(x, p["fc.weight"]!, p["fc.bias"])), p["proj.weight"]!, p["proj.bias"]);
  expectClose(mlp.forward(x), expected, { ...TOL, label: "mlp(x)" });
}, { taskId: "task-1" });

test("TransformerBlock(8, 2) has ln1, attn (q/k/v/out projections), ln2, mlp in that order", () => {
  const names = shapes(new TransformerBlock(8, 2)).map(([n]) => n);
  expectEqual(names, [
    "ln1.weight", "ln1.bias",
    "attn.qProj.weight", "attn.qProj.bias", "attn.kProj.weight", "attn.kProj.bias",
    "attn.vProj.weight", "attn.vProj.bias", "attn.outProj.weight", "attn.outProj.bias",
    "ln2.weight", "ln2.bias", "mlp.fc.weight", "mlp.fc.bias", "mlp.proj.weight", "mlp.proj.bias",
  ], "parameter names");
}, { taskId: "task-2" });

test("with the last layer of both branches zeroed, the block is the identity (the residual path)", () => {
  manualSeed(42);
  const block = new TransformerBlock(8, 2);
  const p = params(block);
  noGrad(() => {
    for (const n of ["attn.outProj.weight", "attn.outProj.bias", "mlp.proj.weight", "mlp.proj.bias"]) p[n]!.zero_();
  });
  const x = randn([2, 5, 8]);
  expectClose(block.forward(x), x, { ...TOL, label: "block(x)" });
}, { taskId: "task-2" });

test("block(x) = h + mlp(ln2(h)) with h = x + attn(ln1(x)), causal", () => {
  manualSeed(43);
  const block = new TransformerBlock(8, 2);
  const p = params(block);
  const attn = new nn.MultiheadAttention(8, 2);
  attn.loadStateDict(Object.fromEntries(Object.entries(p).filter(([n]) => n.startsWith("attn.")).map(([n, t]) => [n.slice(5), t])));
  const ln = (x: Tensor, i: number) => F.layerNorm(x, [8], p[`ln${i}.weight`], p[`ln${i}.bias`]);
  const x = randn([2, 5, 8]);
  const h = x.add(attn.forward(ln(x, 1), { causal: true }));
  const mlp = (t: Tensor) => F.linear(F.gelu(F.linear(t, p["mlp.fc.weight"]!, p["mlp.fc.bias"])), p["mlp.proj.weight"]!, p["mlp.proj.bias"]);
  expectClose(block.forward(x), h.add(mlp(ln(h, 2))), { ...TOL, label: "block(x)" });
}, { taskId: "task-2" });

const SMALL = { vocabSize: 50, blockSize: 16, dModel: 32, nLayer: 2, nHead: 4 };

test("TinyGPT turns ids (2, 7) into logits (2, 7, 50) and earlier logits ignore later tokens", () => {
  manualSeed(44);
  const model = new TinyGPT(SMALL);
  const ids = randint(0, 50, [2, 7], { dtype: "int32" });
  const logits = model.forward(ids);
  expectShape(logits, [2, 7, 50]);
  const changed = ids.clone();
  noGrad(() => changed.narrow(1, 6, 1).fill_(3));
  expectClose(model.forward(changed).narrow(1, 0, 6), logits.narrow(1, 0, 6), { ...TOL, label: "logits at positions 0..5" });
}, { taskId: "task-3" });

test("TinyGPT's parameters: wte, wpe, blocks.0…, lnF — and no separate LM head (it is tied to wte)", () => {
  const names = shapes(new TinyGPT(SMALL)).map(([n]) => n);
  expectEqual(names.slice(0, 3), ["wte.weight", "wpe.weight", "blocks.0.ln1.weight"], "first names");
  expectEqual(names.slice(-2), ["lnF.weight", "lnF.bias"], "last names");
  expectEqual(names.length, 2 + 2 * 16 + 2, "number of parameter tensors");
}, { taskId: "task-3" });

test("countParameters matches the model's namedParameters() for a small config", () => {
  const model = new TinyGPT(SMALL);
  const count = countParameters(SMALL);
  const numel = (prefix: string) => model.namedParameters().filter(([n]: [string, Tensor]) => n.startsWith(prefix)).reduce((s: number, [, p]: [string, Tensor]) => s + p.numel(), 0);
  expectEqual(count.total, numel(""), "total");
  expectEqual(count.perBlock, numel("blocks.0."), "perBlock");
  expectEqual(count.embeddings, numel("wte.") + numel("wpe."), "embeddings");
  expectEqual(count.finalNorm, numel("lnF."), "finalNorm");
  expectTrue(Math.abs(count.approx - (12 * 2 * 32 * 32 + count.embeddings)) < 0.5, `approx should be 12·L·d² + embeddings (got ${count.approx})`);
}, { taskId: "task-4" });
