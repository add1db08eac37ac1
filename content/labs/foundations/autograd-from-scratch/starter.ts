// Scalar autograd from scratch: build a micrograd-style Value with a dynamic graph and a topological backward.
// biome-ignore-all lint/correctness/noUnusedFunctionParameters: the TODO bodies are yours to write
// biome-ignore-all lint/correctness/noUnusedPrivateClassMembers: localGrads is yours to use in backward()

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
  /** The local derivatives d(this)/d(parent_i), one per parent, evaluated when backward() asks for them. */
  private readonly localGrads: () => number[];

  constructor(data: number, parents: Value[] = [], op = "", localGrads: () => number[] = () => []) {
    if (typeof data !== "number") throw new TypeError(`Value: data must be a number, got ${typeof data}`);
    this.data = data;
    this.parents = parents;
    this.op = op;
    this.localGrads = localGrads;
  }

  // Task 1: the primitives. Worked example: add (d(a+b)/da = 1, d(a+b)/db = 1).
  add(other: ValueLike): Value {
    const o = wrap(other);
    return new Value(this.data + o.data, [this, o], "add", () => [1, 1]);
  }

  mul(other: ValueLike): Value {
    throw new Error("TODO: Value.mul (Task 1)");
  }

  /** this^k for a constant exponent k. */
  pow(k: number): Value {
    throw new Error("TODO: Value.pow (Task 1)");
  }

  exp(): Value {
    throw new Error("TODO: Value.exp (Task 1)");
  }

  log(): Value {
    throw new Error("TODO: Value.log (Task 1)");
  }

  tanh(): Value {
    throw new Error("TODO: Value.tanh (Task 1)");
  }

  relu(): Value {
    throw new Error("TODO: Value.relu (Task 1)");
  }

  // Task 2: composed ops — build them from the primitives above, no derivative of their own.
  neg(): Value {
    throw new Error("TODO: Value.neg (Task 2)");
  }

  sub(other: ValueLike): Value {
    throw new Error("TODO: Value.sub (Task 2)");
  }

  div(other: ValueLike): Value {
    throw new Error("TODO: Value.div (Task 2)");
  }

  sigmoid(): Value {
    throw new Error("TODO: Value.sigmoid (Task 2)");
  }

  /**
   * Task 4: reverse-mode backward from this Value (d this / d this = 1). Visit nodes in reverse topological
   * order, then ADD this call's gradient into `.grad` of every node in the graph. The graph is kept: a second
   * call adds the same amounts again (leaf grads double), like PyTorch with retain_graph=True.
   */
  backward(): void {
    throw new Error("TODO: Value.backward (Task 4)");
  }

  /** Sets `.grad` to 0 on this Value and everything it was computed from. */
  zeroGrad(): void {
    throw new Error("TODO: Value.zeroGrad (Task 4)");
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad}${this.op ? `, op=${this.op}` : ""})`;
  }
}

/** Task 3: every node reachable from `root`, each exactly once, every node after all of its parents (root last). */
export function topologicalOrder(root: Value): Value[] {
  throw new Error("TODO: topologicalOrder (Task 3)");
}
