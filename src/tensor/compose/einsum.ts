// einsum in full (explicit/implicit output, repeated subscripts, "...", any number of operands), composed from
// mul/sum (diagonals), sum (reductions), permute/reshape and matmul (pairwise contraction), so autograd needs no rule.
import { eye } from "../creation.ts";
import { TensorError, fmt, numelOf } from "../shape.ts";
import { Tensor } from "../tensor.ts";
import { matmul } from "./matmul.ts";

/** An operand during evaluation: a tensor and one label per dim ("a".."Z", or "…0", "…1" for ellipsis dims). */
interface Op {
  t: Tensor;
  labels: string[];
}

const err = (eq: string, msg: string) => new TensorError(`einsum: ${msg} (equation "${eq}")`);

function parseTerm(eq: string, term: string, where: string): { letters: string[]; ellipsisAt: number } {
  const letters: string[] = [];
  let ellipsisAt = -1;
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith("...", i)) {
      if (ellipsisAt >= 0) throw err(eq, `${where} has more than one "..."`);
      ellipsisAt = letters.length;
      i += 2;
    } else if (/[a-zA-Z]/.test(term[i])) letters.push(term[i]);
    else throw err(eq, `invalid subscript '${term[i]}' in ${where}; use letters a-z, A-Z and "..."`);
  }
  return { letters, ellipsisAt };
}

function ellipsisLabels(count: number, total: number): string[] {
  return Array.from({ length: count }, (_, i) => `…${total - count + i}`);
}

/** Sum away dims whose label appears twice in one operand by taking the diagonal: (x · I).sum(second dim). */
function takeDiagonals(eq: string, op: Op, k: number): Op {
  let { t, labels } = op;
  for (let j = 0; j < labels.length; j++) {
    const i = labels.indexOf(labels[j]);
    if (i === j) continue;
    if (t.shape[i] !== t.shape[j]) throw err(eq, `subscript ${labels[j]} repeats in operand ${k} with sizes ${t.shape[i]} and ${t.shape[j]} (shape ${fmt(t.shape)})`);
    const shape = t.shape.map((_, d) => (d === i || d === j ? t.shape[d] : 1));
    const mask = eye(t.shape[i], { dtype: t.dtype === "float64" ? "float64" : "float32" }).reshape(shape);
    t = t.mul(mask).sum(j);
    labels = labels.filter((_, d) => d !== j);
    j--;
  }
  return { t, labels };
}

/** Sum the dims whose labels are not in `needed`. */
function reduceUnneeded(op: Op, needed: Set<string>): Op {
  const dims = op.labels.map((l, d) => (needed.has(l) ? -1 : d)).filter((d) => d >= 0);
  if (dims.length === 0) return op;
  return { t: op.t.sum(dims), labels: op.labels.filter((l) => needed.has(l)) };
}

/** Contract two operands with one matmul: A → [batch, aOnly, shared], B → [batch, shared, bOnly]. */
function contractPair(a: Op, b: Op, keep: Set<string>, sizes: Map<string, number>): Op {
  const inB = new Set(b.labels);
  const batch = a.labels.filter((l) => inB.has(l) && keep.has(l));
  const shared = a.labels.filter((l) => inB.has(l) && !keep.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !a.labels.includes(l));
  const size = (op: Op, l: string) => op.t.shape[op.labels.indexOf(l)];
  const prod = (op: Op, ls: string[]) => numelOf(ls.map((l) => size(op, l)));
  const pa = [...batch, ...aOnly, ...shared].map((l) => a.labels.indexOf(l));
  const pb = [...batch, ...shared, ...bOnly].map((l) => b.labels.indexOf(l));
  const A = a.t.permute(pa).reshape([...batch.map((l) => size(a, l)), prod(a, aOnly), prod(a, shared)]);
  const B = b.t.permute(pb).reshape([...batch.map((l) => size(b, l)), prod(b, shared), prod(b, bOnly)]);
  const out = matmul(A, B); // [batch (broadcast), aOnly, bOnly]
  const shape = [...batch.map((l) => sizes.get(l)!), ...aOnly.map((l) => size(a, l)), ...bOnly.map((l) => size(b, l))];
  return { t: out.reshape(shape), labels: [...batch, ...aOnly, ...bOnly] };
}

