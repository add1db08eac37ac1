// The counter-based generator: Philox4x32-10 known-answer vectors, reproducibility and distribution sanity.
import { describe, expect, it } from "vitest";
import { getRngState, manualSeed, rand, randn, setRngState } from "./core.ts";
import { philox4x32 } from "./random.ts";

const hex = (w: Uint32Array) => Array.from(w, (v) => v.toString(16).padStart(8, "0"));

describe("Philox4x32-10", () => {
  it("matches the Random123 known-answer vectors", () => {
    const w = new Uint32Array(4);
    philox4x32([0, 0, 0, 0], [0, 0], w);
    expect(hex(w)).toEqual(["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"]);
    philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], w);
    expect(hex(w)).toEqual(["408f276d", "41c83b0e", "a20bc7c6", "6d5451fd"]);
    philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], w);
    expect(hex(w)).toEqual(["d16cfe09", "94fdcceb", "5001e420", "24126ea1"]);
  });
});

describe("manualSeed", () => {
  it("gives the same numbers after re-seeding, different ones for another seed", () => {
    manualSeed(42);
    const a = randn([5]).tolist();
    const b = randn([5]).tolist();
    manualSeed(42);
    expect(randn([5]).tolist()).toEqual(a);
    expect(randn([5]).tolist()).toEqual(b);
    manualSeed(43);
    expect(randn([5]).tolist()).not.toEqual(a);
  });

  it("a float64 draw equals the float32 draw before rounding", () => {
    manualSeed(1);
    const d = randn([4], { dtype: "float64" }).toFloat64Array();
    manualSeed(1);
    const f = randn([4]).toFloat32Array();
    expect(Array.from(d, Math.fround)).toEqual(Array.from(f));
  });

  it("state can be saved and restored", () => {
    manualSeed(5);
    const s = getRngState();
    const a = rand([3]).tolist();
    setRngState(s);
    expect(rand([3]).tolist()).toEqual(a);
  });

  it("normals and uniforms have the right moments", () => {
    manualSeed(0);
    const z = randn([20000], { dtype: "float64" });
    expect(Math.abs(z.mean().item())).toBeLessThan(0.03);
    expect(Math.abs(z.std().item() - 1)).toBeLessThan(0.03);
    const u = rand([20000], { dtype: "float64" });
    expect(Math.abs(u.mean().item() - 0.5)).toBeLessThan(0.01);
    expect(u.min().item()).toBeGreaterThanOrEqual(0);
    expect(u.max().item()).toBeLessThan(1);
  });
});
