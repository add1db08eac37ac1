// The optimiser base class: parameter groups, settable lr, zeroGrad, state dicts, typed-array access to storage.
import { type Tensor, tensor } from "../core.ts";

export type FloatArray = Float32Array | Float64Array;

/** A group of parameters sharing hyper-parameters (torch's param_groups entry). */
export type ParamGroup<H> = H & { params: Tensor[] };

/** What an optimiser accepts: a list of tensors, or groups with per-group overrides. */
export type ParamsArg<H> = Iterable<Tensor> | ({ params: Iterable<Tensor> } & Partial<H>)[];

/** Per-parameter state: the step count and named buffers (same dtype and length as the parameter). */
export interface ParamState {
  step: number;
  buffers: Record<string, FloatArray>;
}

export interface OptimizerStateDict<H> {
  /** Keyed by the parameter's index across all groups, in order (like torch). */
  state: Record<number, { step: number; buffers: Record<string, Tensor> }>;
  paramGroups: (H & { params: number[] })[];
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** The parameter's own storage, writable in place (parameters must be contiguous float leaves). */
export function paramStorage(op: string, p: Tensor): { data: FloatArray; offset: number } {
  if (p.dtype !== "float32" && p.dtype !== "float64") {
    throw new Error(`${op}: parameter ${fmt(p.shape)} has dtype ${p.dtype}; only float32/float64 parameters can be optimised`);
  }
  if (!p.isContiguous()) {
    throw new Error(`${op}: parameter ${fmt(p.shape)} is not contiguous; optimise a contiguous leaf (call .contiguous() before making it a parameter)`);
  }
  return { data: p.data as FloatArray, offset: p.offset };
}

/** The parameter's gradient as a contiguous typed array view (read only). */
export function gradStorage(op: string, p: Tensor): { data: ArrayLike<number>; offset: number } | null {
  const g = p.grad;
  if (!g) return null;
  if (g.numel() !== p.numel()) {
    throw new Error(`${op}: gradient ${fmt(g.shape)} does not match parameter ${fmt(p.shape)}`);
  }
  const c = g.isContiguous() ? g : g.contiguous();
  return { data: c.data as ArrayLike<number>, offset: c.offset };
}

export abstract class Optimizer<H extends { lr: number }> {
  readonly paramGroups: ParamGroup<H>[];
  protected readonly state = new Map<Tensor, ParamState>();
  protected abstract readonly name: string;

  constructor(params: ParamsArg<H>, defaults: H) {
    const list = [...(params as Iterable<Tensor | ({ params: Iterable<Tensor> } & Partial<H>)>)];
    const isGroups = list.length > 0 && list.every((g) => typeof g === "object" && g !== null && "params" in g && !("shape" in g));
    type Group = { params: Iterable<Tensor> } & Partial<H>;
    const groups: Group[] = isGroups ? (list as Group[]) : [{ params: list as Tensor[] } as unknown as Group];
    this.paramGroups = groups.map((g) => ({ ...defaults, ...g, params: [...g.params] }) as ParamGroup<H>);
    const all = this.paramGroups.flatMap((g) => g.params);
    if (all.length === 0) throw new Error("optimizer: got an empty parameter list (did you pass model.parameters()?)");
    if (new Set(all).size !== all.length) throw new Error("optimizer: some parameters appear more than once");
  }

  /** The learning rate of the first group; setting it sets every group's lr. */
  get lr(): number {
    return this.paramGroups[0].lr;
  }
  set lr(v: number) {
    for (const g of this.paramGroups) g.lr = v;
  }

  /** Clears every parameter's gradient (sets it to null). */
  zeroGrad(): void {
    for (const g of this.paramGroups) for (const p of g.params) p.grad = null;
  }

  /** One update of every parameter that has a gradient. */
  abstract step(): void;

  /** The state of parameter p, created with zeroed buffers on first use. */
  protected stateOf(p: Tensor, bufferNames: readonly string[]): ParamState {
    let s = this.state.get(p);
    if (!s) {
      const n = p.numel();
      const buffers: Record<string, FloatArray> = {};
      for (const b of bufferNames) buffers[b] = p.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
      s = { step: 0, buffers };
      this.state.set(p, s);
    }
    return s;
  }

  stateDict(): OptimizerStateDict<H> {
    const state: OptimizerStateDict<H>["state"] = {};
    let idx = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const { params, ...hyper } = g;
      const ids = params.map((p) => {
        const s = this.state.get(p);
        if (s) {
          const buffers: Record<string, Tensor> = {};
          for (const [k, b] of Object.entries(s.buffers)) buffers[k] = tensor(b.slice(), { shape: [...p.shape] });
          state[idx] = { step: s.step, buffers };
        }
        return idx++;
      });
      return { ...(hyper as unknown as H), params: ids };
    });
    return { state, paramGroups };
  }

  loadStateDict(sd: OptimizerStateDict<H>): void {
    if (sd.paramGroups.length !== this.paramGroups.length) {
      throw new Error(`${this.name}.loadStateDict: state dict has ${sd.paramGroups.length} parameter groups, the optimiser has ${this.paramGroups.length}`);
    }
    const params = this.paramGroups.flatMap((g) => g.params);
    sd.paramGroups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) {
        throw new Error(`${this.name}.loadStateDict: group ${i} has ${g.params.length} parameters in the state dict, ${this.paramGroups[i].params.length} here`);
      }
      const { params: _ids, ...hyper } = g;
      Object.assign(this.paramGroups[i], hyper);
    });
    this.state.clear();
    for (const [key, s] of Object.entries(sd.state)) {
      const p = params[Number(key)];
      if (!p) throw new Error(`${this.name}.loadStateDict: state for parameter ${key}, but the optimiser has ${params.length} parameters`);
      const buffers: Record<string, FloatArray> = {};
      for (const [k, t] of Object.entries(s.buffers)) {
        if (t.numel() !== p.numel()) {
          throw new Error(`${this.name}.loadStateDict: buffer ${k} of parameter ${key} has shape ${fmt(t.shape)}, the parameter ${fmt(p.shape)}`);
        }
        buffers[k] = p.dtype === "float64" ? t.toFloat64Array() : t.toFloat32Array();
      }
      this.state.set(p, { step: s.step, buffers });
    }
  }
}
