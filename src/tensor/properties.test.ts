// Property tests (fast-check): broadcasting arithmetic, matmul and einsum against naive loops; view round trips.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Tensor, assertClose, einsum, tensor } from "./core.ts";

const RUNS = { numRuns: 60, seed: 1234 };

function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
/** Element at a multi-index of a row-major flat array. */
function at(data: ArrayLike<number>, shape: number[], idx: number[]): number {
  let p = 0;
  for (let d = 0; d < shape.length; d++) p = p * shape[d] + idx[d];
  return data[p];
}
function* indices(shape: number[]): Generator<number[]> {
  const n = numel(shape);
  for (let k = 0; k < n; k++) {
    const idx: number[] = [];
    let r = k;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx.unshift(r % shape[d]);
      r = Math.floor(r / shape[d]);
    }
    yield idx;
  }
}
/** A float64 tensor with these values that is a non-contiguous view when `transposed` (exercises strides). */
function makeTensor(values: number[], shape: number[], transposed: boolean): Tensor {
  if (!transposed || shape.length < 2) return tensor(values, { shape, dtype: "float64" });
  const n = shape.length;
  const swapped = [...shape];
  [swapped[n - 1], swapped[n - 2]] = [swapped[n - 2], swapped[n - 1]];
  const base = tensor(values, { shape, dtype: "float64" }).transpose(n - 1, n - 2).contiguous();
  expect(base.shape).toEqual(swapped);
  return base.transpose(n - 1, n - 2);
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });
/** An output shape and two shapes that broadcast to it. */
const broadcastPair = shapeArb.chain((out) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.integer({ min: 0, max: out.length }),
      fc.integer({ min: 0, max: out.length }),
      fc.boolean(),
    )
    .map(([oa, ob, da, db, tr]) => ({
      out,
      a: out.map((s, i) => (oa[i] ? 1 : s)).slice(da),
      b: out.map((s, i) => (ob[i] ? 1 : s)).slice(db),
      transposed: tr,
    })),
);
/** Broadcast result shape, computed the slow way. */
function broadcastOf(a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => Math.max(a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1));
}
const values = (n: number) => fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n });

describe("broadcasting arithmetic matches a naive loop", () => {
  const OPS: [string, (x: Tensor, y: Tensor) => Tensor, (p: number, q: number) => number][] = [
    ["add", (x, y) => x.add(y), (p, q) => p + q],
    ["sub", (x, y) => x.sub(y), (p, q) => p - q],
    ["mul", (x, y) => x.mul(y), (p, q) => p * q],
    ["div", (x, y) => x.div(y.abs().add(0.5)), (p, q) => p / (Math.abs(q) + 0.5)],
    ["maximum", (x, y) => x.maximum(y), (p, q) => Math.max(p, q)],
  ];
  for (const [name, op, ref] of OPS) {
    it(name, () => {
      fc.assert(
        fc.property(
          broadcastPair.chain((s) => fc.tuple(fc.constant(s), values(numel(s.a)), values(numel(s.b)))),
          ([s, va, vb]) => {
            const got = op(makeTensor(va, s.a, s.transposed), makeTensor(vb, s.b, false));
            const outShape = broadcastOf(s.a, s.b);
            expect(got.shape).toEqual(outShape);
            const expected: number[] = [];
            for (const idx of indices(outShape)) {
              const ia = idx.slice(idx.length - s.a.length).map((v, d) => (s.a[d] === 1 ? 0 : v));
              const ib = idx.slice(idx.length - s.b.length).map((v, d) => (s.b[d] === 1 ? 0 : v));
              expected.push(ref(at(va, s.a, ia), at(vb, s.b, ib)));
            }
            assertClose(got, tensor(expected, { shape: outShape, dtype: "float64" }), { atol: 1e-12, rtol: 1e-12 });
          },
        ),
        RUNS,
      );
    });
  }
});

