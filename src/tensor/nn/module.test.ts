// nn.Module: dotted parameter names, state-dict round trip, loadStateDict errors, train/eval, zeroGrad, layer inits.
import { describe, expect, it } from "vitest";
import { manualSeed, ones, randn, tensor, zeros } from "../core.ts";
import { MultiheadAttention } from "./attention.ts";
import { ModuleList, Sequential } from "./containers.ts";
import { Dropout, Embedding, GELU, LayerNorm, Linear, RMSNorm } from "./layers.ts";
import { Module, Parameter } from "./module.ts";
import { TransformerBlock } from "./transformer.ts";

class Tiny extends Module {
  scale = Parameter(ones([3]));
  blocks = new ModuleList([new Linear(3, 4), new Linear(4, 3, { bias: false })]);
  head = new Sequential(new Linear(3, 2), new GELU(), new Dropout(0.5));
}

describe("Module", () => {
  it("names parameters with PyTorch's dotted paths, own parameters first", () => {
    manualSeed(0);
    const names = new Tiny().namedParameters().map(([n]) => n);
    expect(names).toEqual(["scale", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "head.0.weight", "head.0.bias"]);
  });

  it("names MultiheadAttention and TransformerBlock parameters", () => {
    const mha = new MultiheadAttention(8, 2);
    expect(mha.namedParameters().map(([n, p]) => `${n}:${p.shape.join("x")}`)).toEqual([
      "qProj.weight:8x8", "qProj.bias:8", "kProj.weight:8x8", "kProj.bias:8",
      "vProj.weight:8x8", "vProj.bias:8", "outProj.weight:8x8", "outProj.bias:8",
    ]);
    const block = new TransformerBlock(8, 2);
    const names = block.namedParameters().map(([n]) => n);
    expect(names.slice(0, 3)).toEqual(["ln1.weight", "ln1.bias", "attn.qProj.weight"]);
    expect(names.slice(-4)).toEqual(["mlp.fc.weight", "mlp.fc.bias", "mlp.proj.weight", "mlp.proj.bias"]);
    expect(block.numParameters()).toBe(2 * 16 + 4 * (64 + 8) + (8 * 32 + 32) + (32 * 8 + 8));
  });

  it("round-trips a state dict into a fresh model", () => {
    manualSeed(1);
    const a = new Tiny();
    manualSeed(2);
    const b = new Tiny();
    const x = randn([5, 3]);
    b.eval();
    a.eval();
    expect(b.head.forward(x).toFloat64Array()).not.toEqual(a.head.forward(x).toFloat64Array());
    const res = b.loadStateDict(a.stateDict());
    expect(res).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.head.forward(x).toFloat64Array()).toEqual(a.head.forward(x).toFloat64Array());
    // load copies values: the two models do not share storage afterwards
    a.scale.data[a.scale.offset] = 42;
    expect(b.scale.toFloat64Array()[0]).toBe(1);
  });

  it("stateDict shares storage with the parameters (like torch)", () => {
    const lin = new Linear(2, 2);
    const sd = lin.stateDict();
    expect(sd["weight"].requiresGrad).toBe(false);
    lin.weight.data[lin.weight.offset] = 7;
    expect(sd["weight"].toFloat64Array()[0]).toBe(7);
  });

  it("loadStateDict names missing, unexpected and mismatched keys", () => {
    const lin = new Linear(3, 2);
    expect(() => lin.loadStateDict({ weight: zeros([2, 3]) })).toThrow(/missing key\(s\): bias/);
    expect(() => lin.loadStateDict({ weight: zeros([2, 3]), bias: zeros([2]), extra: zeros([1]) })).toThrow(
      /unexpected key\(s\): extra/,
    );
    expect(() => lin.loadStateDict({ weight: zeros([3, 2]), bias: zeros([2]) })).toThrow(
      /size mismatch for weight: checkpoint has \[3,2\], the model has \[2,3\]/,
    );
    const r = lin.loadStateDict({ weight: ones([2, 3]), extra: zeros([1]) }, { strict: false });
    expect(r).toEqual({ missingKeys: ["bias"], unexpectedKeys: ["extra"] });
    expect(lin.weight.toFloat64Array().every((v) => v === 1)).toBe(true);
    expect(() => lin.loadStateDict({ weight: zeros([1]) }, { strict: false })).toThrow(/size mismatch for weight/);
  });

  it("train()/eval() reach every descendant and switch Dropout", () => {
    manualSeed(3);
    const m = new Tiny();
    const x = ones([4, 3]);
    m.eval();
    expect(m.namedModules().every(([, c]) => !c.training)).toBe(true);
    const evalOut = m.head.forward(x).toFloat64Array();
    expect(m.head.forward(x).toFloat64Array()).toEqual(evalOut);
    m.train();
    expect(m.head.at(2).training).toBe(true);
  });

  it("zeroGrad clears gradients", () => {
    const lin = new Linear(3, 2);
    lin.forward(ones([1, 3])).sum().backward();
    expect(lin.weight.grad).not.toBeNull();
    lin.zeroGrad();
    expect(lin.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it("double()/float() convert parameters in place, keeping requiresGrad and names", () => {
    manualSeed(18);
    const m = new Tiny();
    m.blocks.at(0).bias!.requiresGrad = false;
    const before = m.namedParameters().map(([n, p]) => [n, p.toFloat64Array()[0]]);
    m.double();
    expect(m.parameters().every((p) => p.dtype === "float64")).toBe(true);
    expect(m.blocks.at(0).bias!.requiresGrad).toBe(false);
    expect(m.namedParameters().map(([n, p]) => [n, p.toFloat64Array()[0]])).toEqual(before);
    expect(m.head.forward(randn([2, 3], { dtype: "float64" })).dtype).toBe("float64");
    m.float();
    expect(m.parameters().every((p) => p.dtype === "float32")).toBe(true);
  });

  it("registers buffers into the state dict", () => {
    class WithBuf extends Module {
      w = Parameter(ones([2]));
      constructor() {
        super();
        this.registerBuffer("runningMean", zeros([2]));
      }
    }
    const m = new WithBuf();
    expect(Object.keys(m.stateDict())).toEqual(["w", "runningMean"]);
    m.loadStateDict({ w: ones([2]), runningMean: tensor([3, 4]) });
    expect(m.stateDict()["runningMean"].tolist()).toEqual([3, 4]);
  });
});

describe("layer initialisation", () => {
  it("Linear uses kaiming-uniform(a=√5): weight and bias within ±1/√in, weight (out, in)", () => {
    manualSeed(4);
    const lin = new Linear(50, 20);
    expect(lin.weight.shape).toEqual([20, 50]);
    const b = 1 / Math.sqrt(50);
    const w = lin.weight.toFloat64Array();
    expect(w.every((v) => Math.abs(v) <= b)).toBe(true);
    // uniform on [−b, b] has variance b²/3; 1000 draws land well within 20 %
    const variance = w.reduce((s, v) => s + v * v, 0) / w.length;
    expect(Math.abs(variance - (b * b) / 3)).toBeLessThan(0.2 * ((b * b) / 3));
    expect(lin.bias!.toFloat64Array().every((v) => Math.abs(v) <= b)).toBe(true);
  });

  it("the seeded generator makes initialisation reproducible", () => {
    manualSeed(5);
    const a = new Linear(4, 3).weight.toFloat64Array();
    manualSeed(5);
    expect(new Linear(4, 3).weight.toFloat64Array()).toEqual(a);
  });

  it("Embedding is N(0,1), LayerNorm ones/zeros, RMSNorm ones", () => {
    manualSeed(6);
    const e = new Embedding(100, 20).weight.toFloat64Array();
    const mean = e.reduce((s, v) => s + v, 0) / e.length;
    const variance = e.reduce((s, v) => s + (v - mean) ** 2, 0) / e.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(variance - 1)).toBeLessThan(0.1);
    const ln = new LayerNorm(4);
    expect(ln.weight!.tolist()).toEqual([1, 1, 1, 1]);
    expect(ln.bias!.tolist()).toEqual([0, 0, 0, 0]);
    expect(new RMSNorm(3).weight!.tolist()).toEqual([1, 1, 1]);
  });

  it("Embedding forward picks rows and rejects out-of-range ids", () => {
    const emb = new Embedding(3, 2);
    const ids = tensor(new Int32Array([2, 0]), { shape: [1, 2] });
    const out = emb.forward(ids);
    expect(out.shape).toEqual([1, 2, 2]);
    const w = emb.weight.toFloat64Array();
    expect([...out.toFloat64Array()]).toEqual([w[4], w[5], w[0], w[1]]);
    expect(() => emb.forward(tensor(new Int32Array([3]), { shape: [1] }))).toThrow(/embedding: id 3 .* out of range .* 3 rows/);
  });
});
