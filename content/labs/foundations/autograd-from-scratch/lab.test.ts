// Scalar autograd from scratch: the tests shown to the learner — values and gradients against the engine (float64).
import { Value, topologicalOrder } from "learner";
import { manualSeed, rand, type Tensor, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectTrue, test } from "llmpath/testing";

// Both sides compute in float64; sums of shared gradients may be added in a different order: |a − e| ≤ 1e-12 + 1e-9·|e|.
const TOL = { atol: 1e-12, rtol: 1e-9 };

const leaf = (x: number): Tensor => tensor(x, { dtype: "float64", requiresGrad: true });
const gradOf = (t: Tensor): number => (t.grad ? t.grad.item() : 0);

/** The learner's Value, as the tests use it ("learner" is untyped). */
interface V {
  data: number;
  grad: number;
  parents: V[];
  op: string;
  add(o: V | number): V;
  mul(o: V | number): V;
  sub(o: V | number): V;
  div(o: V | number): V;
  pow(k: number): V;
  neg(): V;
  exp(): V;
  log(): V;
  tanh(): V;
  relu(): V;
  sigmoid(): V;
  backward(): void;
  zeroGrad(): void;
}
const val = (x: number): V => new Value(x);
const topo = (root: V): V[] => topologicalOrder(root);

test("add and mul: values and gradients of (a·b) + a", () => {
  const a = val(2);
  const b = val(-3);
  const out = a.mul(b).add(a);
  expectClose(out.data, -4, { ...TOL, label: "a·b + a" });
  out.backward();
  expectClose(a.grad, -2, { ...TOL, label: "d/da = b + 1" });
  expectClose(b.grad, 2, { ...TOL, label: "d/db = a" });
}, { taskId: "task-1" });

test("each primitive matches the engine at x = 0.7", () => {
  const cases: Array<[string, (v: V) => V, (t: Tensor) => Tensor]> = [
    ["pow(3)", (v) => v.pow(3), (t) => t.pow(3)],
    ["pow(-0.5)", (v) => v.pow(-0.5), (t) => t.pow(-0.5)],
    ["exp", (v) => v.exp(), (t) => t.exp()],
    ["log", (v) => v.log(), (t) => t.log()],
    ["tanh", (v) => v.tanh(), (t) => t.tanh()],
    ["relu", (v) => v.relu(), (t) => t.relu()],
    ["add(number)", (v) => v.add(1.5), (t) => t.add(1.5)],
    ["mul(number)", (v) => v.mul(-2.5), (t) => t.mul(-2.5)],
  ];
  for (const [name, f, g] of cases) {
    const v = val(0.7);
    const t = leaf(0.7);
    const out = f(v);
    const ref = g(t);
    expectClose(out.data, ref.item(), { ...TOL, label: `${name}: value` });
    out.backward();
    ref.backward();
    expectClose(v.grad, gradOf(t), { ...TOL, label: `${name}: gradient` });
  }
}, { taskId: "task-1" });

test("relu at a negative input: value 0, gradient 0", () => {
  const v = val(-1.25);
  const out = v.relu();
  expectClose(out.data, 0, { ...TOL, label: "relu(-1.25)" });
  out.backward();
  expectClose(v.grad, 0, { ...TOL, label: "d relu / dx at -1.25" });
}, { taskId: "task-1" });

test("neg, sub, div and sigmoid match the engine", () => {
  const a = val(1.3);
  const b = val(-0.4);
  const out = a.sub(b).div(b.neg().add(2)).add(a.mul(b).sigmoid());
  const ta = leaf(1.3);
  const tb = leaf(-0.4);
  const ref = ta.sub(tb).div(tb.neg().add(2)).add(ta.mul(tb).sigmoid());
  expectClose(out.data, ref.item(), { ...TOL, label: "value" });
  out.backward();
  ref.backward();
  expectClose([a.grad, b.grad], [gradOf(ta), gradOf(tb)], { ...TOL, label: "[d/da, d/db]" });
}, { taskId: "task-2" });

test("topologicalOrder of a diamond: every node once, parents before children, root last", () => {
  const x = val(0.5);
  const a = x.mul(2);
  const b = x.exp();
  const out = a.add(b);
  const order: V[] = topo(out);
  expectEqual(new Set(order).size, order.length, "no node appears twice");
  // x, the constant 2, a, b, out
  expectEqual(order.length, 5, "number of nodes reachable from out (x, the constant 2, a, b, out)");
  expectTrue(order[order.length - 1] === out, "the root comes last");
  const pos = new Map(order.map((n, i) => [n, i]));
  for (const n of order) for (const p of n.parents) expectTrue(pos.get(p)! < pos.get(n)!, `parent of a ${n.op} node comes before it`);
}, { taskId: "task-3" });

test("a reused node collects the sum of its gradients: x·x, x + x and y = x·x + x", () => {
  const x = val(3);
  x.mul(x).backward();
  expectClose(x.grad, 6, { ...TOL, label: "d(x·x)/dx" });
  const y = val(3);
  y.add(y).backward();
  expectClose(y.grad, 2, { ...TOL, label: "d(y + y)/dy" });
  const z = val(-1.5);
  const sq = z.mul(z);
  sq.add(z).add(sq.tanh()).backward();
  const tz = leaf(-1.5);
  const tsq = tz.mul(tz);
  tsq.add(tz).add(tsq.tanh()).backward();
  expectClose(z.grad, gradOf(tz), { ...TOL, label: "d/dz of z² + z + tanh(z²)" });
}, { taskId: "task-4" });

