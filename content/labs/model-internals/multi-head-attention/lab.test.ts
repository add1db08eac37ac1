// Multi-head attention: the tests shown to the learner — head split/merge, the module, relative bias and RoPE.
import { MultiHeadAttention, applyRope, mergeHeads, relativePositionBias, splitHeads } from "learner";
import { F, arange, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// float32 results against float64 loops or the same formula written with engine ops: |a − e| ≤ 1e-5 + 1e-4·|e|.
const TOL = { atol: 1e-5, rtol: 1e-4 };

type M = number[][];
const m2 = (t: Tensor): M => t.tolist() as M;
const params = (m: { namedParameters(): [string, Tensor][] }): Record<string, Tensor> => Object.fromEntries(m.namedParameters());

test("splitHeads reads the last dim as (H, Dh) and moves heads before time: (2, 3, 8) -> (2, 4, 3, 2)", () => {
  const x = arange(48).reshape(2, 3, 8);
  const h = splitHeads(x, 4);
  expectShape(h, [2, 4, 3, 2]);
  const xs = x.tolist() as M[];
  const expected = [0, 1].map((b) => [0, 1, 2, 3].map((hd) => [0, 1, 2].map((t) => [0, 1].map((d) => xs[b]![t]![hd * 2 + d]!))));
  expectClose(h, expected, { atol: 0, rtol: 0, label: "splitHeads(x, 4)" });
}, { taskId: "task-1" });

test("mergeHeads undoes splitHeads", () => {
  manualSeed(31);
  const x = randn([2, 5, 12]);
  const back = mergeHeads(splitHeads(x, 3));
  expectShape(back, [2, 5, 12]);
  expectClose(back, x, { atol: 0, rtol: 0, label: "mergeHeads(splitHeads(x, 3))" });
}, { taskId: "task-1" });

test("MultiHeadAttention(8, 2) has qProj, kProj, vProj, outProj as Linear(8, 8) with biases", () => {
  const mha = new MultiHeadAttention(8, 2);
  const shapes = mha.namedParameters().map(([name, p]: [string, Tensor]) => [name, p.shape]);
  expectEqual(shapes, [
    ["qProj.weight", [8, 8]], ["qProj.bias", [8]], ["kProj.weight", [8, 8]], ["kProj.bias", [8]],
    ["vProj.weight", [8, 8]], ["vProj.bias", [8]], ["outProj.weight", [8, 8]], ["outProj.bias", [8]],
  ], "namedParameters() names and shapes");
}, { taskId: "task-2" });

test("with one head the module is softmax(q kᵀ/√E) v followed by the output projection", () => {
  manualSeed(32);
  const mha = new MultiHeadAttention(6, 1);
  const p = params(mha);
  const x = randn([2, 4, 6]);
  const q = F.linear(x, p["qProj.weight"]!, p["qProj.bias"]);
  const k = F.linear(x, p["kProj.weight"]!, p["kProj.bias"]);
  const v = F.linear(x, p["vProj.weight"]!, p["vProj.bias"]);
  const w = F.softmax(q.matmul(k.transpose(-2, -1)).div(Math.sqrt(6)), -1); // (2, 4, 4)
  const expected = F.linear(w.matmul(v), p["outProj.weight"]!, p["outProj.bias"]);
  const { out, attn } = mha.forwardWithWeights(x);
  expectShape(out, [2, 4, 6]);
  expectShape(attn, [2, 1, 4, 4]);
  expectClose(out, expected, { ...TOL, label: "out" });
  expectClose(attn.reshape(2, 4, 4), w, { ...TOL, label: "attn" });
}, { taskId: "task-2" });

test("causal: changing the last token leaves the outputs of earlier positions unchanged", () => {
  manualSeed(33);
  const mha = new MultiHeadAttention(8, 2);
  const x = randn([1, 5, 8]);
  const y = x.clone();
  y.narrow(1, 4, 1).copy_(randn([1, 1, 8]));
  const a = mha.forward(x, { causal: true });
  const b = mha.forward(y, { causal: true });
  expectClose(b.narrow(1, 0, 4), a.narrow(1, 0, 4), { ...TOL, label: "positions 0..3" });
  expectTrue(Math.abs(b.narrow(1, 4, 1).sub(a.narrow(1, 4, 1)).abs().sum().item()) > 1e-4, "position 4 should change");
}, { taskId: "task-2" });

test("relativePositionBias(table (2, 5), T = 4, maxDistance = 2) matches loops", () => {
  const table = tensor([[0, 1, 2, 3, 4], [10, 11, 12, 13, 14]]);
  const bias = relativePositionBias(table, 4, 2);
  expectShape(bias, [2, 4, 4]);
  const t = m2(table);
  const clamp = (d: number) => Math.min(Math.max(d, -2), 2);
  const expected = [0, 1].map((h) => [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => t[h]![clamp(j - i) + 2]!)));
  expectClose(bias, expected, { atol: 0, rtol: 0, label: "bias[h, i, j]" });
}, { taskId: "task-3" });

test("RoPE leaves position 0 alone and keeps the length of every (i, i + Dh/2) pair", () => {
  manualSeed(34);
  const x = randn([2, 5, 6]);
  const r = applyRope(x);
  expectShape(r, [2, 5, 6]);
  expectClose(r.narrow(1, 0, 1), x.narrow(1, 0, 1), { ...TOL, label: "position 0" });
  const pairNorms = (t: Tensor) => t.narrow(-1, 0, 3).pow(2).add(t.narrow(-1, 3, 3).pow(2)); // (2, 5, 3)
  expectClose(pairNorms(r), pairNorms(x), { ...TOL, label: "x_i² + x_{i+Dh/2}²" });
}, { taskId: "task-4" });

test("RoPE makes q·k depend only on the distance between positions", () => {
  manualSeed(35);
  const q = randn([1, 8]).expand(6, 8).contiguous(); // the same query vector at positions 0..5
  const k = randn([1, 8]).expand(6, 8).contiguous(); // the same key vector at positions 0..5
  const s = m2(applyRope(q).matmul(applyRope(k).transpose(0, 1))); // s[m][n] = rope(q)_m · rope(k)_n, (6, 6)
  const shifted = s.slice(1).map((row) => row.slice(1)); // s[m + 1][n + 1]
  expectClose(shifted, s.slice(0, 5).map((row) => row.slice(0, 5)), { ...TOL, label: "s[m + 1][n + 1] vs s[m][n]" });
  expectTrue(Math.abs(s[3]![1]! - s[1]![3]!) > 1e-4, "distances +2 and −2 should give different scores");
}, { taskId: "task-4" });
