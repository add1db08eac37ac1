// AWQ: the tests shown to the learner — activation statistics and scales, scaled RTN, the α grid search, RTN vs GPTQ vs AWQ.
import { awqScales, awqSearch, channelMeanAbs, packedSizeBytes, quantizeLinear, quantizeWithScales, rtnQuantize } from "learner";
import { defineOp, F, manualSeed, nn, noGrad, optim, randint, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

const F32 = { atol: 1e-6, rtol: 1e-5 };
const Q4 = { bits: 4, groupSize: 32 };

function outputError(X: Tensor, W: Tensor, Wq: Tensor): number {
  const D = X.double().matmul(W.double().sub(Wq.double()).transpose(0, 1));
  return Math.sqrt(D.mul(D).sum().item());
}

/** A layer like the golden case: small weights, 256 calibration rows, input channel 5 twenty times larger. */
function layerCase(seed: number): { W: Tensor; X: Tensor } {
  manualSeed(seed);
  const W = randn([16, 64]).mul(0.05);
  const X = randn([256, 64]);
  for (let s = 0; s < 256; s++) X.data[s * 64 + 5] *= 20;
  return { W, X };
}

test("channelMeanAbs is mean |x| per input channel", () => {
  expectClose(channelMeanAbs(tensor([[1, -2, 0], [-3, 2, 0.5]])), [2, 2, 0.25], { ...F32, label: "mean |x| over rows" });
}, { taskId: "task-1" });

test("awqScales: α = 0 gives all ones; otherwise s ∝ s_x^α with √(max · min) = 1", () => {
  const m = tensor([0.5, 1, 2, 8]);
  expectClose(awqScales(m, 0), [1, 1, 1, 1], { ...F32, label: "α = 0" });
  const s = awqScales(m, 0.5).toFloat64Array();
  expectClose(Math.sqrt(Math.max(...s) * Math.min(...s)), 1, { ...F32, label: "√(max · min)" });
  expectClose(s[3] / s[0], Math.sqrt(16), { ...F32, label: "s_3 / s_0 = (8 / 0.5)^0.5" });
}, { taskId: "task-1" });

test("quantizeWithScales: s = 1 is plain RTN, and a power-of-two scale on every channel changes nothing", () => {
  manualSeed(1);
  const W = randn([4, 64]);
  expectClose(quantizeWithScales(W, tensor(new Array(64).fill(1)), Q4), rtnQuantize(W, Q4), { ...F32, label: "s = 1" });
  expectClose(quantizeWithScales(W, tensor(new Array(64).fill(4)), Q4), rtnQuantize(W, Q4), { ...F32, label: "s = 4 everywhere" });
}, { taskId: "task-2" });

test("scaling a salient channel up shrinks its own rounding error", () => {
  manualSeed(2);
  const W = randn([32, 32]).mul(0.05);
  const s = new Array(32).fill(1);
  s[5] = 4;
  const colError = (Wq: Tensor) => W.sub(Wq).select(1, 5).abs().mean().item();
  const plain = colError(rtnQuantize(W, Q4));
  const scaled = colError(quantizeWithScales(W, tensor(s), Q4));
  expectTrue(scaled < plain / 2, `mean |error| of channel 5: ${scaled} with s_5 = 4 should be < half of ${plain} without`);
}, { taskId: "task-2" });

test("awqSearch tries α = 0, 0.05, …, 1; α = 0 is RTN and the best α beats it on a layer with an outlier channel", () => {
  const { W, X } = layerCase(3);
  const r = awqSearch(W, X, Q4);
  expectEqual(r.errors.length, 21, "number of α tried with gridSize 20");
  expectClose(r.errors.map((e: { alpha: number }) => e.alpha), Array.from({ length: 21 }, (_, i) => i / 20), { atol: 1e-12, rtol: 0, label: "α grid" });
  const eRtn = outputError(X, W, rtnQuantize(W, Q4));
  expectClose(r.errors[0].error, eRtn, { atol: 1e-9, rtol: 1e-6, label: "error at α = 0 (= RTN)" });
  const best = Math.min(...r.errors.map((e: { error: number }) => e.error));
  expectClose(outputError(X, W, r.Wq), best, { atol: 1e-9, rtol: 1e-6, label: "error of the returned W'" });
  console.log(`RTN ${eRtn.toFixed(4)}, AWQ ${best.toFixed(4)} at α = ${r.alpha}`);
  expectTrue(best < 0.95 * eRtn, `AWQ error ${best} should be below 0.95 × RTN ${eRtn}`);
}, { taskId: "task-3" });

test("packed size of a 4-bit 64×64 layer with groups of 32: 2048 + 256 + 64 bytes", () => {
  expectEqual(packedSizeBytes(64, 64, Q4), 2048 + 256 + 64, "bytes");
}, { taskId: "task-4" });

const TANG = [
  "兰叶春葳蕤，桂华秋皎洁。欣欣此生意，自尔为佳节。谁知林栖者，闻风坐相悦。草木有本心，何求美人折？",
  "浮云终日行，游子久不至。三夜频梦君，情亲见君意。告归常局促，苦道来不易。江湖多风波，舟楫恐失坠。",
  "出门搔白首，若负平生志。冠盖满京华，斯人独憔悴。孰云网恢恢，将老身反累。千秋万岁名，寂寞身后事。",
  "圣代无隐者，英灵尽来归。遂令东山客，不得顾采薇。既至金门远，孰云吾道非。江淮度寒食，京洛缝春衣。",
  "置酒长安道，同心与我违。行当浮桂棹，未几拂荆扉。远树带行客，孤城当落晖。吾谋适不用，勿谓知音稀。",
  "下马饮君酒，问君何所之。君言不得意，归卧南山陲。但去莫复问，白云无尽时。言入黄花川，每逐青溪水。",
  "随山将万转，趣途无百里。声喧乱石中，色静深松里。漾漾泛菱荇，澄澄映葭苇。我心素已闲，清川澹如此。",
  "请留盘石上，垂钓将已矣。斜光照墟落，穷巷牛羊归。野老念牧童，倚杖候荆扉。雉雊麦苗秀，蚕眠桑叶稀。",
  "田夫荷锄至，相见语依依。即此羡闲逸，怅然吟式微。艳色天下重，西施宁久微。朝为越溪女，暮作吴宫妃。",
  "贱日岂殊众，贵来方悟稀。邀人傅粉粉，不自著罗衣。君宠益娇态，君怜无是非。当时浣纱伴，莫得同车归。",
  "持谢邻家子，效颦安可希。北山白云里，隐者自怡悦。相望始登高，心随雁飞灭。愁因薄暮起，兴是清秋发。",
  "时见归村人，沙行渡头歇。天边树若荠，江畔洲如月。何当载酒来，共醉重阳节。山光忽西落，池月渐东上。",
  "散发乘夕凉，开轩卧闲敞。荷风送香气，竹露滴清响。",
].join("");

/** Mean cross-entropy as one op (softmax − one-hot in backward): the engine's composed version is slower here. */
const crossEntropy = defineOp("crossEntropy", {
  forward(ctx, logits: Tensor, targets: Int32Array) {
    const [n, v] = logits.shape as [number, number];
    const x = logits.toFloat64Array();
    const p = new Float64Array(n * v);
    let loss = 0;
    for (let r = 0; r < n; r++) {
      let mx = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < v; c++) mx = Math.max(mx, x[r * v + c]!);
      let sum = 0;
      for (let c = 0; c < v; c++) sum += (p[r * v + c] = Math.exp(x[r * v + c]! - mx));
      for (let c = 0; c < v; c++) p[r * v + c]! /= sum;
      loss -= Math.log(p[r * v + targets[r]!]!);
    }
    ctx.meta.p = p;
    ctx.meta.targets = targets;
    return tensor(loss / n);
  },
  backward(ctx, g) {
    const p = (ctx.meta.p as Float64Array).slice();
    const targets = ctx.meta.targets as Int32Array;
    const n = targets.length;
    const v = p.length / n;
    for (let r = 0; r < n; r++) p[r * v + targets[r]!]! -= 1;
    return [tensor(Float32Array.from(p, (x) => (x * g.item()) / n), { shape: [n, v] })];
  },
});