/** torch.einsum(equation, *operands). */
export function einsum(equation: string, ...tensors: Tensor[]): Tensor {
  const eq = equation.replace(/\s+/g, "");
  const arrow = eq.indexOf("->");
  const lhs = arrow >= 0 ? eq.slice(0, arrow) : eq;
  const terms = lhs.split(",");
  if (terms.length !== tensors.length) throw err(eq, `the equation has ${terms.length} operand(s) but ${tensors.length} tensor(s) were given`);
  tensors.forEach((t, k) => {
    if (!(t instanceof Tensor)) throw err(eq, `operand ${k} is not a Tensor`);
  });
  const parsed = terms.map((term, k) => parseTerm(eq, term, `operand ${k} '${term}'`));
  const ellDims = parsed.map((p, k) => {
    const n = tensors[k].dim() - p.letters.length;
    if (n < 0 || (n > 0 && p.ellipsisAt < 0)) {
      throw err(eq, `operand ${k} '${terms[k]}' has ${p.letters.length} subscripts but the tensor has ${tensors[k].dim()} dims ${fmt(tensors[k].shape)}`);
    }
    return n;
  });
  const nEll = Math.max(0, ...ellDims);
  let ops: Op[] = parsed.map((p, k) => {
    const labels = [...p.letters];
    if (p.ellipsisAt >= 0) labels.splice(p.ellipsisAt, 0, ...ellipsisLabels(ellDims[k], nEll));
    return { t: tensors[k], labels };
  });
  // sizes: letters must agree; ellipsis dims broadcast (size 1 stretches)
  const sizes = new Map<string, number>();
  ops.forEach((op, k) => {
    op.labels.forEach((l, d) => {
      const s = op.t.shape[d];
      const prev = sizes.get(l);
      if (prev === undefined || prev === 1) sizes.set(l, s);
      else if (s !== prev && !(l.startsWith("…") && s === 1)) {
        throw err(eq, `subscript ${l.startsWith("…") ? "..." : l} has size ${s} in operand ${k} ${fmt(op.t.shape)} but size ${prev} elsewhere`);
      }
    });
  });
  // output labels
  let out: string[];
  const counts = new Map<string, number>();
  for (const p of parsed) for (const l of p.letters) counts.set(l, (counts.get(l) ?? 0) + 1);
  if (arrow >= 0) {
    const o = parseTerm(eq, eq.slice(arrow + 2), "the output");
    out = [...o.letters];
    if (o.ellipsisAt >= 0) out.splice(o.ellipsisAt, 0, ...ellipsisLabels(nEll, nEll));
    for (const l of o.letters) {
      if (!counts.has(l)) throw err(eq, `output subscript ${l} does not appear in any operand`);
      if (o.letters.indexOf(l) !== o.letters.lastIndexOf(l)) throw err(eq, `output subscript ${l} appears more than once`);
    }
  } else {
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort();
    out = [...ellipsisLabels(nEll, nEll), ...once];
  }
  const outSet = new Set(out);
  ops = ops.map((op, k) => takeDiagonals(eq, op, k));
  const neededBy = (others: Op[]) => new Set([...outSet, ...others.flatMap((o) => o.labels)]);
  ops = ops.map((op, k) => reduceUnneeded(op, neededBy(ops.filter((_, j) => j !== k))));
  while (ops.length > 1) {
    // greedy: contract the pair whose result is smallest
    let best: [number, number] = [0, 1];
    let bestCost = Number.POSITIVE_INFINITY;
    for (let i = 0; i < ops.length; i++) {
      for (let j = i + 1; j < ops.length; j++) {
        const keep = neededBy(ops.filter((_, k) => k !== i && k !== j));
        const labels = new Set([...ops[i].labels, ...ops[j].labels].filter((l) => keep.has(l)));
        const cost = numelOf([...labels].map((l) => sizes.get(l)!));
        if (cost < bestCost) {
          bestCost = cost;
          best = [i, j];
        }
      }
    }
    const [i, j] = best;
    const rest = ops.filter((_, k) => k !== i && k !== j);
    const keep = neededBy(rest);
    const c = contractPair(ops[i], ops[j], keep, sizes);
    ops = [...rest, reduceUnneeded(c, keep)];
  }
  const last = reduceUnneeded(ops[0], outSet);
  const perm = out.map((l) => last.labels.indexOf(l));
  const res = last.t.permute(perm);
  const shape = out.map((l) => sizes.get(l)!);
  return res.shape.every((s, d) => s === shape[d]) ? res : res.expand(shape);
}
