// Define-by-run autograd: recording nodes, the grad mode switches, anomaly mode and the backward graph walk.
import { type DType, isFloat } from "../dtype.ts";
import { releaseBytes, retainBytes } from "../memory.ts";
import { TensorError, fmt, sameShape } from "../shape.ts";
import type { Tensor } from "../tensor.ts";
import { RULES, type RuleName } from "./rules.ts";

/** Non-tensor arguments an op remembers for its backward rule. */
export interface OpArgs {
  dims?: number[];
  keepdim?: boolean;
  shape?: number[];
  perm?: number[];
  dim?: number;
  start?: number;
  end?: number;
  step?: number;
  exponent?: number;
  min?: number;
  max?: number;
  reverse?: boolean;
  dtype?: DType;
  sizes?: number[];
  /** A non-differentiable tensor argument (mask, index). */
  aux?: Tensor;
}

export interface Ctx {
  inputs: Tensor[];
  out: Tensor;
  args: OpArgs;
  /** needs[i]: does input i need a gradient? Rules may skip work when false. */
  needs: boolean[];
  saved: Tensor[];
}

/** A backward rule: upstream gradient g (shape of out) → one gradient per input (null = none). */
export type Rule = (ctx: Ctx, g: Tensor) => (Tensor | null)[];

export class Node {
  freed = false;
  constructor(
    readonly name: string,
    public ctx: Ctx,
    readonly rule: Rule,
    readonly bytes: number,
  ) {}
  get inputs(): Tensor[] {
    return this.ctx.inputs;
  }
}

let gradEnabled = true;
let anomaly = false;
/** True while backward() runs rules: anomaly checks then name the rule's op, not the ops inside the rule. */
let inBackward = false;

export const isGradEnabled = (): boolean => gradEnabled;

/** Run fn with gradient recording off (torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Run fn with gradient recording on (torch.enable_grad), e.g. inside a custom backward. */
export function enableGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = true;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export function setDetectAnomaly(on: boolean): void {
  anomaly = on;
}
export const isAnomalyEnabled = (): boolean => anomaly;

/** Run fn with anomaly detection on: the first op producing NaN/Inf (forward or backward) throws. */
export function detectAnomaly<T>(fn: () => T): T {
  const prev = anomaly;
  anomaly = true;
  try {
    return fn();
  } finally {
    anomaly = prev;
  }
}

function checkFinite(t: Tensor, what: string): void {
  if (!isFloat(t.dtype)) return;
  const d = t.contiguousData();
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new TensorError(`anomaly: ${what} produced ${Number.isNaN(d[i]) ? "NaN" : "Inf"} at flat index ${i} (output shape ${fmt(t.shape)})`);
    }
  }
}

export function checkRequiresGrad(dtype: DType, op: string): void {
  if (!isFloat(dtype)) {
    throw new TensorError(`${op}: only floating-point tensors can require gradients, got dtype ${dtype}; convert with .float() first`);
  }
}

function storageBytes(out: Tensor, inputs: Tensor[], saved: Tensor[]): number {
  let n = inputs.some((t) => t.data === out.data) ? 0 : out.data.byteLength;
  for (const s of saved) if (s.data !== out.data && !inputs.some((t) => t.data === s.data)) n += s.data.byteLength;
  return n;
}

/** Finish a primitive: anomaly check, and record its node when gradients flow. Returns `out`. */
export function record(name: RuleName, inputs: Tensor[], out: Tensor, args: OpArgs = {}): Tensor {
  return recordWith(name, RULES[name], inputs, out, args, []);
}

/** Like record, with an explicit rule (used by defineOp and checkpoint). */
export function recordWith(name: string, rule: Rule, inputs: Tensor[], out: Tensor, args: OpArgs, saved: Tensor[]): Tensor {
  if (anomaly && !inBackward) checkFinite(out, `forward of ${name}`);
  if (!gradEnabled || !isFloat(out.dtype) || !inputs.some((t) => t.requiresGrad)) return out;
  const needs = inputs.map((t) => t.requiresGrad);
  const bytes = storageBytes(out, inputs, saved);
  out.gradFn = new Node(name, { inputs, out, args, needs, saved }, rule, bytes);
  out.markRequiresGrad();
  retainBytes(bytes);
  return out;
}

function freeNode(node: Node): void {
  node.freed = true;
  node.ctx = { inputs: [], out: node.ctx.out, args: {}, needs: [], saved: [] };
  releaseBytes(node.bytes);
}

/** Release a graph without running backward (its memory stops counting). */
export function releaseGraph(root: Tensor): void {
  for (const t of topoOrder(root)) if (t.gradFn && !t.gradFn.freed) freeNode(t.gradFn);
}

function freedError(node: Node): TensorError {
  return new TensorError(
    `backward: the graph of ${node.name} was already freed by a previous backward(); pass {retainGraph: true} to the first call`,
  );
}

/** Tensors reachable from root through gradFn, each after every tensor that uses it. */
function topoOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const node = t.gradFn;
    if (node?.freed) throw freedError(node);
    const inputs = node ? node.inputs : [];
    if (i < inputs.length) {
      top[1]++;
      const child = inputs[i];
      if (child.requiresGrad && !seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }
  return order.reverse();
}

/** The graph walk behind Tensor.backward(). */
export function backward(root: Tensor, grad: Tensor | undefined, retainGraph: boolean): void {
  if (!root.requiresGrad) {
    throw new TensorError(
      `backward: tensor of shape ${fmt(root.shape)} does not require grad and has no gradFn; set requiresGrad on a leaf before computing it`,
    );
  }
  let g0: Tensor;
  if (grad === undefined) {
    if (root.numel() !== 1) {
      throw new TensorError(
        `backward: grad can be implicitly created only for a single-element output, but this tensor has shape ${fmt(root.shape)}; pass a gradient of that shape, e.g. t.backward(onesLike(t))`,
      );
    }
    g0 = noGrad(() => root.detach().mul(0).add(1));
  } else {
    if (!sameShape(grad.shape, root.shape)) {
      throw new TensorError(`backward: gradient shape ${fmt(grad.shape)} does not match the output shape ${fmt(root.shape)}`);
    }
    g0 = grad.detach();
  }
  const order = topoOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, g0]]);
  noGrad(() => {
    for (const t of order) {
      const g = grads.get(t);
      grads.delete(t);
      const node = t.gradFn;
      if (g === undefined) {
        if (node && !retainGraph) freeNode(node);
        continue;
      }
      if (!node || t.retainsGrad) {
        const own = g.dtype === t.dtype ? g.clone() : g.to(t.dtype);
        t.grad = t.grad ? t.grad.add(own) : own;
      }
      if (!node) continue;
      if (node.freed) throw freedError(node);
      const outer = inBackward;
      inBackward = true;
      let ins: (Tensor | null)[];
      try {
        ins = node.rule(node.ctx, g);
      } finally {
        inBackward = outer;
      }
      const inputs = node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const gi = ins[i];
        const x = inputs[i];
        if (!gi || !x.requiresGrad) continue;
        if (!sameShape(gi.shape, x.shape)) {
          throw new TensorError(`backward of ${node.name}: rule returned gradient ${fmt(gi.shape)} for input ${i} of shape ${fmt(x.shape)} (engine bug)`);
        }
        if (anomaly) checkFinite(gi, `backward of ${node.name} (gradient for input ${i})`);
        const prev = grads.get(x);
        grads.set(x, prev ? prev.add(gi) : gi);
      }
      if (!retainGraph) freeNode(node);
    }
  });
}