/** A character MLP (4 previous characters → next), trained here in about a second (60 Adam steps of 64 examples): emb 16, fc1 64→64 + tanh, fc2 64→V. */
function trainTinyModel() {
  const chars = [...new Set(TANG)].sort();
  const id = new Map(chars.map((c, i) => [c, i]));
  const ids = [...TANG].map((c) => id.get(c)!);
  const C = 4;
  const n = ids.length - C;
  const context = Int32Array.from({ length: n * C }, (_, k) => ids[Math.floor(k / C) + (k % C)]!);
  const targets = Int32Array.from({ length: n }, (_, r) => ids[r + C]!);
  manualSeed(0);
  const emb = new nn.Embedding(chars.length, 16);
  const fc1 = new nn.Linear(C * 16, 64);
  const fc2 = new nn.Linear(64, chars.length);
  const opt = new optim.Adam([...emb.parameters(), ...fc1.parameters(), ...fc2.parameters()], { lr: 1e-2 });
  const inputsOf = (ctx: Int32Array, rows: number) => emb.forward(tensor(ctx, { shape: [rows, C], dtype: "int32" })).reshape(rows, C * 16);
  for (let step = 0; step < 60; step++) {
    const batch = randint(0, n, [64]).toFloat64Array();
    const ctx = Int32Array.from({ length: 64 * C }, (_, k) => context[batch[Math.floor(k / C)]! * C + (k % C)]!);
    const tgt = Int32Array.from(batch, (r) => targets[r]!);
    const loss = crossEntropy(fc2.forward(fc1.forward(inputsOf(ctx, 64)).tanh()), tgt);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  return noGrad(() => {
    const x1 = inputsOf(context, n); // calibration inputs of fc1 (n, 64)
    const x2 = fc1.forward(x1).tanh(); // calibration inputs of fc2 (n, 64)
    const perplexity = (w1: Tensor, w2: Tensor) => {
      const logits = F.linear(F.linear(x1, w1, fc1.bias).tanh(), w2, fc2.bias);
      return Math.exp(crossEntropy(logits, targets).item());
    };
    return { layers: [{ name: "fc1", W: fc1.weight.detach(), X: x1 }, { name: "fc2", W: fc2.weight.detach(), X: x2 }], perplexity };
  });
}

test("RTN vs GPTQ vs AWQ at 4 bits on a tiny character model trained on Tang poems", () => {
  const { layers, perplexity } = trainTinyModel();
  const floatPpl = perplexity(layers[0]!.W, layers[1]!.W);
  const floatBytes = layers.reduce((s, l) => s + l.W.numel() * 4, 0);
  const rows: string[] = [`| method | perplexity | weight bytes | time (ms) |`, `|---|---|---|---|`, `| float32 | ${floatPpl.toFixed(3)} | ${floatBytes} | – |`];
  const ppl: Record<string, number> = {};
  const layerErr: Record<string, number[]> = {};
  let bytes = 0;
  for (const method of ["rtn", "gptq", "awq"] as const) {
    const t0 = performance.now();
    const q = layers.map((l) => quantizeLinear(method, l.W, l.X, Q4) as Tensor);
    const ms = performance.now() - t0;
    q.forEach((Wq, i) => {
      expectShape(Wq, layers[i]!.W.shape, `${method} ${layers[i]!.name}`);
    });
    ppl[method] = perplexity(q[0]!, q[1]!);
    layerErr[method] = layers.map((l, i) => outputError(l.X, l.W, q[i]!));
    bytes = layers.reduce((s, l) => s + (packedSizeBytes(l.W.shape[0]!, l.W.shape[1]!, Q4) as number), 0);
    rows.push(`| ${method} | ${ppl[method].toFixed(3)} | ${bytes} | ${ms.toFixed(0)} |`);
  }
  console.log(rows.join("\n"));
  console.log(`4-bit weights take ${(bytes / floatBytes).toFixed(3)} of float32 (${(floatBytes / bytes).toFixed(2)}× smaller)`);
  expectTrue(floatPpl < 20, `the float model should have learned the excerpt (perplexity ${floatPpl.toFixed(2)} < 20)`);
  for (const m of ["gptq", "awq"]) {
    layerErr[m]!.forEach((e, i) => {
      expectTrue(e <= layerErr.rtn![i]! * 1.0001, `${m} output error of ${layers[i]!.name} (${e.toFixed(4)}) ≤ RTN (${layerErr.rtn![i]!.toFixed(4)})`);
    });
    expectTrue(ppl[m]! <= ppl.rtn! * 1.02, `${m} perplexity ${ppl[m]!.toFixed(3)} should not be worse than RTN ${ppl.rtn!.toFixed(3)} (2% slack)`);
  }
  expectTrue(floatBytes / bytes > 6, `4-bit storage should be > 6× smaller than float32 (got ${(floatBytes / bytes).toFixed(2)}×)`);
}, { taskId: "task-4" });
