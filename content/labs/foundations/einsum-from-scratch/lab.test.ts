// einsum from scratch: the tests shown to the learner — parsing, sizes, roles, matmul shapes, and einsum2 against the
// engine's einsum on hundreds of random equations drawn from a seeded generator.
import { classifyLabels, einsum2, labelSizes, matmulShapes, parseEquation, takeDiagonals } from "learner";
import { einsum, manualSeed, randn, tensor } from "llmpath/tensor";
import { expectClose, expectEqual, expectShape, expectThrows, expectTrue, test } from "llmpath/testing";

// float32 on both sides, different summation order: |a − e| ≤ 1e-5 + 1e-4·|e| (sums have at most a few dozen terms).
const TOL = { atol: 1e-5, rtol: 1e-4 };

/** mulberry32: a tiny seeded generator for the equations themselves (tensor values come from manualSeed + randn). */
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

/** A random two-operand equation: each role gets 0–2 distinct letters (0–1 for summed-first ones), sizes 1–4,
 * terms and output shuffled; `implicit` drops the "->" part. At most 2 000 index combinations in all. */
function randomCase(r: () => number, implicit: boolean): Case {
  const letters = shuffle(r, [..."abcdefghijklmnopqrstuvwxyz"]);
  const take = (n: number) => letters.splice(0, n);
  for (;;) {
    const [batch, contracted, aFree, bFree] = [take(int(r, 0, 2)), take(int(r, 0, 2)), take(int(r, 0, 2)), take(int(r, 0, 2))];
    const [aSummed, bSummed] = [take(int(r, 0, 1)), take(int(r, 0, 1))];
    const all = [...batch, ...contracted, ...aFree, ...bFree, ...aSummed, ...bSummed];
    const size = new Map(all.map((l) => [l, int(r, 1, 4)]));
    letters.push(...all);
    if (all.reduce((p, l) => p * size.get(l)!, 1) > 2000) continue;
    const A = shuffle(r, [...batch, ...contracted, ...aFree, ...aSummed]);
    const B = shuffle(r, [...batch, ...contracted, ...bFree, ...bSummed]);
    const out = shuffle(r, [...batch, ...aFree, ...bFree]);
    const equation = implicit ? `${A.join("")},${B.join("")}` : `${A.join("")},${B.join("")}->${out.join("")}`;
    return { equation, shapeA: A.map((l) => size.get(l)!), shapeB: B.map((l) => size.get(l)!) };
  }
}

function checkAgainstEngine(c: Case): void {
  const a = randn(c.shapeA);
  const b = randn(c.shapeB);
  const label = `einsum2("${c.equation}") on [${c.shapeA}] and [${c.shapeB}] vs einsum`;
  expectClose(einsum2(c.equation, a, b), einsum(c.equation, a, b), { ...TOL, label });
}

/** Runs fn and returns the message of the error it must throw. */
const messageOf = (fn: () => unknown): string => {
  const e = expectThrows(fn);
  return e instanceof Error ? e.message : String(e);
};

test("parseEquation splits an explicit equation", () => {
  expectEqual(parseEquation("ij,jk->ik"), { inputs: ["ij", "jk"], output: "ik" }, 'parseEquation("ij,jk->ik")');
  expectEqual(parseEquation("bhid,bhjd->bhij"), { inputs: ["bhid", "bhjd"], output: "bhij" }, 'parseEquation("bhid,bhjd->bhij")');
  expectEqual(parseEquation("i,i->"), { inputs: ["i", "i"], output: "" }, 'parseEquation("i,i->"): an empty output is a 0-d result');
  expectEqual(parseEquation(" ij , jk -> ki "), { inputs: ["ij", "jk"], output: "ki" }, "spaces are ignored");
}, { taskId: "task-1" });

test("parseEquation infers the output in implicit mode: indices seen exactly once, sorted", () => {
  expectEqual(parseEquation("ij,jk").output, "ik", 'implicit "ij,jk"');
  expectEqual(parseEquation("kj,ji").output, "ik", 'implicit "kj,ji" (sorted, not in order of appearance)');
  expectEqual(parseEquation("i,i").output, "", 'implicit "i,i" (dot product)');
  expectEqual(parseEquation("i,j").output, "ij", 'implicit "i,j" (outer product)');
  expectEqual(parseEquation("bA,c").output, "Abc", 'implicit "bA,c": uppercase sorts before lowercase, like [..."bAc"].sort()');
}, { taskId: "task-1" });

