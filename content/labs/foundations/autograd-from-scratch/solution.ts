// Scalar autograd from scratch: reference solution — a micrograd-style Value with a dynamic graph and a topological backward.

/** Anything a Value op accepts as its other operand: another Value or a plain number (wrapped as a constant). */
export type ValueLike = Value | number;

const wrap = (x: ValueLike): Value => (x instanceof Value ? x : new Value(x));

/**
 * One scalar node of a dynamically built graph. `data` is the forward value, `grad` the accumulated
 * d(output)/d(this) after backward(). Each op returns a new Value that remembers its parents and a
 * local rule that sends the upstream gradient to them.
 */
export class Value {
  data: number;
  grad = 0;
  /** The Values this one was computed from (empty for a leaf). Repeats are kept: x.mul(x) has parents [x, x]. */
  readonly parents: Value[];
  /** The op that produced this Value ("" for a leaf), for debugging and printing. */
  readonly op: string;
  /** Given d(out)/d(this), the local derivatives d(this)/d(parent_i), one per parent. */
  private readonly localGrads: () => number[];

  constructor(data: number, parents: Value[] = [], op = "", localGrads: () => number[] = () => []) {
    if (typeof data !== "number") throw new TypeError(`Value: data must be a number, got ${typeof data}`);
    this.data = data;
    this.parents = parents;
    this.op = op;
    this.localGrads = localGrads;
  }

  // Task 1: the primitives. Each forward sits next to its local derivative(s).
  add(other: ValueLike): Value {
    const o = wrap(other);
    return new Value(this.data + o.data, [this, o], "add", () => [1, 1]);
  }

  mul(other: ValueLike): Value {
    const o = wrap(other);
    return new Value(this.data * o.data, [this, o], "mul", () => [o.data, this.data]);
  }

  /** this^k for a constant exponent k. */
  pow(k: number): Value {
    if (typeof k !== "number") throw new TypeError("Value.pow: the exponent must be a number (a constant), not a Value");
    return new Value(this.data ** k, [this], "pow", () => [k === 0 ? 0 : k * this.data ** (k - 1)]);
  }

  exp(): Value {
    const e = Math.exp(this.data);
    return new Value(e, [this], "exp", () => [e]);
  }

  log(): Value {
    return new Value(Math.log(this.data), [this], "log", () => [1 / this.data]);
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    return new Value(t, [this], "tanh", () => [1 - t * t]);
  }

  relu(): Value {
    return new Value(Math.max(this.data, 0), [this], "relu", () => [this.data > 0 ? 1 : 0]);
  }

  // Task 2: composed ops — no derivative of their own, the primitives above carry the gradient.
  neg(): Value {
    return this.mul(-1);
  }

  sub(other: ValueLike): Value {
    return this.add(wrap(other).neg());
  }

  div(other: ValueLike): Value {
    return this.mul(wrap(other).pow(-1));
  }

  sigmoid(): Value {
    return this.neg().exp().add(1).pow(-1);
  }

  /**
   * Task 4: reverse-mode backward from this Value (d this / d this = 1).
   * Walks the graph in reverse topological order so each node's gradient is complete before it is passed on,
   * then ADDS this call's gradient into `.grad` of every node in the graph. The graph is kept, so backward()
   * may run again: a second call adds the same amounts again (leaf grads double), like PyTorch with
   * retain_graph=True. Call zeroGrad() first to start from zero.
   */
  backward(): void {
    const order = topologicalOrder(this);
    const g = new Map<Value, number>();
    g.set(this, 1);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      const up = g.get(node) ?? 0;
      if (node.parents.length === 0) continue;
      const local = node.localGrads();
      node.parents.forEach((p, k) => {
        g.set(p, (g.get(p) ?? 0) + up * local[k]!);
      });
    }
    for (const node of order) node.grad += g.get(node) ?? 0;
  }

  /** Sets `.grad` to 0 on this Value and everything it was computed from. */
  zeroGrad(): void {
    for (const node of topologicalOrder(this)) node.grad = 0;
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad}${this.op ? `, op=${this.op}` : ""})`;
  }
}

/**
 * Task 3: every node reachable from `root`, each exactly once, every node after all of its parents
 * (inputs first, root last). Iterative depth-first search, so long chains do not overflow the call stack.
 */
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const visited = new Set<Value>();
  const stack: Array<{ node: Value; next: number }> = [{ node: root, next: 0 }];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.node.parents.length) {
      const p = top.node.parents[top.next++]!;
      if (!visited.has(p)) {
        visited.add(p);
        stack.push({ node: p, next: 0 });
      }
    } else {
      order.push(top.node);
      stack.pop();
    }
  }
  return order;
}
