// MLM masking: tests run at grading only — position uniformity, ratio relative to ordinary tokens, generator hygiene, loss.
import { DynamicMasking, IGNORE_INDEX, linearRatioSchedule, maskTokens, specialTokensMask, StaticMasking } from "learner";
import { F, getRngState, manualSeed, rand, randint, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

// A different vocabulary from the visible tests: [MASK] is the last id, [PAD] is 5, [CLS] 6, [SEP] 7.
const CFG = { vocabSize: 50, maskId: 49, specialIds: [5, 6, 7, 49] };
const REGULAR = Array.from({ length: 50 }, (_, i) => i).filter((i) => !CFG.specialIds.includes(i));
const Z = 4.5;

function expectBinomial(k: number, n: number, p: number, what: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expectTrue(Math.abs(k - n * p) <= Z * sd, `${what}: ${k} of ${n}, expected ${(n * p).toFixed(1)} ± ${(Z * sd).toFixed(1)} (p = ${p}, ${Z} standard deviations)`);
}

/** Ordinary tokens only, drawn from REGULAR. */
function ordinary(B: number, T: number, seed: number): Tensor {
  manualSeed(seed);
  const idx = randint(0, REGULAR.length, [B, T]).tolist() as number[][];
  return tensor(idx.map((r) => r.map((i) => REGULAR[i]!)), { dtype: "int32" });
}

const flat = (t: Tensor) => Array.from(t.toFloat64Array());

test("every position is equally likely to be selected (first, middle and last columns)", () => {
  const ids = ordinary(64, 24, 1);
  const perColumn = new Array<number>(24).fill(0);
  const draws = 40;
  for (let s = 0; s < draws; s++) {
    manualSeed(1000 + s);
    const lab = maskTokens(ids, CFG).labels.tolist() as number[][];
    for (const row of lab) row.forEach((v, t) => { if (v !== IGNORE_INDEX) perColumn[t]!++; });
  }
  for (const t of [0, 11, 23]) expectBinomial(perColumn[t]!, 64 * draws, 0.15, `selections in column ${t}`);
}, { taskId: "task-2" });

test("the ratio applies to ordinary tokens: a batch that is 75% padding still gets 15% of its real tokens selected", () => {
  const real = ordinary(32, 16, 2).tolist() as number[][];
  const ids = tensor(real.map((r) => [6, ...r, 7, ...new Array<number>(54).fill(5)]), { dtype: "int32" }); // (32, 72)
  let selected = 0;
  let regular = 0;
  for (let s = 0; s < 30; s++) {
    manualSeed(s);
    const lab = flat(maskTokens(ids, CFG).labels);
    const x = flat(ids);
    lab.forEach((v, i) => { if (v !== IGNORE_INDEX) { selected++; expectTrue(!CFG.specialIds.includes(x[i]!), `special id ${x[i]} selected at flat index ${i}`); } });
    regular += 32 * 16;
  }
  expectBinomial(selected, regular, 0.15, "selected among the real tokens");
}, { taskId: "task-2" });

test("random replacements are spread over the whole ordinary vocabulary", () => {
  const ids = tensor(new Array(64).fill(0).map(() => new Array<number>(64).fill(10)), { dtype: "int32" });
  const seen = new Map<number, number>();
  let total = 0;
  for (let s = 0; s < 20; s++) {
    manualSeed(50 + s);
    const out = maskTokens(ids, CFG, 1);
    for (const v of flat(out.inputIds)) {
      if (v === CFG.maskId || v === 10) continue;
      seen.set(v, (seen.get(v) ?? 0) + 1);
      total++;
    }
  }
  expectEqual([...seen.keys()].filter((v) => CFG.specialIds.includes(v)), [], "special ids among random replacements");
  expectEqual(seen.size, REGULAR.length - 1, "distinct replacement ids seen (all ordinary ids except the original 10)");
  // Each ordinary id should get about total / |REGULAR| of the replacements.
  for (const id of [0, 20, 48]) expectBinomial(seen.get(id) ?? 0, total, 1 / (REGULAR.length - 1), `replacements by id ${id}`);
}, { taskId: "task-2" });

test("ratio 0 selects nothing; ratio 1 selects every ordinary token", () => {
  const ids = tensor([[6, 11, 12, 13, 7, 5]], { dtype: "int32" });
  manualSeed(0);
  expectEqual(maskTokens(ids, CFG, 0).labels.tolist(), [[-100, -100, -100, -100, -100, -100]], "labels at ratio 0");
  expectEqual(maskTokens(ids, CFG, 1).labels.tolist(), [[-100, 11, 12, 13, -100, -100]], "labels at ratio 1");
}, { taskId: "task-2" });

test("maskTokens draws from the global generator: the same manualSeed gives the same batch", () => {
  const ids = ordinary(6, 20, 3);
  manualSeed(77);
  const a = maskTokens(ids, CFG);
  manualSeed(77);
  const b = maskTokens(ids, CFG);
  expectEqual(a.inputIds.tolist(), b.inputIds.tolist(), "inputIds after manualSeed(77) twice");
  expectEqual(a.labels.tolist(), b.labels.tolist(), "labels after manualSeed(77) twice");
}, { taskId: "task-2" });

test("cross-entropy with ignoreIndex −100 averages over the selected positions only", () => {
  const ids = ordinary(4, 30, 4);
  manualSeed(8);
  const { labels } = maskTokens(ids, CFG, 0.3);
  manualSeed(9);
  const logits = randn([4 * 30, 50]);
  const loss = F.crossEntropy(logits, labels.reshape(-1), { ignoreIndex: IGNORE_INDEX }).item();
  const lp = logits.logSoftmax(-1).tolist() as number[][];
  const lab = flat(labels);
  let sum = 0;
  let n = 0;
  lab.forEach((v, i) => { if (v !== IGNORE_INDEX) { sum -= lp[i]![v]!; n++; } });
  expectTrue(n > 0, "some positions are selected");
  expectClose(loss, sum / n, { atol: 1e-5, rtol: 1e-5, label: "mean NLL over selected positions" });
}, { taskId: "task-2" });

test("maskers leave the global generator where they found it", () => {
  const ids = ordinary(4, 16, 5);
  manualSeed(123);
  const before = getRngState();
  new StaticMasking(ids, CFG, { seed: 1 }).epoch(0);
  new DynamicMasking(ids, CFG, { seed: 1 }).epoch(4);
  expectEqual(getRngState(), before, "generator state after building and using maskers");
  const next = rand([3]).tolist();
  manualSeed(123);
  expectEqual(next, rand([3]).tolist(), "the next three uniforms are the ones the caller would have got");
}, { taskId: "task-3" });

test("different seeds give different static masks; a static mask does not depend on the epoch asked first", () => {
  const ids = ordinary(8, 32, 6);
  const a = new StaticMasking(ids, CFG, { seed: 1 });
  const b = new StaticMasking(ids, CFG, { seed: 2 });
  expectTrue(JSON.stringify(a.epoch(0).labels.tolist()) !== JSON.stringify(b.epoch(0).labels.tolist()), "seeds 1 and 2 select different positions");
  const c = new StaticMasking(ids, CFG, { seed: 1 });
  expectEqual(c.epoch(9).labels.tolist(), a.epoch(0).labels.tolist(), "seed 1: epoch 9 of a fresh masker vs epoch 0");
}, { taskId: "task-3" });

test("over 50 epochs a dynamic masker selects almost every ordinary position at least once; a static one only ~15%", () => {
  const ids = ordinary(4, 32, 7);
  const dyn = new DynamicMasking(ids, CFG, { seed: 5 });
  const stat = new StaticMasking(ids, CFG, { seed: 5 });
  const everDyn = new Set<number>();
  const everStat = new Set<number>();
  for (let e = 0; e < 50; e++) {
    for (const [i, v] of flat(dyn.epoch(e).labels).entries()) if (v !== IGNORE_INDEX) everDyn.add(i);
    for (const [i, v] of flat(stat.epoch(e).labels).entries()) if (v !== IGNORE_INDEX) everStat.add(i);
  }
  // P(never selected in 50 epochs) = 0.85^50 ≈ 3e-4, so nearly all 128 positions are seen.
  expectTrue(everDyn.size >= 124, `dynamic masking selected ${everDyn.size} of 128 positions at least once in 50 epochs (expected ≥ 124)`);
  expectTrue(everStat.size <= 40, `static masking selected ${everStat.size} of 128 positions (expected ≈ 19, at most 40)`);
}, { taskId: "task-3" });

test("schedules: increasing ones work too, fractional steps interpolate, bad arguments are rejected", () => {
  const up = linearRatioSchedule({ start: 0.1, end: 0.4, totalSteps: 3 });
  expectClose([0, 1, 1.5, 3, 4].map(up), [0.1, 0.2, 0.25, 0.4, 0.4], { atol: 1e-12, rtol: 0, label: "0.1 → 0.4 over 3 steps" });
  expectThrows(() => linearRatioSchedule({ start: 0.3, end: 0.15, totalSteps: 0 }), /totalSteps/);
  expectThrows(() => linearRatioSchedule({ start: 1.5, end: 0.15, totalSteps: 10 }), /start/);
}, { taskId: "task-4" });

test("a scheduled static masker uses the ratio of epoch 0", () => {
  const ids = ordinary(64, 64, 8);
  const stat = new StaticMasking(ids, CFG, { seed: 2, ratio: linearRatioSchedule({ start: 0.4, end: 0.1, totalSteps: 5 }) });
  const n = flat(stat.epoch(5).labels).filter((v) => v !== IGNORE_INDEX).length;
  expectBinomial(n, 64 * 64, 0.4, "selected by a static masker built with a 0.4 → 0.1 schedule");
  const unused = specialTokensMask(ids, CFG.specialIds);
  expectEqual(flat(unused.int()).reduce((a, b) => a + b, 0), 0, "no special tokens in this batch");
}, { taskId: "task-4" });
