// gradcheck lab: hidden tests — agreement with the engine on a battery of right and wrong rules, tolerances, edge inputs.
import { centralDiff, gradcheck, mulAdd, softmax, softplus } from "learner";
import { defineOp, gradcheck as engineGradcheck, manualSeed, type OpContext, randn, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectThrows, expectTrue, test } from "llmpath/testing";

type Fn = (...xs: Tensor[]) => Tensor;
interface Failure {
  input: number;
  index: number[];
  output: number;
  analytic: number;
  numeric: number;
}

/** The engine's verdict, with its failure message parsed into the same fields as the learner's report. */
function engineVerdict(fn: Fn, inputs: Tensor[], opts: { eps?: number; atol?: number; rtol?: number } = {}): Failure | null {
  try {
    engineGradcheck(fn, inputs, opts);
    return null;
  } catch (e) {
    const m = /input (\d+) \S+, element \[([^\]]*)\], output element (\d+): analytic (\S+) vs numeric (\S+) /.exec((e as Error).message);
    if (!m) throw e;
    return { input: Number(m[1]), index: m[2] === "" ? [] : m[2]!.split(",").map(Number), output: Number(m[3]), analytic: Number(m[4]), numeric: Number(m[5]) };
  }
}

/** Runs both checkers and requires the same verdict and, on failure, the same first failing entry. */
function agree(name: string, fn: Fn, inputs: Tensor[], opts: { eps?: number; atol?: number; rtol?: number } = {}): void {
  const mine = gradcheck(fn, inputs, opts) as { ok: boolean; failure: Failure | null };
  const ref = engineVerdict(fn, inputs, opts);
  expectEqual(mine.ok, ref === null, `${name}: ok`);
  if (ref === null) {
    expectEqual(mine.failure, null, `${name}: failure of a passing check`);
    return;
  }
  const f = mine.failure!;
  expectEqual([f.input, f.index, f.output], [ref.input, ref.index, ref.output], `${name}: [input, element index, output element] of the first failure`);
  expectClose([f.analytic, f.numeric], [ref.analytic, ref.numeric], { atol: 1e-9, rtol: 1e-6, label: `${name}: [analytic, numeric]` });
}

const f64 = (shape: number[]): Tensor => randn(shape, { dtype: "float64" }).requiresGrad_();
/** Float64 values of a tensor, flattened (expectClose reads tensors as float32; these checks need float64). */
const d64 = (t: Tensor): Float64Array => t.toFloat64Array();

// The starter's three buggy rules, copied here so the test can ask the engine where each one first fails.
const buggySoftplus = defineOp("buggySoftplus", {
  forward: (ctx: OpContext, x: Tensor) => {
    ctx.save(x);
    return x.relu().add(x.abs().neg().exp().add(1).log());
  },
  backward: (ctx: OpContext, g: Tensor) => [g.div(ctx.saved[0]!.exp().add(1))],
});
const buggyMulAdd = defineOp("buggyMulAdd", {
  forward: (ctx: OpContext, a: Tensor, b: Tensor, c: Tensor) => {
    ctx.save(a, b);
    return a.mul(b).add(c);
  },
  backward: (ctx: OpContext, g: Tensor) => [g.mul(ctx.saved[1]!), g.mul(ctx.saved[0]!), g.mean(0)],
});
const buggySoftmax = defineOp("buggySoftmax", {
  forward: (ctx: OpContext, x: Tensor) => {
    const e = x.sub(x.amax(-1, true)).exp();
    const s = e.div(e.sum(-1, true));
    ctx.save(s);
    return s;
  },
  backward: (ctx: OpContext, g: Tensor) => {
    const s = ctx.saved[0]!;
    return [s.mul(g.sub(g.mul(s).sum(0, true)))];
  },
});

