// MLM masking: the tests shown to the learner — special tokens, 80/10/10 statistics, labels, static vs dynamic, schedule.
import { DynamicMasking, IGNORE_INDEX, linearRatioSchedule, maskTokens, specialTokensMask, StaticMasking } from "learner";
import { manualSeed, randint, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// Vocabulary of the tests: 0 [PAD], 1 [CLS], 2 [SEP], 3 [MASK], 4..99 ordinary tokens.
const CFG = { vocabSize: 100, maskId: 3, specialIds: [0, 1, 2, 3] };
const Z = 4.5; // binomial bounds: |count − n·p| ≤ 4.5·√(n·p·(1 − p))

/** B sequences of length T: [CLS] tokens… [SEP] then [PAD] up to T, with lengths that vary per row. */
function makeBatch(B: number, T: number, seed: number): Tensor {
  manualSeed(seed);
  const body = randint(4, 100, [B, T]).tolist() as number[][];
  const rows = body.map((row, b) => {
    const len = T - 2 - (b % 7) * 3; // 0 to 18 padding tokens
    return row.map((tok, t) => (t === 0 ? 1 : t < len + 1 ? tok : t === len + 1 ? 2 : 0));
  });
  return tensor(rows, { dtype: "int32" });
}

function flat(t: Tensor): number[] {
  return Array.from(t.toFloat64Array());
}

/** Counts over many positions: selected, and among the selected which became [MASK], a random token, or stayed. */
function census(ids: Tensor, batch: { inputIds: Tensor; labels: Tensor }) {
  const x = flat(ids);
  const inp = flat(batch.inputIds);
  const lab = flat(batch.labels);
  const c = { regular: 0, selected: 0, masked: 0, same: 0, other: 0, specialTouched: 0, badLabel: 0 };
  for (let i = 0; i < x.length; i++) {
    const special = CFG.specialIds.includes(x[i]!);
    if (!special) c.regular++;
    if (lab[i] === IGNORE_INDEX) {
      if (inp[i] !== x[i]) c.badLabel++; // not selected but changed
      continue;
    }
    if (special) c.specialTouched++;
    if (lab[i] !== x[i]) c.badLabel++;
    c.selected++;
    if (inp[i] === CFG.maskId) c.masked++;
    else if (inp[i] === x[i]) c.same++;
    else c.other++;
  }
  return c;
}

function expectBinomial(k: number, n: number, p: number, what: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  expectTrue(Math.abs(k - n * p) <= Z * sd, `${what}: ${k} of ${n}, expected ${(n * p).toFixed(1)} ± ${(Z * sd).toFixed(1)} (p = ${p}, ${Z} standard deviations)`);
}

test("specialTokensMask marks [PAD], [CLS], [SEP] and [MASK] only", () => {
  const ids = tensor([[1, 17, 3, 42, 2, 0]], { dtype: "int32" });
  const m = specialTokensMask(ids, CFG.specialIds);
  expectEqual(m.dtype, "bool", "dtype of the mask");
  expectEqual(m.tolist(), [[true, false, true, false, true, true]], "special positions");
}, { taskId: "task-1" });

test("maskTokens returns int32 (B, T) inputIds and labels, labels = −100 where not selected", () => {
  const ids = makeBatch(8, 40, 1);
  manualSeed(5);
  const out = maskTokens(ids, CFG);
  expectShape(out.inputIds, [8, 40], "inputIds");
  expectShape(out.labels, [8, 40], "labels");
  expectEqual([out.inputIds.dtype, out.labels.dtype], ["int32", "int32"], "dtypes");
  const c = census(ids, out);
  expectEqual(c.badLabel, 0, "positions whose label is neither −100 (unchanged input) nor the original id");
  expectTrue(c.selected > 0, "some positions are selected at ratio 0.15");
}, { taskId: "task-2" });

test("special tokens are never selected, over 20 seeded draws", () => {
  const ids = makeBatch(16, 48, 2);
  for (let seed = 0; seed < 20; seed++) {
    manualSeed(seed);
    const c = census(ids, maskTokens(ids, CFG));
    expectEqual(c.specialTouched, 0, `selected special tokens (seed ${seed})`);
  }
}, { taskId: "task-2" });

test("15% of ordinary tokens selected, then 80% [MASK] / 10% random / 10% unchanged (binomial bounds)", () => {
  const ids = makeBatch(32, 64, 3);
  const total = { regular: 0, selected: 0, masked: 0, same: 0, other: 0 };
  for (let seed = 0; seed < 25; seed++) {
    manualSeed(100 + seed);
    const c = census(ids, maskTokens(ids, CFG));
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += c[k];
  }
  const nRegular = 96; // ids 4..99: a random replacement equals the original with probability 1/96
  expectBinomial(total.selected, total.regular, 0.15, "selected among ordinary tokens");
  expectBinomial(total.masked, total.selected, 0.8, "[MASK] among selected");
  expectBinomial(total.other, total.selected, 0.1 * (1 - 1 / nRegular), "replaced by a different token among selected");
  expectBinomial(total.same, total.selected, 0.1 + 0.1 / nRegular, "left unchanged among selected");
}, { taskId: "task-2" });

test("random replacements are ordinary tokens, never [PAD]/[CLS]/[SEP]", () => {
  const ids = makeBatch(32, 64, 4);
  for (let seed = 0; seed < 10; seed++) {
    manualSeed(seed);
    const out = maskTokens(ids, CFG, 0.5);
    const inp = flat(out.inputIds);
    const lab = flat(out.labels);
    const bad = inp.findIndex((v, i) => lab[i] !== IGNORE_INDEX && v !== CFG.maskId && CFG.specialIds.includes(v));
    expectEqual(bad, -1, `first selected position replaced by a special id (seed ${seed})`);
  }
}, { taskId: "task-2" });

test("static masks repeat every epoch; dynamic masks change every epoch", () => {
  const ids = makeBatch(8, 48, 5);
  const stat = new StaticMasking(ids, CFG, { seed: 7 });
  const dyn = new DynamicMasking(ids, CFG, { seed: 7 });
  expectEqual(stat.epoch(3).labels.tolist(), stat.epoch(0).labels.tolist(), "static labels, epoch 3 vs epoch 0");
  expectEqual(stat.epoch(3).inputIds.tolist(), stat.epoch(0).inputIds.tolist(), "static inputIds, epoch 3 vs epoch 0");
  const epochs = [0, 1, 2, 3].map((e) => flat(dyn.epoch(e).labels));
  for (let a = 0; a < 4; a++) {
    for (let b = a + 1; b < 4; b++) {
      const differ = epochs[a]!.some((v, i) => (v === IGNORE_INDEX) !== (epochs[b]![i] === IGNORE_INDEX));
      expectTrue(differ, `dynamic masks of epochs ${a} and ${b} select different positions`);
    }
  }
}, { taskId: "task-3" });

test("a dynamic mask is reproducible: the same seed and epoch give the same batch", () => {
  const ids = makeBatch(4, 32, 6);
  const a = new DynamicMasking(ids, CFG, { seed: 11 });
  const b = new DynamicMasking(ids, CFG, { seed: 11 });
  manualSeed(999); // the global generator's state must not matter
  expectEqual(a.epoch(2).inputIds.tolist(), b.epoch(2).inputIds.tolist(), "epoch 2 from two maskers with seed 11");
  expectEqual(a.epoch(2).labels.tolist(), a.epoch(2).labels.tolist(), "epoch 2 asked twice");
}, { taskId: "task-3" });

test("linearRatioSchedule goes from 0.3 to 0.15 in 10 steps and stays there", () => {
  const r = linearRatioSchedule({ start: 0.3, end: 0.15, totalSteps: 10 });
  expectClose([0, 5, 10, 25].map(r), [0.3, 0.225, 0.15, 0.15], { atol: 1e-12, rtol: 0, label: "ratio at steps 0, 5, 10, 25" });
}, { taskId: "task-4" });

test("DynamicMasking follows a ratio schedule: about 30% selected at epoch 0, 15% at epoch 10", () => {
  const ids = makeBatch(64, 64, 7);
  const dyn = new DynamicMasking(ids, CFG, { seed: 3, ratio: linearRatioSchedule({ start: 0.3, end: 0.15, totalSteps: 10 }) });
  for (const [epoch, p] of [[0, 0.3], [5, 0.225], [10, 0.15]] as const) {
    const c = census(ids, dyn.epoch(epoch));
    expectBinomial(c.selected, c.regular, p, `selected at epoch ${epoch}`);
  }
}, { taskId: "task-4" });
