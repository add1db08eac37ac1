// Container modules: Sequential (chains forward) and ModuleList (indexable children named 0, 1, ...).
import type { Tensor } from "../core.ts";
import { Module } from "./module.ts";

/** A module whose forward maps one tensor to one tensor (what Sequential can chain). */
export interface TensorModule extends Module {
  forward(x: Tensor): Tensor;
}

export class ModuleList<M extends Module = Module> extends Module {
  protected readonly items: M[];
  constructor(modules: Iterable<M> = []) {
    super();
    this.items = [...modules];
  }
  override namedChildren(): [string, Module][] {
    return this.items.map((m, i) => [String(i), m]);
  }
  get length(): number {
    return this.items.length;
  }
  at(i: number): M {
    const m = this.items.at(i);
    if (!m) throw new Error(`ModuleList: index ${i} is out of range for ${this.items.length} modules`);
    return m;
  }
  push(m: M): this {
    this.items.push(m);
    return this;
  }
  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
}

/** Runs its modules in order: Sequential(a, b, c).forward(x) = c(b(a(x))). Children are named 0, 1, ... */
export class Sequential extends ModuleList<TensorModule> {
  constructor(...modules: TensorModule[]) {
    super(modules);
  }
  forward(x: Tensor): Tensor {
    for (const m of this.items) x = m.forward(x);
    return x;
  }
}