test("backward twice adds the gradients again (leaf grads double); zeroGrad resets", () => {
  const a = val(0.3);
  const b = val(-1.1);
  const out = a.mul(b).tanh().add(a.exp());
  out.backward();
  const once = [a.grad, b.grad];
  expectClose(out.grad, 1, { ...TOL, label: "d out / d out after one backward" });
  out.backward();
  expectClose([a.grad, b.grad], once.map((g) => 2 * g), { ...TOL, label: "leaf grads after two backward() calls" });
  out.zeroGrad();
  expectClose([a.grad, b.grad, out.grad], [0, 0, 0], { ...TOL, label: "grads after zeroGrad()" });
  out.backward();
  expectClose([a.grad, b.grad], once, { ...TOL, label: "leaf grads after zeroGrad() and one backward()" });
}, { taskId: "task-4" });

// ---- seeded random expressions: a small program of ops over 3 leaves, intermediate nodes reused ----
const OPS = ["add", "mul", "sub", "div", "exp", "log", "tanh", "relu", "pow", "sigmoid"] as const;
type Op = (typeof OPS)[number];
interface Step {
  op: Op;
  a: number;
  b: number;
  k: number;
}

/** Plain-number forward used only to keep generated values in a safe range. */
function num(s: Step, x: number[]): number {
  const a = x[s.a]!;
  const b = x[s.b]!;
  switch (s.op) {
    case "add": return a + b;
    case "mul": return a * b;
    case "sub": return a - b;
    case "div": return a / (b * b + 1);
    case "exp": return Math.exp(a);
    case "log": return Math.log(a * a + 0.5);
    case "tanh": return Math.tanh(a);
    case "relu": return Math.max(a, 0);
    case "pow": return (a * a + 0.5) ** s.k;
    case "sigmoid": return 1 / (1 + Math.exp(-a));
  }
}

function program(seed: number, leaves: number, steps: number): { init: number[]; prog: Step[] } {
  manualSeed(seed);
  const u = rand([leaves + 8 * steps], { dtype: "float64" }).tolist() as number[];
  let at = 0;
  const next = (): number => u[at++ % u.length]!;
  const init = Array.from({ length: leaves }, () => (next() - 0.5) * 4);
  const x = [...init];
  const prog: Step[] = [];
  while (prog.length < steps) {
    const s: Step = { op: OPS[Math.floor(next() * OPS.length)]!, a: Math.floor(next() * x.length), b: Math.floor(next() * x.length), k: [-0.5, 1.5, 2, 3][Math.floor(next() * 4)]! };
    const v = num(s, x);
    if (!Number.isFinite(v) || Math.abs(v) > 50) continue;
    prog.push(s);
    x.push(v);
  }
  return { init, prog };
}

function runValues(init: number[], prog: Step[]): { leaves: V[]; out: V } {
  const leaves = init.map((v) => val(v));
  const x: V[] = [...leaves];
  for (const s of prog) {
    const a = x[s.a]!;
    const b = x[s.b]!;
    const r: Record<Op, () => V> = {
      add: () => a.add(b), mul: () => a.mul(b), sub: () => a.sub(b), div: () => a.div(b.mul(b).add(1)),
      exp: () => a.exp(), log: () => a.mul(a).add(0.5).log(), tanh: () => a.tanh(), relu: () => a.relu(),
      pow: () => a.mul(a).add(0.5).pow(s.k), sigmoid: () => a.sigmoid(),
    };
    x.push(r[s.op]());
  }
  return { leaves, out: x[x.length - 1]!.add(x[x.length - 2]!) };
}

function runTensors(init: number[], prog: Step[]): { leaves: Tensor[]; out: Tensor } {
  const leaves = init.map(leaf);
  const x: Tensor[] = [...leaves];
  for (const s of prog) {
    const a = x[s.a]!;
    const b = x[s.b]!;
    const r: Record<Op, () => Tensor> = {
      add: () => a.add(b), mul: () => a.mul(b), sub: () => a.sub(b), div: () => a.div(b.mul(b).add(1)),
      exp: () => a.exp(), log: () => a.mul(a).add(0.5).log(), tanh: () => a.tanh(), relu: () => a.relu(),
      pow: () => a.mul(a).add(0.5).pow(s.k), sigmoid: () => a.sigmoid(),
    };
    x.push(r[s.op]());
  }
  return { leaves, out: x[x.length - 1]!.add(x[x.length - 2]!) };
}

test("seeded random expressions (seeds 1-5): values and gradients equal the engine's", () => {
  for (let seed = 1; seed <= 5; seed++) {
    const { init, prog } = program(seed, 3, 10);
    const mine = runValues(init, prog);
    const ref = runTensors(init, prog);
    expectClose(mine.out.data, ref.out.item(), { ...TOL, label: `seed ${seed}: value` });
    mine.out.backward();
    ref.out.backward();
    expectClose(mine.leaves.map((v) => v.grad), ref.leaves.map(gradOf), { ...TOL, label: `seed ${seed}: leaf gradients` });
  }
}, { taskId: "task-4" });
