// Test helper for the learner command tests: writes the fixture route (fixtures.ts) as a content/ folder, and runs
// the CLI in-process against it with captured output.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { Card, Curriculum, Placement } from "../../curriculum/index.ts";
import { routeFixture } from "../../learner/fixtures.ts";
import { main } from "../main.ts";

const tx = (en: string, zh: string) => ({ en, zh });

export const FIXTURE_CARDS: Card[] = [
  { id: "la/svd", kind: "recall", front: tx("What does a rank-k SVD store?", "秩 k 的 SVD 存什么？"), back: tx("U_k, s_k, Vh_k", "U_k、s_k、Vh_k") },
  { id: "la/count", kind: "numeric", front: tx("k(m+n+1) for k=64, m=1024, n=512?", "k=64、m=1024、n=512 时 k(m+n+1) 是多少？"), back: tx("98368", "98368"), answer: 98368, tolerance: 0 },
  { id: "la/shape", kind: "choice", front: tx("Shape of bij,bjk->bik for (4,3,5),(4,5,2)?", "(4,3,5) 与 (4,5,2) 做 bij,bjk->bik 的形状？"), back: tx("batched matmul", "批量矩阵乘"), choices: [tx("(4,3,2)", "(4,3,2)"), tx("(3,2)", "(3,2)")], correct: 0 },
];

export const FIXTURE_PLACEMENT: Placement = {
  pass_score: 0.75,
  questions: [
    { id: "p1", kind: "choice", front: tx("Shape of bij,bjk->bik for (4,3,5),(4,5,2)?", "形状？"), choices: [tx("(4,3,2)", "(4,3,2)"), tx("(4,5,5)", "(4,5,5)"), tx("(3,2)", "(3,2)")], correct: 0 },
    { id: "p2", kind: "numeric", front: tx("Values in a rank-64 SVD of 1024×512?", "数值个数？"), answer: 98368, tolerance: 0 },
    { id: "p3", kind: "numeric", front: tx("Frobenius error of rank-1 approx of diag(4,3,2,1)?", "误差？"), answer: 3.742, tolerance: 0.001 },
    { id: "p4", kind: "choice", front: tx("Is softmax shift-invariant?", "softmax 平移不变吗？"), choices: [tx("no", "否"), tx("yes", "是")], correct: 1 },
  ],
};

/** The fixture route with review cards on linear-algebra and placement tests on two stage-1 modules. */
export function cliCurriculum(): Curriculum {
  const c = routeFixture();
  c.modules.get("linear-algebra")!.cards = FIXTURE_CARDS;
  for (const id of ["linear-algebra", "probability"]) c.modules.get(id)!.placement = FIXTURE_PLACEMENT;
  return c;
}

const LAB_STUBS = ["README.en.md", "README.zh.md", "starter.ts", "solution.ts", "lab.test.ts", "hidden.test.ts"];

/** Writes a content/ folder the curriculum loader accepts; returns its path. */
export function writeContent(c: Curriculum = cliCurriculum()): string {
  const root = mkdtempSync(join(tmpdir(), "llmpath-content-"));
  writeFileSync(join(root, "roadmap.yaml"), stringify({ stages: c.stages }));
  for (const m of c.modules.values()) {
    const dir = join(root, "modules", m.stage, m.id);
    mkdirSync(dir, { recursive: true });
    const { dir: _d, cards, placement, labs, ...def } = m;
    writeFileSync(join(dir, "module.yaml"), stringify(def));
    writeFileSync(join(dir, "notes.en.md"), `# ${m.id}\n`);
    writeFileSync(join(dir, "notes.zh.md"), `# ${m.id}\n`);
    const someCard: Card = { id: `${m.id}/c`, kind: "recall", front: tx("q", "问"), back: tx("a", "答") };
    writeFileSync(join(dir, "cards.yaml"), stringify({ cards: cards.length ? cards : [someCard] }));
    if (placement) writeFileSync(join(dir, "placement.yaml"), stringify(placement));
    for (const lab of labs) {
      const ldir = join(root, "labs", lab.stage, lab.id);
      mkdirSync(ldir, { recursive: true });
      const { dir: _l, stage: _s, ...labDef } = lab;
      writeFileSync(join(ldir, "lab.yaml"), stringify(labDef));
      for (const f of LAB_STUBS) writeFileSync(join(ldir, f), "// fixture\n");
    }
  }
  return root;
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
  json: <T = Record<string, unknown>>() => T;
}

/** Runs `llmpath <args>` in-process against the fixture content and a data directory. */
export async function runCli(args: string[], o: { content: string; dataDir: string; now?: string; lang?: "en" | "zh"; tty?: boolean }): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env, LLMPATH_NOW: o.now ?? "2025-01-06T09:00:00", LLMPATH_LANG: o.lang ?? "en" };
  const code = await main(["node", "llmpath", "--lang", o.lang ?? "en", "--content-dir", o.content, "--data-dir", o.dataDir, ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    isTTY: o.tty ?? false,
  });
  const text = out.join("\n");
  return { code, out: text, err: err.join("\n"), json: <T>() => JSON.parse(text) as T };
}