describe("matmul matches a naive loop", () => {
  it("batched with broadcasting, 1-D operands included", () => {
    const arb = fc
      .record({
        m: fc.integer({ min: 1, max: 4 }),
        k: fc.integer({ min: 1, max: 4 }),
        n: fc.integer({ min: 1, max: 4 }),
        batch: broadcastPair,
        aVec: fc.boolean(),
        bVec: fc.boolean(),
      })
      .chain((r) => {
        const aShape = r.aVec ? [r.k] : [...r.batch.a, r.m, r.k];
        const bShape = r.bVec ? [r.k] : [...r.batch.b, r.k, r.n];
        return fc.tuple(fc.constant({ ...r, aShape, bShape }), values(numel(aShape)), values(numel(bShape)));
      });
    fc.assert(
      fc.property(arb, ([r, va, vb]) => {
        const got = makeTensor(va, r.aShape, r.batch.transposed).matmul(makeTensor(vb, r.bShape, false));
        // reference through explicit promotion to batched matrices
        const A = r.aVec ? { shape: [1, r.k], batch: [] as number[] } : { shape: [r.m, r.k], batch: r.batch.a };
        const B = r.bVec ? { shape: [r.k, 1], batch: [] as number[] } : { shape: [r.k, r.n], batch: r.batch.b };
        const nb = Math.max(A.batch.length, B.batch.length);
        const batch = Array.from({ length: nb }, (_, i) => {
          const x = A.batch[A.batch.length - nb + i] ?? 1;
          const y = B.batch[B.batch.length - nb + i] ?? 1;
          return Math.max(x, y);
        });
        const [M, N] = [A.shape[0], B.shape[1]];
        const out: number[] = [];
        for (const bi of indices(batch)) {
          const ba = bi.slice(nb - A.batch.length).map((v, d) => (A.batch[d] === 1 ? 0 : v));
          const bb = bi.slice(nb - B.batch.length).map((v, d) => (B.batch[d] === 1 ? 0 : v));
          for (let i = 0; i < M; i++)
            for (let j = 0; j < N; j++) {
              let s = 0;
              for (let k = 0; k < r.k; k++) s += at(va, [...A.batch, ...A.shape], [...ba, i, k]) * at(vb, [...B.batch, ...B.shape], [...bb, k, j]);
              out.push(s);
            }
        }
        const shape = [...batch, ...(r.aVec ? [] : [M]), ...(r.bVec ? [] : [N])];
        assertClose(got, tensor(out, { shape, dtype: "float64" }), { atol: 1e-12, rtol: 1e-12 });
      }),
      RUNS,
    );
  });
});

describe("einsum matches a naive sum over all subscripts", () => {
  const LABELS = "abcd";
  const arb = fc
    .record({
      sizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
      terms: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      explicit: fc.boolean(),
      outPick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      outOrder: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
    })
    .chain((r) => {
      const shapes = r.terms.map((t) => t.map((l) => r.sizes[l]));
      return fc.tuple(fc.constant(r), fc.tuple(...shapes.map((s) => values(numel(s)))));
    });
  it("random equations (repeated subscripts, implicit and explicit outputs, 1–3 operands)", () => {
    fc.assert(
      fc.property(arb, ([r, vals]) => {
        const used = [...new Set(r.terms.flat())];
        const counts = new Map<number, number>();
        for (const t of r.terms) for (const l of t) counts.set(l, (counts.get(l) ?? 0) + 1);
        const out = r.explicit ? r.outOrder.filter((l) => used.includes(l) && r.outPick[l]) : used.filter((l) => counts.get(l) === 1).sort();
        const eq = `${r.terms.map((t) => t.map((l) => LABELS[l]).join("")).join(",")}${r.explicit ? `->${out.map((l) => LABELS[l]).join("")}` : ""}`;
        const shapes = r.terms.map((t) => t.map((l) => r.sizes[l]));
        const got = einsum(eq, ...shapes.map((s, k) => tensor(vals[k], { shape: s, dtype: "float64" })));
        const outShape = out.map((l) => r.sizes[l]);
        const expected = new Float64Array(numel(outShape));
        for (const assign of indices(used.map((l) => r.sizes[l]))) {
          const v = (l: number) => assign[used.indexOf(l)];
          let p = 1;
          r.terms.forEach((t, k) => {
            p *= at(vals[k], shapes[k], t.map(v));
          });
          expected[at(Array.from(expected.keys()), outShape, out.map(v))] += p;
        }
        assertClose(got, tensor(expected, { shape: outShape }), { atol: 1e-10, rtol: 1e-10, name: eq });
      }),
      RUNS,
    );
  });
});

describe("view round trips", () => {
  const shaped = shapeArb.filter((s) => s.length > 0).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length })));
  it("permute then inverse permute is the identity; reshape(-1) gives row-major order", () => {
    fc.assert(
      fc.property(shaped, ([shape, perm]) => {
        const n = numel(shape);
        const x = tensor(Array.from({ length: n }, (_, i) => i), { shape });
        const inv = perm.map((_, i) => perm.indexOf(i));
        const p = x.permute(perm);
        expect(p.shape).toEqual(perm.map((d) => shape[d]));
        expect(p.permute(inv).tolist()).toEqual(x.tolist());
        expect(Array.from(p.contiguous().permute(inv).reshape(-1).toFloat64Array())).toEqual(Array.from({ length: n }, (_, i) => i));
        // element p[j] = x[perm⁻¹ j]
        for (const idx of indices(p.shape)) {
          const src = inv.map((d) => idx[d]);
          expect(at(p.toFloat64Array(), p.shape, idx)).toBe(at(x.toFloat64Array(), shape, src));
        }
      }),
      RUNS,
    );
  });
  it("reshape to another factorisation and back is the identity, also from a non-contiguous view", () => {
    fc.assert(
      fc.property(shaped, ([shape, perm]) => {
        const n = numel(shape);
        const x = tensor(Array.from({ length: n }, (_, i) => i), { shape }).permute(perm);
        const flat = x.reshape(n);
        expect(flat.reshape(x.shape).tolist()).toEqual(x.tolist());
        expect(x.reshape(-1, 1).reshape(x.shape).tolist()).toEqual(x.tolist());
        expect(Array.from(flat.toFloat64Array())).toEqual(Array.from(x.contiguous().toFloat64Array()));
      }),
      RUNS,
    );
  });
});