test("centralDiff: error shrinks like eps² (eps 1e-2 → 1e-3 cuts the error of x³ at 2 by 100×)", () => {
  const f = (x: number): number => x * x * x;
  // exact: (f(x+h) − f(x−h)) / 2h = 3x² + h², so the error is exactly h²
  expectClose(centralDiff(f, 2, 1e-2) - 12, 1e-4, { atol: 1e-10, rtol: 1e-5, label: "error at eps = 1e-2" });
  expectClose(centralDiff(f, 2, 1e-3) - 12, 1e-6, { atol: 1e-10, rtol: 1e-3, label: "error at eps = 1e-3" });
  expectThrows(() => centralDiff(f, 2, 0), /eps/);
}, { taskId: "task-1" });

test("agrees with the engine on correct functions of several inputs (seeded)", () => {
  manualSeed(11);
  agree("matmul then sum over rows", (a, b) => a.matmul(b).sum(0), [f64([3, 4]), f64([4, 2])]);
  agree("logSoftmax", (x) => x.logSoftmax(-1), [f64([2, 5])]);
  agree("0-d input", (s, v) => v.mul(s).exp(), [f64([]), f64([3])]);
  agree("log of positive input", (x) => x.mul(x).add(1).log().sum(), [f64([2, 3])]);
}, { taskId: "task-2" });

test("an input without requiresGrad keeps its position in the report", () => {
  const wrongOnB = defineOp("wrongOnB", {
    forward: (ctx: OpContext, a: Tensor, b: Tensor) => {
      ctx.save(a, b);
      return a.mul(b);
    },
    backward: (ctx: OpContext, g: Tensor) => [g.mul(ctx.saved[1]!), g.mul(ctx.saved[0]!).mul(-1)],
  });
  manualSeed(12);
  const frozen = randn([2, 2], { dtype: "float64" });
  agree("fn(frozen, a, b)", (_f, a, b) => wrongOnB(a, b).add(_f), [frozen, f64([2, 2]), f64([2, 2])]);
  const r = gradcheck((_f: Tensor, a: Tensor, b: Tensor) => wrongOnB(a, b).add(_f), [frozen, f64([2, 2]), f64([2, 2])]) as { failure: Failure };
  expectEqual(r.failure.input, 2, "input index of the failure (b is the third argument)");
}, { taskId: "task-2" });

test("a rule wrong only for negative elements is reported at the first negative element", () => {
  const leaky = defineOp("leakyWrong", {
    forward: (ctx: OpContext, x: Tensor) => {
      ctx.save(x);
      return x.relu().add(x.neg().relu().mul(-0.1)); // leaky relu, slope 0.1 below 0
    },
    backward: (ctx: OpContext, g: Tensor) => [g.mul(ctx.saved[0]!.gt(0).double())], // forgets the 0.1 slope
  });
  const x = tensor([[0.5, 1.2, -0.7], [-0.3, 2.0, 0.9]], { dtype: "float64", requiresGrad: true });
  agree("leakyWrong", leaky, [x]);
  const r = gradcheck(leaky, [x]) as { failure: Failure };
  expectEqual(r.failure.index, [0, 2], "element index of the first negative entry");
  expectClose([r.failure.analytic, r.failure.numeric], [0, 0.1], { atol: 1e-6, rtol: 0, label: "[analytic, numeric]" });
}, { taskId: "task-2" });

test("tolerances: a gradient off by 1e-4 (relative) passes at rtol 1e-3 and fails at rtol 1e-6, as in the engine", () => {
  const almost = defineOp("almostExp", {
    forward: (ctx: OpContext, x: Tensor) => {
      const y = x.exp();
      ctx.save(y);
      return y;
    },
    backward: (ctx: OpContext, g: Tensor) => [g.mul(ctx.saved[0]!).mul(1 + 1e-4)],
  });
  manualSeed(13);
  const x = f64([4]);
  agree("rtol 1e-3", almost, [x], { rtol: 1e-3, atol: 0 });
  agree("rtol 1e-6", almost, [x], { rtol: 1e-6, atol: 0 });
  expectEqual((gradcheck(almost, [x], { rtol: 1e-3, atol: 0 }) as { ok: boolean }).ok, true, "ok at rtol 1e-3");
  expectEqual((gradcheck(almost, [x], { rtol: 1e-6, atol: 0 }) as { ok: boolean }).ok, false, "ok at rtol 1e-6");
}, { taskId: "task-2" });

