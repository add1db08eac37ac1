// einsum from scratch: tests run at grading only — uppercase and 0-d edge cases, other seeds, repeated indices at random,
// malformed equations and gradients through einsum2.
import { classifyLabels, einsum2, labelSizes, matmulShapes, parseEquation } from "learner";
import { einsum, manualSeed, randn, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

const TOL = { atol: 1e-5, rtol: 1e-4 };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
function shuffle<T>(r: () => number, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(r, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Case {
  equation: string;
  shapeA: number[];
  shapeB: number[];
}

/** Like the visible generator, with upper- and lowercase letters, up to 3 letters per role and sizes 1–3;
 * `repeat` duplicates one index of A (and maybe one of B) at a random place, which makes a diagonal. */
function randomCase(r: () => number, opts: { implicit: boolean; repeat: boolean }): Case {
  const letters = shuffle(r, [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]);
  const take = (n: number) => letters.splice(0, n);
  for (;;) {
    const [batch, contracted, aFree, bFree] = [take(int(r, 0, 3)), take(int(r, 0, 3)), take(int(r, 0, 2)), take(int(r, 0, 2))];
    const [aSummed, bSummed] = [take(int(r, 0, 2)), take(int(r, 0, 1))];
    const all = [...batch, ...contracted, ...aFree, ...bFree, ...aSummed, ...bSummed];
    const size = new Map(all.map((l) => [l, int(r, 1, 3)]));
    letters.push(...all);
    if (all.reduce((p, l) => p * size.get(l)!, 1) > 3000) continue;
    const A = shuffle(r, [...batch, ...contracted, ...aFree, ...aSummed]);
    const B = shuffle(r, [...batch, ...contracted, ...bFree, ...bSummed]);
    if (opts.repeat && A.length > 0) A.splice(int(r, 0, A.length), 0, A[int(r, 0, A.length - 1)]!);
    if (opts.repeat && B.length > 0 && r() < 0.5) B.splice(int(r, 0, B.length), 0, B[int(r, 0, B.length - 1)]!);
    const out = shuffle(r, [...batch, ...aFree, ...bFree]);
    const equation = opts.implicit ? `${A.join("")},${B.join("")}` : `${A.join("")},${B.join("")}->${out.join("")}`;
    return { equation, shapeA: A.map((l) => size.get(l)!), shapeB: B.map((l) => size.get(l)!) };
  }
}

function checkAgainstEngine(c: Case): void {
  const a = randn(c.shapeA);
  const b = randn(c.shapeB);
  const label = `einsum2("${c.equation}") on [${c.shapeA}] and [${c.shapeB}] vs einsum`;
  expectClose(einsum2(c.equation, a, b), einsum(c.equation, a, b), { ...TOL, label });
}

const messageOf = (fn: () => unknown): string => {
  const e = expectThrows(fn);
  return e instanceof Error ? e.message : String(e);
};

test("parseEquation with uppercase indices, empty terms and an empty output", () => {
  expectEqual(parseEquation("aB,Bc->ca"), { inputs: ["aB", "Bc"], output: "ca" }, '"aB,Bc->ca"');
  expectEqual(parseEquation("Ab,bZ").output, "AZ", 'implicit "Ab,bZ"');
  expectEqual(parseEquation("zyx,w").output, "wxyz", 'implicit "zyx,w"');
  expectEqual(parseEquation(",").inputs, ["", ""], '"," : two 0-d operands');
  expectEqual(parseEquation(",i->i"), { inputs: ["", "i"], output: "i" }, '",i->i"');
  expectEqual(parseEquation("ii,j").output, "j", 'implicit "ii,j": i appears twice, so it is summed');
}, { taskId: "task-1" });

test("parseEquation rejects a second arrow, an ellipsis, an empty equation and a stray character", () => {
  expectThrows(() => parseEquation("ij,jk->ik->i"));
  expectThrows(() => parseEquation("...ij,jk->...ik"));
  expectThrows(() => parseEquation(""));
  expectThrows(() => parseEquation("ij,jk-ik"), "'-'");
  expectThrows(() => parseEquation("ij,,jk->ik"));
}, { taskId: "task-1" });

test("labelSizes: an index repeated inside one operand must have one size", () => {
  expectEqual(labelSizes(["ii", "i"], [3, 3], [3]), { i: 3 }, 'labelSizes(["ii", "i"], [3, 3], [3])');
  const msg = messageOf(() => labelSizes(["ii", "j"], [2, 5], [1]));
  expectTrue(msg.includes("'i'") && /\b2\b/.test(msg) && /\b5\b/.test(msg), `expected 'i', 2 and 5 in the message, got: ${msg}`);
}, { taskId: "task-2" });

test("labelSizes: the second operand's rank is checked too, and mismatches in either order are reported", () => {
  const rank = messageOf(() => labelSizes(["ij", "jk"], [2, 3], [3, 4, 5]));
  expectTrue(rank.includes("'jk'"), `expected the term 'jk' in the message, got: ${rank}`);
  const size = messageOf(() => labelSizes(["abQ", "Qc"], [1, 2, 7], [6, 3]));
  expectTrue(size.includes("'Q'") && /\b7\b/.test(size) && /\b6\b/.test(size), `expected 'Q', 7 and 6 in the message, got: ${size}`);
}, { taskId: "task-2" });

test("classifyLabels with uppercase letters and a 0-d operand", () => {
  expectEqual(classifyLabels(["XaY", "YbX"], "Xab"), { batch: "X", contracted: "Y", aFree: "a", bFree: "b", aSummed: "", bSummed: "" }, '"XaY,YbX->Xab"');
  expectEqual(classifyLabels(["", "ij"], "j"), { batch: "", contracted: "", aFree: "", bFree: "j", aSummed: "", bSummed: "i" }, '",ij->j"');
  expectEqual(classifyLabels(["ij", "ij"], "ij"), { batch: "ij", contracted: "", aFree: "", bFree: "", aSummed: "", bSummed: "" }, '"ij,ij->ij"');
}, { taskId: "task-3" });

test("matmulShapes ignores summed-first indices and flattens every group", () => {
  expectEqual(matmulShapes("abc,cd->bd", [3, 2, 4], [4, 5]), { a: [1, 2, 4], b: [1, 4, 5], out: [1, 2, 5] }, '"abc,cd->bd"');
  expectEqual(matmulShapes("ij,ij->ij", [2, 3], [2, 3]), { a: [6, 1, 1], b: [6, 1, 1], out: [6, 1, 1] }, "Hadamard product: all batch");
  expectEqual(matmulShapes(",", [], []), { a: [1, 1, 1], b: [1, 1, 1], out: [1, 1, 1] }, "two scalars");
  expectEqual(matmulShapes("pqrs,sqrt", [2, 3, 4, 5], [5, 3, 4, 6]), { a: [1, 2, 60], b: [1, 60, 6], out: [1, 2, 6] }, 'implicit "pqrs,sqrt"');
}, { taskId: "task-4" });

test("einsum2 with 0-d operands", () => {
  expectClose(einsum2(",i->i", tensor(2), tensor([1, -1, 3])), [2, -2, 6], { atol: 0, rtol: 0, label: '",i->i"' });
  const s = einsum2(",", tensor(3), tensor(-4));
  expectShape(s, [], '","');
  expectClose(s, -12, { atol: 0, rtol: 0, label: '","' });
  expectClose(einsum2("ij,->", tensor([[1, 2], [3, 4]]), tensor(0.5)), 5, { atol: 1e-6, rtol: 0, label: '"ij,->"' });
}, { taskId: "task-5" });

test("einsum2 matches einsum on 300 random explicit equations with upper- and lowercase indices (seed 99)", () => {
  manualSeed(99);
  const r = rng(99);
  for (let i = 0; i < 300; i++) checkAgainstEngine(randomCase(r, { implicit: false, repeat: false }));
}, { taskId: "task-5" });

test("einsum2 matches einsum on 150 random implicit equations (seed 1234)", () => {
  manualSeed(1234);
  const r = rng(1234);
  for (let i = 0; i < 150; i++) checkAgainstEngine(randomCase(r, { implicit: true, repeat: false }));
}, { taskId: "task-5" });

test("einsum2 with indices swapped between operands: 'ij,ji->ji' and trace(AB) as 'ij,ji->'", () => {
  manualSeed(35);
  const a = randn([2, 3]);
  const b = randn([3, 2]);
  expectClose(einsum2("ij,ji->ji", a, b), einsum("ij,ji->ji", a, b), { ...TOL, label: '"ij,ji->ji"' });
  const ab = a.matmul(b).tolist() as number[][];
  expectClose(einsum2("ij,ji->", a, b), ab[0]![0]! + ab[1]![1]!, { ...TOL, label: "trace(A B)" });
}, { taskId: "task-5" });

test("einsum2 rejects an ellipsis, three operands, a rank mismatch and a size mismatch", () => {
  expectThrows(() => einsum2("...i,...i->...", randn([2, 3]), randn([2, 3])));
  expectThrows(() => einsum2("ij,jk,kl->il", randn([2, 2]), randn([2, 2])));
  expectThrows(() => einsum2("ijk,jk->i", randn([2, 3]), randn([3, 4])), "'ijk'");
  const msg = messageOf(() => einsum2("bij,bjk->bik", randn([2, 3, 4]), randn([5, 4, 6])));
  expectTrue(msg.includes("'b'") && /\b2\b/.test(msg) && /\b5\b/.test(msg), `expected 'b', 2 and 5 in the message, got: ${msg}`);
}, { taskId: "task-5" });

test("gradients flow through einsum2 like through einsum", () => {
  manualSeed(36);
  const a1 = randn([2, 3, 4], { requiresGrad: true });
  const b1 = randn([4, 2, 5], { requiresGrad: true });
  const a2 = a1.detach().requiresGrad_();
  const b2 = b1.detach().requiresGrad_();
  const w = randn([5, 2]);
  einsum2("xiy,ybz->zb", a1, b1).mul(w).sum().backward();
  einsum("xiy,ybz->zb", a2, b2).mul(w).sum().backward();
  expectClose(a1.grad, a2.grad, { ...TOL, label: "dL/dA" });
  expectClose(b1.grad, b2.grad, { ...TOL, label: "dL/dB" });
}, { taskId: "task-5" });

test("stretch: einsum2 matches einsum on 100 random equations with a repeated index (seed 5)", () => {
  manualSeed(5);
  const r = rng(5);
  for (let i = 0; i < 100; i++) checkAgainstEngine(randomCase(r, { implicit: i % 3 === 0, repeat: true }));
}, { taskId: "task-6" });

test("stretch: an index repeated three times, and trace as 'ii,->'", () => {
  manualSeed(37);
  checkAgainstEngine({ equation: "iii,j->ij", shapeA: [3, 3, 3], shapeB: [2] });
  checkAgainstEngine({ equation: "ii,->", shapeA: [4, 4], shapeB: [] });
  checkAgainstEngine({ equation: "ijij,ij->j", shapeA: [2, 3, 2, 3], shapeB: [2, 3] });
}, { taskId: "task-6" });
