// Scalar autograd from scratch: hidden tests — more seeded expressions, long chains, repeated backward, dynamic control flow.
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

test("seeded random expressions (seeds 11-40, 4 leaves, 14 ops): values and gradients equal the engine's", () => {
  for (let seed = 11; seed <= 40; seed++) {
    const { init, prog } = program(seed, 4, 14);
    const mine = runValues(init, prog);
    const ref = runTensors(init, prog);
    expectClose(mine.out.data, ref.out.item(), { ...TOL, label: `seed ${seed}: value` });
    mine.out.backward();
    ref.out.backward();
    expectClose(mine.leaves.map((v) => v.grad), ref.leaves.map(gradOf), { ...TOL, label: `seed ${seed}: leaf gradients` });
  }
}, { taskId: "task-4" });

test("backward twice on a random expression equals the engine's backward twice with retainGraph", () => {
  const { init, prog } = program(77, 3, 12);
  const mine = runValues(init, prog);
  const ref = runTensors(init, prog);
  mine.out.backward();
  mine.out.backward();
  ref.out.backward(undefined, { retainGraph: true });
  ref.out.backward();
  expectClose(mine.leaves.map((v) => v.grad), ref.leaves.map(gradOf), { ...TOL, label: "leaf gradients after two backward() calls" });
  expectClose(mine.out.grad, 2, { ...TOL, label: "root grad after two backward() calls" });
}, { taskId: "task-4" });

test("topologicalOrder of random programs: all reachable nodes, once each, parents first", () => {
  for (let seed = 3; seed <= 8; seed++) {
    const { init, prog } = program(seed, 3, 12);
    const { out } = runValues(init, prog);
    const reachable = new Set<V>();
    const todo: V[] = [out];
    while (todo.length > 0) {
      const n = todo.pop()!;
      if (reachable.has(n)) continue;
      reachable.add(n);
      todo.push(...n.parents);
    }
    const order: V[] = topo(out);
    expectEqual(order.length, reachable.size, `seed ${seed}: number of nodes in the order`);
    expectEqual(new Set(order).size, order.length, `seed ${seed}: no node appears twice`);
    expectTrue(order[order.length - 1] === out, `seed ${seed}: the root comes last`);
    const pos = new Map(order.map((n, i) => [n, i]));
    for (const n of order) for (const p of n.parents) expectTrue(pos.get(p)! < pos.get(n)!, `seed ${seed}: parents come before children`);
  }
}, { taskId: "task-3" });

test("a chain of 3000 ops (no stack overflow): d/dx of y ← 0.999·y + 0.001 applied 3000 times", () => {
  const x = val(0.25);
  let y: V = x;
  for (let i = 0; i < 3000; i++) y = y.mul(0.999).add(0.001);
  y.backward();
  expectClose(x.grad, 0.999 ** 3000, { atol: 1e-12, rtol: 1e-9, label: "0.999^3000" });
  let ref = 0.25;
  for (let i = 0; i < 3000; i++) ref = ref * 0.999 + 0.001;
  expectClose(y.data, ref, { ...TOL, label: "value" });
}, { taskId: "task-4" });

test("dynamic graph: a Horner loop with a data-dependent branch", () => {
  const coeffs = [0.5, -1.2, 0.3, 2.0, -0.7];
  for (const x0 of [-1.3, 0.4, 1.7]) {
    const x = val(x0);
    let p = val(0);
    for (const c of coeffs) p = p.mul(x).add(c);
    const out = p.data > 0 ? p.tanh() : p.mul(p);
    out.backward();
    let pv = 0;
    let dp = 0;
    for (const c of coeffs) {
      dp = dp * x0 + pv;
      pv = pv * x0 + c;
    }
    const expected = pv > 0 ? (1 - Math.tanh(pv) ** 2) * dp : 2 * pv * dp;
    expectClose(x.grad, expected, { ...TOL, label: `x = ${x0}` });
  }
}, { taskId: "task-4" });

test("backward from an intermediate node leaves unrelated leaves alone; two roots accumulate into a shared leaf", () => {
  const a = val(0.8);
  const b = val(-0.6);
  const mid = a.exp();
  const top = mid.mul(b);
  mid.backward();
  expectClose([a.grad, b.grad, top.grad], [Math.exp(0.8), 0, 0], { ...TOL, label: "[a, b, top] grads after mid.backward()" });
  const x = val(1.5);
  x.pow(2).backward();
  x.tanh().backward();
  expectClose(x.grad, 3 + 1 - Math.tanh(1.5) ** 2, { ...TOL, label: "d(x²)/dx + d tanh(x)/dx" });
}, { taskId: "task-4" });

test("pow edge cases: k = 0, k = 1, k = -1, and pow on a reused base", () => {
  const cases: Array<[number, number]> = [[0, 0], [1, 1], [-1, -1 / (1.6 * 1.6)], [0.5, 0.5 / Math.sqrt(1.6)]];
  for (const [k, expected] of cases) {
    const x = val(1.6);
    x.pow(k).backward();
    expectClose(x.grad, expected, { ...TOL, label: `d x^${k} / dx at 1.6` });
  }
  const y = val(1.2);
  y.pow(3).mul(y).backward();
  expectClose(y.grad, 4 * 1.2 ** 3, { ...TOL, label: "d(y³·y)/dy" });
}, { taskId: "task-1" });

test("a leaf keeps no parents; x·x records x twice as a parent", () => {
  const x = val(2);
  expectEqual(x.parents.length, 0, "parents of a leaf");
  const sq = x.mul(x);
  expectEqual(sq.parents.length, 2, "parents of x·x");
  expectTrue(sq.parents[0] === x && sq.parents[1] === x, "both parents of x·x are x itself");
}, { taskId: "task-1" });