test("a passing check compares every Jacobian entry and leaves the inputs as they were", () => {
  manualSeed(14);
  const x = f64([2, 3]);
  const y = f64([3]);
  const before = [...x.toFloat64Array(), ...y.toFloat64Array()];
  const r = gradcheck((a: Tensor, b: Tensor) => a.mul(b).tanh().sum(-1), [x, y]) as { ok: boolean; checked: number };
  expectEqual(r.ok, true, "ok");
  expectEqual(r.checked, (6 + 3) * 2, "entries compared: (6 + 3 input elements) × 2 output elements");
  expectEqual([...x.toFloat64Array(), ...y.toFloat64Array()], before, "input values after gradcheck (bit for bit)");
}, { taskId: "task-2" });

test("the starter's three bugs are caught by your gradcheck at the engine's entries", () => {
  manualSeed(15);
  agree("buggy softplus", buggySoftplus, [f64([5])]);
  agree("buggy mulAdd", buggyMulAdd, [f64([4, 3]), f64([4, 3]), f64([3])]);
  agree("buggy softmax", buggySoftmax, [f64([4, 6])]);
}, { taskId: "task-2" });

test("softplus at large |x|: finite, equal to log(1 + eˣ) / x, gradient sigmoid(x)", () => {
  const xs = [-40, -5, 0, 5, 40];
  const x = tensor(xs, { dtype: "float64", requiresGrad: true });
  const y = softplus(x);
  expectClose(d64(y), xs.map((v) => (v > 30 ? v : Math.log1p(Math.exp(v)))), { atol: 1e-12, rtol: 1e-12, label: "softplus" });
  y.sum().backward();
  expectClose(d64(x.grad!), xs.map((v) => 1 / (1 + Math.exp(-v))), { atol: 1e-12, rtol: 1e-12, label: "d softplus / dx = sigmoid(x)" });
  manualSeed(16);
  expectTrue(engineGradcheck(softplus, [f64([3, 3])], { raiseException: false }), "engine gradcheck passes softplus on a (3, 3) input");
}, { taskId: "task-3" });

test("mulAdd on other shapes: (5, 2) with c (2), and (2, 6) with c (6)", () => {
  manualSeed(17);
  for (const [m, n] of [[5, 2], [2, 6]] as const) {
    const [a, b, c] = [f64([m, n]), f64([m, n]), f64([n])];
    expectTrue(engineGradcheck(mulAdd, [a, b, c], { raiseException: false }), `engine gradcheck passes mulAdd at (${m}, ${n})`);
    mulAdd(a, b, c).sum().backward();
    expectClose(d64(c.grad!), Array(n).fill(m), { atol: 1e-12, rtol: 0, label: `c.grad of sum(mulAdd) is m = ${m} per element` });
  }
}, { taskId: "task-3" });

test("softmax on non-square and large inputs: stable forward, engine gradcheck passes", () => {
  manualSeed(18);
  for (const shape of [[4, 7], [1, 3], [6, 2]]) {
    const x = f64(shape);
    expectTrue(engineGradcheck(softmax, [x], { raiseException: false }), `engine gradcheck passes softmax on [${shape}]`);
  }
  const big = tensor([[1000, 1001, 999]], { dtype: "float64" });
  expectClose(d64(softmax(big)), d64(big.softmax(-1)), { atol: 1e-12, rtol: 1e-9, label: "softmax of [1000, 1001, 999]" });
}, { taskId: "task-3" });
