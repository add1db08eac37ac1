// nn.Module: parameter/child discovery with PyTorch's dotted names, state dicts, train/eval and zeroGrad.
import { type Tensor, noGrad } from "../core.ts";
import { fmtShape } from "./shape-check.ts";

const parameterTags = new WeakSet<Tensor>();

/**
 * Marks a tensor as a module parameter (like torch.nn.Parameter) and turns on requiresGrad
 * (pass requiresGrad=false for a frozen parameter that still belongs in the state dict).
 * Returns the same tensor; non-leaf tensors are detached first.
 */
export function Parameter(t: Tensor, requiresGrad = true): Tensor {
  const p = t.isLeaf ? t : t.detach();
  p.requiresGrad = requiresGrad;
  parameterTags.add(p);
  return p;
}

/** True for tensors made by Parameter(), and for leaf tensors that require grad. */
export function isParameter(v: unknown): v is Tensor {
  if (typeof v !== "object" || v === null) return false;
  const t = v as Tensor;
  return parameterTags.has(t) || (t.isLeaf === true && t.requiresGrad === true && typeof t.numel === "function");
}

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/**
 * Base class of every layer. Parameters and sub-modules are found by walking the object's own
 * properties in assignment order (own parameters first, then children), like torch's __setattr__
 * registration; names are dotted paths (`blocks.0.attn.qProj.weight`). Buffers (non-trainable state
 * that belongs in the state dict) are declared with registerBuffer.
 */
export class Module {
  training = true;
  private readonly buffers = new Map<string, Tensor>();

  /** Own parameters, in property order. */
  protected ownParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [k, v] of Object.entries(this)) if (isParameter(v)) out.push([k, v]);
    return out;
  }

  /** Direct children, in property order. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) out.push([k, v]);
    return out;
  }

  /** Every module in the tree with its dotted name ("" for this one). */
  namedModules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [k, child] of this.namedChildren()) out.push(...child.namedModules(prefix ? `${prefix}.${k}` : k));
    return out;
  }

  /** All parameters with dotted names; a tensor shared by two modules is listed once (first name). */
  namedParameters(): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [k, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix ? `${prefix}.${k}` : k, p]);
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Registers a non-parameter tensor that is saved in the state dict (e.g. running statistics). */
  registerBuffer(name: string, t: Tensor): Tensor {
    this.buffers.set(name, t);
    return t;
  }

  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [k, b] of m.buffers) out.push([prefix ? `${prefix}.${k}` : k, b]);
    }
    return out;
  }

  /** Name → tensor (detached views sharing storage with the parameters, like torch). */
  stateDict(): Record<string, Tensor> {
    const sd: Record<string, Tensor> = {};
    for (const [k, p] of this.namedParameters()) sd[k] = p.detach();
    for (const [k, b] of this.namedBuffers()) sd[k] = b.detach();
    return sd;
  }

  /**
   * Copies values into the parameters and buffers in place. With strict (default) any missing or
   * unexpected key is an error; a shape mismatch is always an error. All problems are listed at once.
   */
  loadStateDict(sd: Record<string, Tensor>, opts: { strict?: boolean } = {}): LoadResult {
    const strict = opts.strict ?? true;
    const own = new Map<string, Tensor>([...this.namedParameters(), ...this.namedBuffers()]);
    const missingKeys = [...own.keys()].filter((k) => !(k in sd));
    const unexpectedKeys = Object.keys(sd).filter((k) => !own.has(k));
    const problems: string[] = [];
    for (const [k, dst] of own) {
      const src = sd[k];
      if (src && (src.shape.length !== dst.shape.length || src.shape.some((d, i) => d !== dst.shape[i]))) {
        problems.push(`size mismatch for ${k}: checkpoint has ${fmtShape(src.shape)}, the model has ${fmtShape(dst.shape)}`);
      }
    }
    if (strict && missingKeys.length) problems.push(`missing key(s): ${missingKeys.join(", ")}`);
    if (strict && unexpectedKeys.length) problems.push(`unexpected key(s): ${unexpectedKeys.join(", ")}`);
    if (problems.length) {
      throw new Error(
        `loadStateDict: ${problems.length} problem(s) loading into ${this.constructor.name}:\n  ${problems.join("\n  ")}` +
          (strict && !problems.some((p) => p.startsWith("size")) ? "\n(pass {strict: false} to skip missing/unexpected keys)" : ""),
      );
    }
    noGrad(() => {
      for (const [k, dst] of own) {
        const src = sd[k];
        if (src) dst.copy_(src.to(dst.dtype));
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Converts every floating parameter and buffer to `dtype` (like torch's module.double()/float()),
   * keeping requiresGrad and keeping tied parameters tied. Gradients are dropped.
   */
  to(dtype: "float32" | "float64"): this {
    const converted = new Map<Tensor, Tensor>();
    const convert = (t: Tensor, asParam: boolean): Tensor => {
      if (t.dtype === dtype || (t.dtype !== "float32" && t.dtype !== "float64")) return t;
      let c = converted.get(t);
      if (!c) {
        c = noGrad(() => t.detach().to(dtype));
        if (asParam) c = Parameter(c, t.requiresGrad);
        converted.set(t, c);
      }
      return c;
    };
    for (const [, m] of this.namedModules()) {
      const slots = m as unknown as Record<string, Tensor>;
      for (const [k, p] of m.ownParameters()) slots[k] = convert(p, true);
      for (const [k, b] of m.buffers) m.buffers.set(k, convert(b, false));
    }
    return this;
  }

  double(): this {
    return this.to("float64");
  }

  float(): this {
    return this.to("float32");
  }

  /** Sets training mode on this module and every descendant (affects Dropout). */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient (sets it to null, like torch's set_to_none=True). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Total number of parameter values (optionally only trainable ones). */
  numParameters(opts: { trainableOnly?: boolean } = {}): number {
    return this.parameters()
      .filter((p) => !opts.trainableOnly || p.requiresGrad)
      .reduce((n, p) => n + p.numel(), 0);
  }
}
