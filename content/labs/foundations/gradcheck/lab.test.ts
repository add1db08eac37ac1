// gradcheck lab: the tests shown to the learner — your checker against the engine's gradcheck, and the three repaired ops.
import { FIRST_FAILING_INPUT, centralDiff, gradcheck, mulAdd, softmax, softplus } from "learner";
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

test("centralDiff of sin at 1 with eps = 1e-3 is within 1e-6 of cos(1)", () => {
  expectClose(centralDiff(Math.sin, 1, 1e-3), Math.cos(1), { atol: 1e-6, rtol: 0, label: "central difference, eps = 1e-3" });
}, { taskId: "task-1" });

test("centralDiff of exp at 0.5 with the default eps is within 1e-8 (relative) of exp(0.5)", () => {
  expectClose(centralDiff(Math.exp, 0.5), Math.exp(0.5), { atol: 0, rtol: 1e-8, label: "central difference, default eps" });
}, { taskId: "task-1" });

test("gradcheck passes a correct function, like the engine's", () => {
  manualSeed(1);
  const report = gradcheck((x: Tensor, y: Tensor) => x.tanh().mul(y).sum(-1), [f64([2, 3]), f64([2, 3])]);
  expectTrue(report.ok === true && report.failure === null, "gradcheck(tanh(x)·y summed over the last dim) reports ok with failure null");
  manualSeed(1);
  agree("tanh(x)·y", (x, y) => x.tanh().mul(y).sum(-1), [f64([2, 3]), f64([2, 3])]);
}, { taskId: "task-2" });

test("gradcheck finds a wrong backward rule at the same entry as the engine", () => {
  const badSquare = defineOp("badSquare", {
    forward: (ctx: OpContext, x: Tensor) => {
      ctx.save(x);
      return x.mul(x);
    },
    backward: (ctx: OpContext, g: Tensor) => [g.mul(ctx.saved[0]!).mul(3)], // should be 2
  });
  manualSeed(2);
  const x = f64([2, 2]);
  const report = gradcheck(badSquare, [x]);
  expectEqual(report.ok, false, "ok for a wrong rule");
  agree("badSquare", badSquare, [x]);
}, { taskId: "task-2" });

test("gradcheck refuses float32 inputs and calls with nothing to check", () => {
  expectThrows(() => gradcheck((x: Tensor) => x.exp(), [randn([3]).requiresGrad_()]), /float64/);
  expectThrows(() => gradcheck((x: Tensor) => x.exp(), [randn([3], { dtype: "float64" })]), /requiresGrad/);
}, { taskId: "task-2" });

test("softplus: forward equals log(1 + eˣ) and the engine's gradcheck passes", () => {
  const x = tensor([-3, -0.5, 0.2, 1.7, 4], { dtype: "float64", requiresGrad: true });
  expectClose(d64(softplus(x)), d64(x.detach().exp().add(1).log()), { atol: 1e-12, rtol: 1e-12, label: "softplus(x)" });
  expectTrue(engineGradcheck(softplus, [x], { raiseException: false }), "the engine's gradcheck passes softplus");
}, { taskId: "task-3" });

test("mulAdd: forward equals a·b + c and the engine's gradcheck passes", () => {
  manualSeed(3);
  const [a, b, c] = [f64([3, 4]), f64([3, 4]), f64([4])];
  expectClose(d64(mulAdd(a, b, c)), d64(a.detach().mul(b.detach()).add(c.detach())), { atol: 1e-12, rtol: 1e-12, label: "mulAdd(a, b, c)" });
  expectTrue(engineGradcheck(mulAdd, [a, b, c], { raiseException: false }), "the engine's gradcheck passes mulAdd");
}, { taskId: "task-3" });

test("softmax: forward equals x.softmax(-1) and the engine's gradcheck passes", () => {
  manualSeed(4);
  const x = f64([3, 5]);
  expectClose(d64(softmax(x)), d64(x.detach().softmax(-1)), { atol: 1e-12, rtol: 1e-9, label: "softmax(x)" });
  expectTrue(engineGradcheck(softmax, [x], { raiseException: false }), "the engine's gradcheck passes softmax");
}, { taskId: "task-3" });

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

test("FIRST_FAILING_INPUT names the input where each starter bug first shows", () => {
  manualSeed(5);
  const expected = {
    softplus: engineVerdict(buggySoftplus, [f64([4])])!.input,
    mulAdd: engineVerdict(buggyMulAdd, [f64([3, 4]), f64([3, 4]), f64([4])])!.input,
    softmax: engineVerdict(buggySoftmax, [f64([3, 5])])!.input,
  };
  expectEqual(FIRST_FAILING_INPUT, expected, "FIRST_FAILING_INPUT");
}, { taskId: "task-4" });