test("parseEquation rejects malformed equations", () => {
  expectThrows(() => parseEquation("ij->ji"));
  expectThrows(() => parseEquation("ij,jk,kl->il"));
  expectThrows(() => parseEquation("ij,jk->iz"), "'z'");
  expectThrows(() => parseEquation("ij,jk->iki"), "'i'");
  expectThrows(() => parseEquation("i1,jk->ik"), "'1'");
}, { taskId: "task-1" });

test("labelSizes reads one size per index", () => {
  expectEqual(labelSizes(["ij", "jk"], [2, 3], [3, 4]), { i: 2, j: 3, k: 4 }, 'labelSizes(["ij", "jk"], [2, 3], [3, 4])');
  expectEqual(labelSizes(["bij", "b"], [5, 1, 2], [5]), { b: 5, i: 1, j: 2 }, 'labelSizes(["bij", "b"], [5, 1, 2], [5])');
  expectEqual(labelSizes(["", "i"], [], [7]), { i: 7 }, "a 0-d operand has the empty term");
}, { taskId: "task-2" });

test("labelSizes: a size mismatch names the index and both sizes", () => {
  const msg = messageOf(() => labelSizes(["ij", "jk"], [2, 3], [4, 5]));
  expectTrue(msg.includes("'j'"), `the message should name the index as 'j', got: ${msg}`);
  expectTrue(/\b3\b/.test(msg) && /\b4\b/.test(msg), `the message should state both sizes 3 and 4, got: ${msg}`);
}, { taskId: "task-2" });

test("labelSizes: a term whose length is not the tensor's rank is an error naming the term", () => {
  const msg = messageOf(() => labelSizes(["ijk", "k"], [2, 3], [3]));
  expectTrue(msg.includes("'ijk'"), `the message should quote the term 'ijk', got: ${msg}`);
  expectTrue(/\b3\b/.test(msg) && /\b2\b/.test(msg), `the message should give 3 indices and 2 dims, got: ${msg}`);
}, { taskId: "task-2" });

test("classifyLabels sorts the indices of a batched matmul and of a reduction", () => {
  expectEqual(classifyLabels(["bij", "bjk"], "bik"), { batch: "b", contracted: "j", aFree: "i", bFree: "k", aSummed: "", bSummed: "" }, '"bij,bjk->bik"');
  expectEqual(classifyLabels(["abc", "cd"], "bd"), { batch: "", contracted: "c", aFree: "b", bFree: "d", aSummed: "a", bSummed: "" }, '"abc,cd->bd"');
  expectEqual(classifyLabels(["ij", "kl"], ""), { batch: "", contracted: "", aFree: "", bFree: "", aSummed: "ij", bSummed: "kl" }, '"ij,kl->"');
}, { taskId: "task-3" });

test("classifyLabels keeps A's order for shared indices and B's order for B-only ones", () => {
  expectEqual(classifyLabels(["qpsr", "rspt"], "tpq"), { batch: "p", contracted: "sr", aFree: "q", bFree: "t", aSummed: "", bSummed: "" }, '"qpsr,rspt->tpq"');
}, { taskId: "task-3" });

test("matmulShapes groups the indices into (Bt, M, K) @ (Bt, K, N)", () => {
  expectEqual(matmulShapes("bij,bjk->bik", [2, 3, 4], [2, 4, 5]), { a: [2, 3, 4], b: [2, 4, 5], out: [2, 3, 5] }, "batched matmul");
  expectEqual(matmulShapes("i,i->", [6], [6]), { a: [1, 1, 6], b: [1, 6, 1], out: [1, 1, 1] }, "dot product");
  expectEqual(matmulShapes("i,j->ij", [3], [4]), { a: [1, 3, 1], b: [1, 1, 4], out: [1, 3, 4] }, "outer product: K = 1");
  expectEqual(matmulShapes("xbiy,byjx->bij", [2, 3, 4, 5], [3, 5, 6, 2]), { a: [3, 4, 10], b: [3, 10, 6], out: [3, 4, 6] }, "two contracted indices flatten into K = 2·5");
}, { taskId: "task-4" });

