// KL-divergence and PPO lab: tests run at grading only (PyTorch goldens, another mixture, far-apart Monte-Carlo, PPO edge cases).
import { adaptiveBeta, fitGaussianToMixture, gaussianKl, klDivergence, klEstimators, momentMatch, ppoClipObjective, trainBanditPpo } from "learner";
import { manualSeed, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectTrue, test } from "llmpath/testing";

// Golden values copied from test/fixtures/goldens/nn_functional.json (PyTorch 1.13, float64 compute, rounded to float32).
const f32 = (data: number[], shape: number[], requiresGrad = false): Tensor => tensor(Float32Array.from(data), { shape, requiresGrad });
const GOLD = { atol: 1e-5, rtol: 1e-4 };

// kl_p_q_direct: KL(P‖Q) per row
const KL_P_Q_DIRECT = {
  p: [0.18200115859508514, 0.2924284040927887, 0.03475631773471832, 0.30879202485084534, 0.1820221096277237, 0.016875939443707466, 0.7835666537284851, 0.025414584204554558, 0.029220594093203545, 0.14492221176624298, 0.16340430080890656, 0.1510334014892578, 0.10731083899736404, 0.5361086130142212, 0.04214286804199219],
  q: [0.013112259097397327, 0.0046493480913341045, 0.057074278593063354, 0.8781991600990295, 0.04696492850780487, 0.20325738191604614, 0.42745116353034973, 0.17506392300128937, 0.056893572211265564, 0.1373339593410492, 0.2608110308647156, 0.031163886189460754, 0.07770950347185135, 0.0207102969288826, 0.6096053123474121],
  output: [1.5964381694793701, 0.3721352517604828, 1.8283437490463257],
  upstream: [0.3774263262748718, 0.19491714239120483, -1.5073689222335815],
  gradP: [1.370233178138733, 1.9405347108840942, 0.19022582471370697, -0.01706172525882721, 0.8887359499931335, -0.29015058279037476, 0.3130400776863098, -0.18123941123485565, 0.0650421679019928, 0.20540006458759308, -0.8025705218315125, -3.8863604068756104, -1.9938753843307495, -6.4119038581848145, 2.5199382305145264],
  gradQ: [-5.238763809204102, -23.73885154724121, -0.2298399657011032, -0.13271048665046692, -1.462792158126831, -0.01618347130715847, -0.3573053181171417, -0.028296738862991333, -0.10010963678359985, -0.20568709075450897, 0.9444023966789246, 7.305348873138428, 2.0815603733062744, 39.0198860168457, 0.10420652478933334],
};
// kl_div_batchmean_logtarget_false: F.kl_div(lq, p, reduction="batchmean") = KL(P‖Q) averaged over the 4 rows
const KL_DIV_BATCHMEAN = {
  lq: [-3.5203845500946045, -2.7181479930877686, -2.343635320663452, -0.7795785069465637, -1.0502859354019165, -1.6547253131866455, -1.1599535942077637, -0.8934935331344604, -3.9893643856048584, -2.693856954574585, -2.16355037689209, -1.4506064653396606, -0.8193302750587463, -1.8968737125396729, -2.8152148723602295, -2.0700833797454834, -2.0648372173309326, -2.531688690185547, -0.6045206189155579, -2.1109330654144287],
  p: [0.20888763666152954, 0.16081492602825165, 0.3416900336742401, 0.15506556630134583, 0.13354182243347168, 0.25835561752319336, 0.16226431727409363, 0.0866684764623642, 0.21727211773395538, 0.27543947100639343, 0.03626785799860954, 0.048768725246191025, 0.19143572449684143, 0.6279439330101013, 0.0955837294459343, 0.041925281286239624, 0.5236390233039856, 0.20638743042945862, 0.021641720086336136, 0.20640654861927032],
  output: 0.7614601254463196,
  upstream: -0.23281791806221008,
  gradLq: [0.012158196419477463, 0.009360149502754211, 0.01988789066672325, 0.009025510400533676, 0.007772732526063919, 0.01503745373338461, 0.009444509632885456, 0.0050444938242435455, 0.012646210379898548, 0.016031811013817787, 0.0021109518129378557, 0.0028385582845658064, 0.01114241685718298, 0.036549150943756104, 0.0055634016171097755, 0.002440239069983363, 0.030478136613965034, 0.012012672610580921, 0.0012596449814736843, 0.012013785541057587],
};

function stats(t: Tensor): { mean: number; std: number; min: number } {
  const a = t.toFloat64Array();
  const mean = a.reduce((s: number, v: number) => s + v, 0) / a.length;
  const std = Math.sqrt(a.reduce((s: number, v: number) => s + (v - mean) ** 2, 0) / (a.length - 1));
  return { mean, std, min: a.reduce((m: number, v: number) => Math.min(m, v), Infinity) };
}

