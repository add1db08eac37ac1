// Autograd behaviour: accumulation, shared inputs, freed graphs, retainGraph, noGrad, detach, retainGrad, anomaly mode.
import { describe, expect, it } from "vitest";
import { type Tensor, TensorError, detectAnomaly, isGradEnabled, noGrad, enableGrad, ones, tensor, setDetectAnomaly } from "../core.ts";

/** Reads .grad through a call, so TypeScript does not narrow it after `x.grad = null`. */
const gradList = (t: Tensor) => t.grad?.tolist();

describe("autograd graph", () => {
  it("accumulates into .grad over two backward calls and clears with null", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad?.tolist()).toEqual([5, 7, 9]); // 2x + 3
    x.grad = null;
    x.sum().backward();
    expect(gradList(x)).toEqual([1, 1, 1]);
  });

  it("sums gradients of a tensor used on several paths (diamond)", () => {
    const x = tensor([2], { requiresGrad: true });
    const y = x.exp();
    y.mul(y).add(y).sum().backward(); // d/dx (e^{2x} + e^x)
    expect(x.grad!.item()).toBeCloseTo(2 * Math.exp(4) + Math.exp(2), 3);
  });

  it("a second backward over a freed graph throws naming the op, unless retained", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = x.exp().sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(
      "backward: the graph of sum was already freed by a previous backward(); pass {retainGraph: true} to the first call",
    );
    const loss2 = x.exp().sum();
    x.grad = null;
    loss2.backward(undefined, { retainGraph: true });
    loss2.backward();
    expect(x.grad!.toFloat64Array()[0]).toBeCloseTo(2 * Math.E, 5);
  });

  it("backward with an explicit gradient on a non-scalar output", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).backward(tensor([1, 10]));
    expect(x.grad?.tolist()).toEqual([2, 40]);
  });

  it("noGrad records nothing and restores the mode, even after a throw", () => {
    const x = tensor([1], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(() =>
      noGrad(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => enableGrad(() => x.mul(2))).requiresGrad).toBe(true);
  });

  it("detach cuts the graph but shares storage", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    const x2 = x.detach();
    expect(x2.data).toBe(x.data);
  });

  it("leaf/non-leaf bookkeeping and gradFn names", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(x.isLeaf).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn?.name).toBe("mul");
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(TensorError);
  });

  it("retainGrad keeps the gradient of an intermediate tensor", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3).retainGrad();
    h.mul(h).sum().backward();
    expect(h.grad?.tolist()).toEqual([6, 12]);
    expect(x.grad?.tolist()).toEqual([18, 36]);
  });

  it("int and bool results never require grad", () => {
    const x = tensor([1.5, -2], { requiresGrad: true });
    expect(x.gt(0).requiresGrad).toBe(false);
    expect(x.int().requiresGrad).toBe(false);
    expect(x.argmax().requiresGrad).toBe(false);
  });

  it("leaf gradients are independent copies (safe for in-place optimizer updates)", () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    noGrad(() => a.grad!.mul_(10));
    expect(b.grad?.tolist()).toEqual([1, 1]);
  });
});

describe("anomaly mode", () => {
  it("names the first op producing NaN in forward", () => {
    const x = tensor([-1, 4], { requiresGrad: true });
    expect(() => detectAnomaly(() => x.sqrt().mul(2))).toThrow(/^anomaly: forward of sqrt produced NaN at flat index 0 \(output shape \[2\]\)/);
  });

  it("names the op whose backward produced Inf", () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.sqrt().sum(); // forward is finite, d sqrt/dx at 0 is Inf
    expect(() => detectAnomaly(() => y.backward())).toThrow(/^anomaly: backward of sqrt \(gradient for input 0\) produced Inf/);
  });

  it("is off by default and can be switched globally", () => {
    const x = tensor([-1]);
    expect(Number.isNaN(x.log().item())).toBe(true);
    setDetectAnomaly(true);
    try {
      expect(() => x.log()).toThrow(/anomaly: forward of log/);
    } finally {
      setDetectAnomaly(false);
    }
    expect(ones([1]).log().item()).toBe(0);
  });
});
