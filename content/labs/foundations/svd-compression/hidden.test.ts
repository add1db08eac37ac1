// SVD compression: tests run at grading only — PyTorch goldens, wide/tall shapes, edge ranks, exact boundaries.
import {
  breakEvenRank,
  chooseRank,
  factoredMatVec,
  factoredMatVecCost,
  frobeniusError,
  lowRankFactors,
  reconstruct,
  savedFraction,
  storedValues,
} from "learner";
import { eye, linalg, manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

const TOL = { atol: 1e-4, rtol: 1e-4 };

// test/fixtures/goldens/linalg.json, case svd_8x8 (torch 1.13, seed 1234): A, its singular values, the rank-2
// reconstruction, its Frobenius error and the values the rank-2 factors store (2·(8 + 8 + 1) = 34).
const GOLDEN_A = [
  [1.1532189846038818, 0.2664048969745636, -0.32629722356796265, -0.9911311268806458, 1.499703049659729, -0.1413368433713913, -0.031580109149217606, 1.6123028993606567],
  [-0.1068226769566536, -0.6972151398658752, 0.1252453774213791, -0.0036185323260724545, 0.39032450318336487, 1.3280014991760254, 0.9764419794082642, -1.4284822940826416],
  [0.5083695650100708, 1.0952978134155273, -0.7006715536117554, 1.6576951742172241, 1.4274924993515015, 1.6846489906311035, -0.15675924718379974, -2.016040325164795],
  [-0.9090759754180908, -1.8296692371368408, -1.3233426809310913, -0.8738598227500916, -0.063353531062603, -0.6462209224700928, -1.789900302886963, -0.042995817959308624],
  [-0.1736481487751007, -0.42855867743492126, -0.6774504780769348, 1.5415194034576416, 0.9150689840316772, 1.171832799911499, -1.1923733949661255, 0.7413604259490967],
  [-0.36966472864151, -2.2613048553466797, 1.0165654420852661, 0.2403954714536667, -1.9697080850601196, 0.3666872978210449, 0.04058772325515747, 1.7663365602493286],
  [-1.6160470247268677, 0.44296255707740784, 1.6332672834396362, 0.0906517431139946, 0.9817512035369873, 0.15493768453598022, 1.4552195072174072, -1.0038357973098755],
  [0.2762979567050934, -0.0036204189527779818, -0.07260725647211075, 0.8680388331413269, 0.3913280665874481, 0.2391565591096878, 0.22659172117710114, 1.1761871576309204],
];
const GOLDEN_S = [5.154914855957031, 3.847496747970581, 3.33419132232666, 3.0342485904693604, 2.1138110160827637, 1.7620834112167358, 0.4965053200721741, 0.16124330461025238];
const GOLDEN_RANK2 = [
  [0.3620088994503021, -0.19564354419708252, -0.7245970964431763, 0.11069371551275253, 0.20556795597076416, 0.024249419569969177, -0.793735921382904, 0.5021722912788391],
  [-0.167435884475708, 0.6198920607566833, 0.4093441665172577, 0.21662010252475739, 0.3574024438858032, 0.2981199622154236, 0.6826671957969666, -0.9113961458206177],
  [0.511864423751831, 1.6057407855987549, -0.7607030272483826, 1.1087827682495117, 1.899529218673706, 1.1341769695281982, -0.00032403116347268224, -1.7047059535980225],
  [0.3333112597465515, -0.8297227621078491, -0.7582062482833862, -0.22669948637485504, -0.36593207716941833, -0.3572342097759247, -1.1179994344711304, 1.2956722974777222],
  [0.6138623356819153, 0.13808991014957428, -1.1628506183624268, 0.42539268732070923, 0.7501605749130249, 0.3156551420688629, -1.0658966302871704, 0.24880996346473694],
  [-0.4057287275791168, -1.394638180732727, 0.5858911275863647, -0.9405174255371094, -1.6098045110702515, -0.9702020287513733, -0.07237131893634796, 1.507544994354248],
  [-0.625545084476471, 0.7481296062469482, 1.309567928314209, 0.016167543828487396, -0.004738315008580685, 0.19770029187202454, 1.6159777641296387, -1.3937816619873047],
  [0.1700749695301056, -0.07471390813589096, -0.33801108598709106, 0.060706716030836105, 0.11127947270870209, 0.021443400532007217, -0.36265143752098083, 0.21385887265205383],
];
const GOLDEN_ERROR_RANK2 = 5.307461656579969;

function factorsOf(W: Tensor, k: number): { U: Tensor; S: Tensor; Vh: Tensor } {
  const { U, S, Vh } = linalg.svd(W);
  return { U: U.narrow(1, 0, k), S: S.narrow(0, 0, k), Vh: Vh.narrow(0, 0, k) };
}

function droppedEnergy(W: Tensor, k: number): number {
  const s = linalg.svd(W).S.tolist() as number[];
  return Math.sqrt(s.slice(k).reduce((acc, v) => acc + v * v, 0));
}

test("golden 8×8: singular values match PyTorch", () => {
  expectClose(lowRankFactors(tensor(GOLDEN_A), 8).S, GOLDEN_S, { ...TOL, label: "S of the golden A" });
}, { taskId: "task-1" });

test("golden 8×8: the rank-2 reconstruction matches PyTorch", () => {
  expectClose(reconstruct(factorsOf(tensor(GOLDEN_A), 2)), GOLDEN_RANK2, { ...TOL, label: "rank-2 reconstruction of the golden A" });
}, { taskId: "task-2" });

test("golden 8×8: rank-2 factors store 2·(8 + 8 + 1) = 34 values", () => {
  expectEqual(storedValues(8, 8, 2), 34, "storedValues(8, 8, 2)");
}, { taskId: "task-3" });

test("golden 8×8: the rank-2 Frobenius error matches PyTorch", () => {
  expectClose(frobeniusError(tensor(GOLDEN_A), 2), GOLDEN_ERROR_RANK2, { ...TOL, label: "‖A − A₂‖_F" });
}, { taskId: "task-4" });

test("lowRankFactors on a wide 6×10 matrix at full rank 6", () => {
  manualSeed(201);
  const W = randn([6, 10]);
  const f = lowRankFactors(W, 6);
  expectShape(f.U, [6, 6], "U");
  expectShape(f.S, [6], "S");
  expectShape(f.Vh, [6, 10], "Vh");
  expectClose(f.Vh.matmul(f.Vh.transpose(0, 1)), eye(6), { ...TOL, label: "Vh Vhᵀ = I" });
  const s = f.S.tolist() as number[];
  expectTrue(s.every((v, i) => i === 0 || v <= s[i - 1]!), `S must be descending, got [${s.join(", ")}]`);
}, { taskId: "task-1" });

test("lowRankFactors refuses k = 0, k > min(m, n) and a fractional k", () => {
  manualSeed(202);
  const W = randn([5, 4]);
  expectThrows(() => lowRankFactors(W, 0));
  expectThrows(() => lowRankFactors(W, 5));
  expectThrows(() => lowRankFactors(W, 1.5));
}, { taskId: "task-1" });

test("reconstruct of a single triplet is the outer product σ u vᵀ", () => {
  const f = { U: tensor([[0.6], [0.8]]), S: tensor([5]), Vh: tensor([[1, 0, 0]]) };
  expectClose(reconstruct(f), [[3, 0, 0], [4, 0, 0]], { atol: 1e-6, rtol: 0, label: "5 · [0.6, 0.8]ᵀ [1, 0, 0]" });
}, { taskId: "task-2" });

test("storedValues and savedFraction for an LLaMA-sized 4096×11008 projection at k = 64", () => {
  expectEqual(storedValues(4096, 11008, 64), 966720, "storedValues(4096, 11008, 64) = 64·15105");
  expectClose(savedFraction(4096, 11008, 64), 1 - 966720 / (4096 * 11008), { atol: 1e-12, rtol: 0, label: "savedFraction(4096, 11008, 64)" });
}, { taskId: "task-3" });

test("savedFraction is negative past the break-even rank (full-rank 8×8 factors hold 136 values)", () => {
  expectClose(savedFraction(8, 8, 8), 1 - 136 / 64, { atol: 1e-12, rtol: 0, label: "savedFraction(8, 8, 8)" });
}, { taskId: "task-3" });

test("breakEvenRank on small and exact-boundary shapes", () => {
  expectEqual(breakEvenRank(1, 1), 0, "breakEvenRank(1, 1): even k = 1 stores 3 values for 1");
  expectEqual(breakEvenRank(2, 2), 0, "breakEvenRank(2, 2): k = 1 stores 5 values for 4");
  expectEqual(breakEvenRank(10, 6), 3, "breakEvenRank(10, 6): 3·17 = 51 < 60 ≤ 4·17");
  expectEqual(breakEvenRank(5, 9), 2, "breakEvenRank(5, 9): 3·15 = 45 = 5·9 saves nothing");
  expectEqual(breakEvenRank(4096, 11008), 2985, "breakEvenRank(4096, 11008)");
}, { taskId: "task-3" });

test("frobeniusError on a tall 20×5 matrix follows Eckart–Young and shrinks with k", () => {
  manualSeed(203);
  const W = randn([20, 5]);
  let previous = Number.POSITIVE_INFINITY;
  for (const k of [1, 2, 3, 4]) {
    const e = frobeniusError(W, k);
    expectClose(e, droppedEnergy(W, k), { ...TOL, label: `‖W − W_k‖_F at k = ${k}` });
    expectTrue(e < previous, `the error must shrink as k grows, got ${e} at k = ${k} after ${previous}`);
    previous = e;
  }
  expectClose(frobeniusError(W, 5), 0, { ...TOL, label: "‖W − W_5‖_F at full rank" });
}, { taskId: "task-4" });

test("chooseRank at an exact boundary keeps the target (≥, not >)", () => {
  const S = tensor([1, 1, 1, 1]);
  expectEqual(chooseRank(S, 0.5), 2, "chooseRank([1, 1, 1, 1], 0.5): 2 of 4 is exactly one half");
  expectEqual(chooseRank(S, 0.25), 1, "chooseRank([1, 1, 1, 1], 0.25)");
  expectEqual(chooseRank(S, 1), 4, "chooseRank([1, 1, 1, 1], 1)");
}, { taskId: "task-5" });

test("chooseRank stops at the true rank when the tail is zero", () => {
  expectEqual(chooseRank(tensor([2, 1, 0, 0]), 1), 2, "chooseRank([2, 1, 0, 0], 1)");
}, { taskId: "task-5" });

test("chooseRank refuses an energy outside (0, 1]", () => {
  expectThrows(() => chooseRank(tensor([3, 2, 1]), 0));
  expectThrows(() => chooseRank(tensor([3, 2, 1]), 1.5));
}, { taskId: "task-5" });

test("chooseRank at 0.9 on a random 16×12 spectrum matches a cumulative-sum reference", () => {
  manualSeed(204);
  const S = linalg.svd(randn([16, 12])).S;
  const s = S.tolist() as number[];
  const total = s.reduce((a, v) => a + v * v, 0);
  let kept = 0;
  let expected = s.length;
  for (let k = 1; k <= s.length; k++) {
    kept += s[k - 1]! * s[k - 1]!;
    if (kept >= 0.9 * total) {
      expected = k;
      break;
    }
  }
  expectEqual(chooseRank(S, 0.9), expected, "chooseRank(S, 0.9)");
}, { taskId: "task-5" });

test("factoredMatVecCost beats m·n exactly when k < mn/(m + n)", () => {
  expectEqual(factoredMatVecCost(4096, 11008, 64), 966656, "factoredMatVecCost(4096, 11008, 64)");
  expectEqual(factoredMatVecCost(768, 768, 384), 768 * 768, "factoredMatVecCost(768, 768, 384) ties with the dense 589 824");
}, { taskId: "task-6" });

test("factoredMatVec on a wide 5×9 and a tall 12×4 matrix equals W_k x", () => {
  manualSeed(205);
  for (const [m, n, k] of [[5, 9, 2], [12, 4, 4]] as const) {
    const W = randn([m, n]);
    const x = randn([n]);
    const f = factorsOf(W, k);
    const y = factoredMatVec(f, x);
    expectShape(y, [m]);
    expectClose(y, f.U.mul(f.S).matmul(f.Vh).matmul(x), { ...TOL, label: `factoredMatVec on ${m}×${n}, k = ${k}` });
  }
}, { taskId: "task-6" });
