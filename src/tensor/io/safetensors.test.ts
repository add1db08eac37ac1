// safetensors load/save with Tensors: every dtype round trip (property), metadata, the GPT-2 fixture, bad input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tensor } from "../core.ts";
import { fixtureBytes } from "./fixtures.ts";
import { f16BitsToNumber, f32BitsToF16Bits, float32Bits, bf16BitsToNumber, f32BitsToBf16Bits } from "./half.ts";
import { load, loadWithMetadata, save } from "./safetensors.ts";

const vals = (n: number) => fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e4), max: Math.fround(1e4) }), { minLength: n, maxLength: n });
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a).map((v) => v + 0)).toEqual(Array.from(b).map((v) => v + 0));

describe("safetensors save → load", () => {
  it("preserves F32, F64, I32, I8, U8 and BOOL exactly (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), vals(6), fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 6, maxLength: 6 }), fc.double({ noNaN: true }), (n, f, ints, d) => {
        const rec = {
          f32: tensor(Float32Array.from(f.slice(0, n)), { shape: [n] }),
          f64: tensor(Float64Array.from([d, ...f.slice(0, n)]), { shape: [n + 1] }),
          i32: tensor(Int32Array.from(ints.map((v) => v * 1000003)), { shape: [2, 3] }),
          i8: tensor(Int32Array.from(ints), { shape: [3, 2] }),
          u8: tensor(Int32Array.from(ints.map((v) => v + 128)), { shape: [6] }),
          mask: tensor(ints.map((v) => v > 0)),
        };
        const back = load(save(rec, undefined, { i8: "I8", u8: "U8" }));
        expect(Object.keys(back).sort()).toEqual(Object.keys(rec).sort());
        for (const [k, t] of Object.entries(rec)) {
          expect(back[k]!.shape, k).toEqual(t.shape);
          expect(back[k]!.dtype, k).toBe(t.dtype);
          same(back[k]!.toFloat64Array(), t.toFloat64Array());
        }
      }),
      { numRuns: 60 },
    );
  });

  it("stores F16/BF16 with round-to-nearest-even and loads them as float32 (property)", () => {
    fc.assert(
      fc.property(vals(8), (f) => {
        const t = tensor(Float32Array.from(f), { shape: [2, 4] });
        const back = load(save({ h: t, b: t }, undefined, { h: "F16", b: "BF16" }));
        expect(back.h!.dtype).toBe("float32");
        same(back.h!.toFloat64Array(), f.map((v) => f16BitsToNumber(f32BitsToF16Bits(float32Bits(v)))));
        same(back.b!.toFloat64Array(), f.map((v) => bf16BitsToNumber(f32BitsToBf16Bits(float32Bits(v)))));
        // within half an ulp: 2^-11 relative for f16 normals, 2^-8 for bf16
        const h = back.h!.toFloat64Array();
        const b = back.b!.toFloat64Array();
        f.forEach((v, i) => {
          expect(Math.abs(h[i]! - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25));
          expect(Math.abs(b[i]! - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -8, 2 ** -134));
        });
      }),
      { numRuns: 100 },
    );
    const exact = [0.5, -2, 1024, 65504, 2 ** -24, -0.375];
    const back = load(save({ h: tensor(exact) }, undefined, { h: "F16" }));
    same(back.h!.toFloat64Array(), exact);
  });

  it("keeps string metadata and aligns every tensor", () => {
    const bytes = save({ a: tensor([1, 2, 3]), b: tensor([1.5], { dtype: "float64" }) }, { format: "pt", step: "12" }, { a: "F16" });
    const { tensors, metadata } = loadWithMetadata(bytes);
    expect(metadata).toEqual({ format: "pt", step: "12" });
    expect(tensors.b!.dtype).toBe("float64");
    expect(tensors.a!.tolist()).toEqual([1, 2, 3]);
  });

  it("refuses values a target dtype cannot hold, unknown targets and non-bool BOOL", () => {
    expect(() => save({ w: tensor([1.5]) }, undefined, { w: "I8" })).toThrow(/save: tensor "w" element 0 = 1.5 cannot be stored as I8 \(integers in \[-128, 127\] only\)/);
    expect(() => save({ w: tensor([300]) }, undefined, { w: "U8" })).toThrow(/element 0 = 300 cannot be stored as U8/);
    expect(() => save({ w: tensor([1]) }, undefined, { v: "F16" })).toThrow(/a dtype was given for "v" but there is no tensor of that name \(have: w\)/);
    expect(() => save({ w: tensor([1]) }, undefined, { w: "F8" as "F16" })).toThrow(/unknown dtype "F8" for "w"/);
    expect(() => save({ w: tensor([1]) }, undefined, { w: "BOOL" })).toThrow(/"w" has dtype float32; only bool tensors can be written as BOOL/);
  });
});

describe("safetensors load", () => {
  it("loads the tiny GPT-2 fixture with its metadata", () => {
    const { tensors, metadata } = loadWithMetadata(fixtureBytes("tiny-gpt2.safetensors"));
    expect(metadata.format).toBe("pt");
    expect(Object.keys(tensors)).toHaveLength(2 * 12 + 4);
    expect(tensors["h.0.attn.c_attn.weight"]!.shape).toEqual([32, 96]);
    expect(tensors["wte.weight"]!.dtype).toBe("float32");
  });

  it("reports a truncated real file with the offending tensor and byte counts", () => {
    const bytes = fixtureBytes("tiny-gpt2.safetensors");
    expect(() => load(bytes.subarray(0, bytes.length - 100))).toThrow(/safetensors: tensor "\w[\w.]*" declares data_offsets \[\d+, 112128\] but the data section has only 112028 bytes/);
    expect(() => load(bytes.subarray(0, 1000))).toThrow(/header length 2320 \(bytes 0\.\.8\) exceeds the 992 bytes that follow it/);
    expect(() => load("not bytes" as unknown as Uint8Array)).toThrow(/load expects a Uint8Array/);
  });
});