test("golden: KL(P‖Q) per row, value and gradients for P and Q", () => {
  const g = KL_P_Q_DIRECT;
  const p = f32(g.p, [3, 5], true);
  const q = f32(g.q, [3, 5], true);
  const kl = klDivergence(p, q);
  expectShape(kl, [3]);
  expectClose(kl, g.output, GOLD);
  kl.mul(f32(g.upstream, [3])).sum().backward();
  expectClose(p.grad, f32(g.gradP, [3, 5]), { ...GOLD, label: "dKL/dP" });
  expectClose(q.grad, f32(g.gradQ, [3, 5]), { ...GOLD, label: "dKL/dQ" });
}, { taskId: "task-1" });

test("golden: F.kl_div(log Q, P, reduction='batchmean') is the mean of your per-row KL", () => {
  const g = KL_DIV_BATCHMEAN;
  const lq = f32(g.lq, [4, 5], true);
  const kl = klDivergence(f32(g.p, [4, 5]), lq.exp()).mean();
  expectClose(kl.item(), g.output, GOLD);
  kl.mul(g.upstream).backward();
  expectClose(lq.grad, f32(g.gradLq, [4, 5]), { ...GOLD, label: "d/d log Q" });
}, { taskId: "task-1" });

test("KL over a batch of shape (2, 3, C) keeps the leading dims", () => {
  const p = tensor([[[0.2, 0.8], [1, 0], [0.5, 0.5]], [[0.1, 0.9], [0.3, 0.7], [0, 1]]]);
  const q = tensor([[[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], [[0.9, 0.1], [0.3, 0.7], [0.25, 0.75]]]);
  const kl = klDivergence(p, q);
  expectShape(kl, [2, 3]);
  const ref = (a: number[], b: number[]) => a.reduce((s, v, i) => (v > 0 ? s + v * Math.log(v / b[i]) : s), 0);
  const P = p.tolist() as number[][][];
  const Q = q.tolist() as number[][][];
  expectClose(kl, P.map((row, i) => row.map((pi, j) => ref(pi, Q[i][j]))), { atol: 1e-6, rtol: 1e-5 });
}, { taskId: "task-1" });

test("closed-form Gaussian KL agrees with numerical integration", () => {
  for (const [m1, s1, m2, s2] of [[0.5, 0.7, -1, 1.8], [2, 1.5, 2.5, 0.6]]) {
    const n = (x: number, m: number, s: number) => Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    let integral = 0;
    const dx = 0.001;
    for (let x = m1 - 12 * s1; x <= m1 + 12 * s1; x += dx) integral += n(x, m1, s1) * Math.log(n(x, m1, s1) / n(x, m2, s2)) * dx;
    expectClose(gaussianKl(m1, s1, m2, s2), integral, { atol: 1e-6, rtol: 1e-6, label: `KL(N(${m1}, ${s1}²) ‖ N(${m2}, ${s2}²))` });
  }
}, { taskId: "task-2" });

const SKEWED = { weights: [0.3, 0.7], mus: [-2, 4], sigmas: [0.5, 1] };

test("skewed mixture: forward KL picks the overall mean, not a mode", () => {
  const mm = momentMatch(SKEWED);
  expectClose([mm.mu, mm.sigma], [2.2, Math.sqrt(0.3 * (0.25 + 4) + 0.7 * (1 + 16) - 2.2 ** 2)], { atol: 1e-9, rtol: 0, label: "momentMatch" });
  const fit = fitGaussianToMixture(SKEWED, "forward", { mu: 0, sigma: 1 });
  expectClose([fit.mu, fit.sigma], [mm.mu, mm.sigma], { atol: 0.02, rtol: 0, label: "forward-KL fit" });
}, { taskId: "task-2" });

test("skewed mixture: reverse KL picks whichever mode it starts near, at cost −log w", () => {
  const narrow = fitGaussianToMixture(SKEWED, "reverse", { mu: -1.5, sigma: 1 });
  expectClose([narrow.mu, narrow.sigma], [-2, 0.5], { atol: 0.05, rtol: 0, label: "the light, narrow mode" });
  expectClose(narrow.kl, -Math.log(0.3), { atol: 0.01, rtol: 0, label: "KL(q‖p) ≈ −log 0.3" });
  const wide = fitGaussianToMixture(SKEWED, "reverse", { mu: 2.5, sigma: 1 });
  expectClose([wide.mu, wide.sigma], [4, 1], { atol: 0.05, rtol: 0, label: "the heavy, wide mode" });
  expectClose(wide.kl, -Math.log(0.7), { atol: 0.01, rtol: 0, label: "KL(q‖p) ≈ −log 0.7" });
}, { taskId: "task-2" });

test("Monte-Carlo far apart: q = N(0, 1), p = N(1, 1) — k2's bias shows, k1 and k3 stay unbiased", () => {
  manualSeed(321);
  const N = 100000;
  const x = randn([N], { dtype: "float64" });
  const { k1, k2, k3 } = klEstimators(x.square().mul(-0.5), x.sub(1).square().mul(-0.5));
  const truth = 0.5;
  const [s1, s2, s3] = [stats(k1), stats(k2), stats(k3)];
  expectClose(s1.mean, truth, { atol: (4 * s1.std) / Math.sqrt(N), rtol: 0, label: "mean k1 (4 standard errors)" });
  expectClose(s3.mean, truth, { atol: (4 * s3.std) / Math.sqrt(N), rtol: 0, label: "mean k3 (4 standard errors)" });
  expectClose(s2.mean, 0.625, { atol: (4 * s2.std) / Math.sqrt(N), rtol: 0, label: "mean k2 = E[(x − ½)²]/2 = 0.625, biased" });
  expectTrue(s3.std < s1.std, `std k3 (${s3.std}) should still be below std k1 (${s1.std})`);
  expectTrue(s3.min >= 0, `k3 must never be negative, min = ${s3.min}`);
}, { taskId: "task-3" });

test("PPO objective: negative advantages clip on the low side only", () => {
  const logNew = tensor([Math.log(0.5), Math.log(1.5)], { requiresGrad: true });
  const obj = ppoClipObjective(logNew, tensor([0, 0]), tensor([-1, -1]), 0.2);
  // r = 0.5: min(−0.5, −0.8) = −0.8 (clipped, no gradient); r = 1.5: min(−1.5, −1.2) = −1.5 (unclipped).
  expectClose(obj.item(), (-0.8 - 1.5) / 2, { atol: 1e-6, rtol: 0 });
  obj.backward();
  expectClose(logNew.grad, [0, -1.5 / 2], { atol: 1e-6, rtol: 0, label: "gradient" });
}, { taskId: "task-4" });

test("PPO objective: the old log-probabilities are constants and r = 1 gives the mean advantage", () => {
  const logOld = tensor([-1.2, -0.3, -2], { requiresGrad: true });
  const logNew = tensor([-1.2, -0.3, -2], { requiresGrad: true });
  const obj = ppoClipObjective(logNew, logOld, tensor([0.5, -1, 2]), 0.1);
  expectClose(obj.item(), 0.5, { atol: 1e-6, rtol: 0 });
  obj.backward();
  expectClose(logNew.grad, [0.5 / 3, -1 / 3, 2 / 3], { atol: 1e-6, rtol: 0, label: "gradient at r = 1" });
  expectTrue(logOld.grad === null || (logOld.grad.abs().sum().item() as number) === 0, "no gradient may flow into logpOld");
}, { taskId: "task-4" });

test("a tight KL target raises β and slows the policy down", () => {
  const base = { rewards: [0.1, 0.5, 0.9, 0.3], iterations: 30, batchSize: 64, epochs: 8, lr: 0.05, clipEps: 0.2, seed: 2 };
  const tight = trainBanditPpo({ ...base, beta0: 1, targetKl: 0.0005 });
  const loose = trainBanditPpo({ ...base, beta0: 1, targetKl: 0.02 });
  for (let t = 0; t + 1 < tight.beta.length; t++) {
    expectEqual(tight.beta[t + 1], adaptiveBeta(tight.beta[t], tight.kl[t], 0.0005), `beta[${t + 1}] follows the adaptive rule`);
  }
  expectTrue(Math.max(...tight.beta) >= 8, `β should have doubled at least 3 times from 1, max = ${Math.max(...tight.beta)}`);
  const late = [...tight.kl.slice(10)].sort((a, b) => a - b);
  const median = late[late.length >> 1];
  expectTrue(median < 0.005, `once β has adapted, the median per-iteration KL should be near the 0.0005 target (< 0.005), got ${median}`);
  expectTrue(loose.probs[2] > 0.9, `the loose run should solve the bandit, p(best) = ${loose.probs[2]}`);
  const tightEarly = tight.expectedReward[5];
  const looseEarly = loose.expectedReward[5];
  expectTrue(looseEarly > tightEarly, `after 6 iterations the loosely constrained policy should be ahead: ${looseEarly} vs ${tightEarly}`);
}, { taskId: "task-4" });
