// The float32 fast elementwise loops give exactly the reference loops' results, for every broadcast kind they take.
import { afterEach, describe, expect, it } from "vitest";
import { manualSeed, randn, tensor, type Tensor } from "../core.ts";
import { setKernelMode } from "./config.ts";
import { binaryF32, unaryF32 } from "./elementwise-f32.ts";

afterEach(() => setKernelMode(null));

function bitwiseSame(f: () => Tensor): void {
  setKernelMode("reference");
  const ref = f();
  setKernelMode("auto");
  const fast = f();
  expect(fast.shape).toEqual(ref.shape);
  expect(Array.from(fast.toFloat32Array())).toEqual(Array.from(ref.toFloat32Array()));
}

describe("float32 elementwise fast loops", () => {
  const shapes: [string, number[], number[]][] = [
    ["same shape", [4, 6], [4, 6]],
    ["scalar", [4, 6], []],
    ["bias (trailing dims)", [2, 3, 5], [5]],
    ["matrix over batch", [2, 3, 5], [3, 5]],
    ["keepdim column", [2, 3, 5], [2, 3, 1]],
    ["keepdim block", [2, 3, 5], [2, 1, 1]],
    ["scalar first", [], [3, 4]],
  ];
  for (const [name, sa, sb] of shapes) {
    it(`match the reference bit for bit: ${name}`, () => {
      manualSeed(11);
      const a = randn(sa);
      const b = randn(sb).abs().add(0.5);
      for (const op of ["add", "sub", "mul", "div", "maximum", "minimum"] as const) bitwiseSame(() => (a as unknown as Record<string, (x: Tensor) => Tensor>)[op].call(a, b));
    });
  }

  it("take the fast path exactly for those layouts", () => {
    setKernelMode("auto");
    const x = randn([2, 3, 5]);
    expect(binaryF32("add", x, randn([3, 5]), [2, 3, 5], 30)).not.toBeNull();
    expect(binaryF32("add", x, randn([2, 3, 1]), [2, 3, 5], 30)).not.toBeNull();
    expect(binaryF32("add", x, randn([3, 1]), [2, 3, 5], 30)).toBeNull(); // middle broadcast: reference loop
    expect(binaryF32("add", x.transpose(0, 1), randn([3, 2, 5]), [3, 2, 5], 30)).toBeNull(); // strided
    setKernelMode("reference");
    expect(binaryF32("add", x, x, [2, 3, 5], 30)).toBeNull();
  });

  it("unary ops match the reference, NaN and -0 included", () => {
    const x = tensor([-2, -0, 0, 0.5, 3, Number.NaN, Number.POSITIVE_INFINITY]);
    for (const op of ["neg", "exp", "log", "sqrt", "rsqrt", "abs", "tanh", "sigmoid", "relu", "sin", "cos", "erf"] as const) {
      bitwiseSame(() => (x as unknown as Record<string, () => Tensor>)[op].call(x));
    }
    expect(unaryF32("exp", x.to("float64"))).toBeNull();
  });
});

describe("sum over leading dims", () => {
  it("matches the reference bit for bit, keepdim or not, and steps aside for other dims", () => {
    manualSeed(12);
    const x = randn([6, 5, 7]);
    bitwiseSame(() => x.sum(0));
    bitwiseSame(() => x.sum([0, 1], true));
    bitwiseSame(() => x.sum([1, 0]));
    bitwiseSame(() => x.sum(2));
    bitwiseSame(() => x.transpose(0, 1).sum(0));
  });
});
