// Tests for the pure float64 SVD kernel: reconstruction, orthonormality, ordering, rank deficiency.
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { maxProductError, orthonormalColumnsError, scaleColumns, transpose } from "./dense-check.ts";
import { setKernelMode, setThreads } from "../kernels/config.ts";
import { shutdownSvdWorkers, simdSvdLoops, svdWorkerCount } from "../kernels/svd-simd.ts";
import { type SvdKernelOptions, svdKernel as kernel } from "./svd-kernel.ts";
import { referenceLoops, type SvdLoops } from "./svd-loops.ts";

setKernelMode("simd");
const simd = simdSvdLoops(64, 64);
setKernelMode(null);
if (simd === null) throw new Error("the SIMD SVD loops did not load (see svd-simd.ts); they are built by npm install");
const LOOPS: SvdLoops[] = [referenceLoops, simd];

/** The loops the current `describe.each` block runs on. */
let opts: SvdKernelOptions = {};
const svdKernel = (a: ArrayLike<number>, m: number, n: number) => kernel(a, m, n, opts);

function checkSvd(a: Float64Array, m: number, n: number, tol: number): Float64Array {
  const { U, S, Vh, k } = svdKernel(a, m, n);
  expect(k).toBe(Math.min(m, n));
  expect(maxProductError(scaleColumns(U, S, m, k), Vh, a, m, k, n)).toBeLessThanOrEqual(tol);
  expect(orthonormalColumnsError(U, m, k)).toBeLessThanOrEqual(1e-12);
  expect(orthonormalColumnsError(transpose(Vh, k, n), n, k)).toBeLessThanOrEqual(1e-12);
  for (let i = 0; i < k; i++) {
    expect(S[i]).toBeGreaterThanOrEqual(0);
    if (i > 0) expect(S[i]).toBeLessThanOrEqual(S[i - 1]!);
  }
  return S;
}

/** A = B C with B m×r, C r×n: rank ≤ r. */
function lowRank(values: number[], m: number, n: number, r: number): Float64Array {
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let l = 0; l < r; l++) t += values[(i * r + l) % values.length]! * values[(m * r + l * n + j) % values.length]!;
      a[i * n + j] = t;
    }
  }
  return a;
}

describe.each(LOOPS.flatMap((loops) => [{ loops }, { loops, logCap: 1 }]))("svdKernel on the $loops.name loops (log size $logCap)", (o) => {
  beforeEach(() => {
    opts = o;
  });

  it("reconstructs random matrices of any shape (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 144, maxLength: 144 }),
        (m, n, vals) => {
          const a = Float64Array.from(vals.slice(0, m * n));
          checkSvd(a, m, n, 1e-11);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("handles rank-deficient inputs: trailing singular values vanish (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 60, maxLength: 60 }),
        (m, n, r, vals) => {
          const a = lowRank(vals, m, n, r);
          const S = checkSvd(a, m, n, 1e-11);
          const scale = Math.max(1, S[0] ?? 0);
          for (let i = r; i < S.length; i++) expect(S[i]).toBeLessThanOrEqual(1e-12 * scale);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives exact singular values for a diagonal matrix, sorted descending", () => {
    const a = Float64Array.from([0, 0, 0, 0, 0, -3, 0, 0, 0, 0, 2, 0]); // 3×4
    const { S } = svdKernel(a, 3, 4);
    expect(Array.from(S)).toEqual([3, 2, 0]);
  });

  it("handles the zero matrix and 1×1", () => {
    expect(Array.from(checkSvd(new Float64Array(6), 2, 3, 0))).toEqual([0, 0]);
    expect(Array.from(svdKernel([-5], 1, 1).S)).toEqual([5]);
  });

  it("handles tiny and huge scales without overflow", () => {
    for (const scale of [1e-300, 1e-200, 1e200, 1e300]) {
      const a = Float64Array.from([1, 2, 3, 4, 5, 6].map((x) => x * scale));
      const { S } = svdKernel(a, 3, 2);
      // singular values of [[1,2],[3,4],[5,6]]: 9.525518091565107, 0.5143005806586441
      expect(Math.abs(S[0]! / scale - 9.525518091565107)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(S[1]! / scale - 0.5143005806586441)).toBeLessThanOrEqual(1e-12);
    }
  });

  it("rejects non-finite input naming the position", () => {
    expect(() => svdKernel([1, Number.NaN, 0, 1], 2, 2)).toThrow(/non-finite value NaN at row 0, column 1/);
  });
});

describe("svdKernel: SIMD and reference loops", () => {
  it("agree on larger matrices, tall, wide and rank-deficient, whatever the log size", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const cases: [number, number, Float64Array][] = [];
    for (const [m, n] of [[41, 33], [33, 41], [48, 48]] as const) cases.push([m, n, Float64Array.from({ length: m * n }, rand)]);
    cases.push([40, 30, lowRank(Array.from({ length: 97 }, rand), 40, 30, 5)]);
    for (const [m, n, a] of cases) {
      const ref = kernel(a, m, n, { loops: referenceLoops });
      for (const o of [{ loops: simd }, { loops: simd, logCap: 1 }, { loops: referenceLoops, logCap: 1 }]) {
        const got = kernel(a, m, n, o);
        const k = Math.min(m, n);
        for (let i = 0; i < k; i++) expect(Math.abs(got.S[i]! - ref.S[i]!)).toBeLessThanOrEqual(1e-12 + 1e-12 * ref.S[0]!);
        expect(maxProductError(scaleColumns(got.U, got.S, m, k), got.Vh, a, m, k, n)).toBeLessThanOrEqual(1e-12);
        expect(orthonormalColumnsError(got.U, m, k)).toBeLessThanOrEqual(1e-12);
        expect(orthonormalColumnsError(transpose(got.Vh, k, n), n, k)).toBeLessThanOrEqual(1e-12);
      }
    }
  });
});

describe("svdKernel: replays on worker threads", () => {
  afterAll(async () => {
    setThreads(null);
    await shutdownSvdWorkers();
  });

  it("gives bitwise the same factors on two threads as on one (each row is replayed by exactly one thread)", () => {
    const m = 220;
    const n = 180;
    let seed = 3;
    const a = Float64Array.from({ length: m * n }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    });
    setThreads(1);
    const one = kernel(a, m, n, { loops: simd });
    expect(svdWorkerCount()).toBe(0);
    setThreads(2);
    const two = kernel(a, m, n, { loops: simd });
    expect(svdWorkerCount()).toBe(1); // the work was large enough to use a worker
    expect(two.S).toEqual(one.S);
    expect(two.U).toEqual(one.U);
    expect(two.Vh).toEqual(one.Vh);
    expect(maxProductError(scaleColumns(two.U, two.S, m, n), two.Vh, a, m, n, n)).toBeLessThanOrEqual(1e-12);
    // and again on the warm workers, with a log small enough to be replayed many times mid-iteration
    const again = kernel(a, m, n, { loops: simd, logCap: 1 });
    expect(maxProductError(scaleColumns(again.U, again.S, m, n), again.Vh, a, m, n, n)).toBeLessThanOrEqual(1e-12);
  });
});