test("einsum2 on everyday equations matches the engine's einsum", () => {
  manualSeed(31);
  const cases: Case[] = [
    { equation: "ik,kj->ij", shapeA: [3, 4], shapeB: [4, 2] },
    { equation: "i,i->", shapeA: [5], shapeB: [5] },
    { equation: "i,j->ij", shapeA: [3], shapeB: [4] },
    { equation: "bik,bkj->bij", shapeA: [2, 3, 4], shapeB: [2, 4, 5] },
    { equation: "bhid,bhjd->bhij", shapeA: [2, 2, 3, 4], shapeB: [2, 2, 5, 4] },
    { equation: "ij,ij->ij", shapeA: [3, 4], shapeB: [3, 4] },
    { equation: "ij,jk->ki", shapeA: [2, 3], shapeB: [3, 4] },
    { equation: "ij,jk", shapeA: [2, 3], shapeB: [3, 4] },
  ];
  for (const c of cases) checkAgainstEngine(c);
}, { taskId: "task-5" });

test("einsum2 returns a 0-d tensor for a full contraction", () => {
  const out = einsum2("ij,ij->", tensor([[1, 2], [3, 4]]), tensor([[5, 6], [7, 8]]));
  expectShape(out, [], 'einsum2("ij,ij->")');
  expectClose(out, 70, { atol: 0, rtol: 0, label: "1·5 + 2·6 + 3·7 + 4·8" });
}, { taskId: "task-5" });

test("einsum2 sums indices that only one operand has first: 'abc,cd->bd'", () => {
  manualSeed(32);
  checkAgainstEngine({ equation: "abc,cd->bd", shapeA: [3, 2, 4], shapeB: [4, 5] });
  checkAgainstEngine({ equation: "ab,cd->ad", shapeA: [2, 3], shapeB: [4, 5] });
}, { taskId: "task-5" });

test("einsum2 matches einsum on 200 random explicit equations (seed 2024)", () => {
  manualSeed(2024);
  const r = rng(2024);
  for (let i = 0; i < 200; i++) checkAgainstEngine(randomCase(r, false));
}, { taskId: "task-5" });

test("einsum2 matches einsum on 100 random implicit equations (seed 7)", () => {
  manualSeed(7);
  const r = rng(7);
  for (let i = 0; i < 100; i++) checkAgainstEngine(randomCase(r, true));
}, { taskId: "task-5" });

test("einsum2 passes a size mismatch on as an error naming the index and sizes", () => {
  const msg = messageOf(() => einsum2("ij,jk->ik", randn([2, 3]), randn([4, 5])));
  expectTrue(msg.includes("'j'") && /\b3\b/.test(msg) && /\b4\b/.test(msg), `expected 'j', 3 and 4 in the message, got: ${msg}`);
}, { taskId: "task-5" });

test("stretch: takeDiagonals walks the diagonal of a repeated index", () => {
  manualSeed(33);
  const x = randn([3, 3]);
  const d = takeDiagonals(x, "ii");
  expectEqual(d.term, "i", 'takeDiagonals(x, "ii").term');
  expectClose(d.t, einsum("ii->i", x), { ...TOL, label: "diagonal of a 3×3" });
  const y = randn([4, 2, 4]);
  const e = takeDiagonals(y, "iji");
  expectEqual([...e.term].sort().join(""), "ij", 'takeDiagonals(y, "iji") keeps i and j once each');
  expectClose(e.t, einsum(`iji->${e.term}`, y), { ...TOL, label: `"iji" -> "${e.term}"` });
}, { taskId: "task-6" });

test("stretch: einsum2 with repeated indices inside one operand", () => {
  manualSeed(34);
  const cases: Case[] = [
    { equation: "ii,j->j", shapeA: [3, 3], shapeB: [2] },
    { equation: "iij,jk->ik", shapeA: [3, 3, 4], shapeB: [4, 2] },
    { equation: "ii,ij->j", shapeA: [4, 4], shapeB: [4, 5] },
    { equation: "bii,bi->b", shapeA: [2, 3, 3], shapeB: [2, 3] },
  ];
  for (const c of cases) checkAgainstEngine(c);
}, { taskId: "task-6" });
