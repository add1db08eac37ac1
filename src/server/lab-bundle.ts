// Bundles a learner's code + a lab's VISIBLE tests + the engine into one browser script for the lab Web Worker.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import type { LabEntry } from "../curriculum/index.ts";
import type { CompileProblem } from "../grader/index.ts";
import { tensorEntry, testingEntry } from "../grader/paths.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const harness = path.join(here, "lab-worker-harness.ts");
const LEARNER = "learner.ts";
const VISIBLE = "lab.test.ts";

export type BundleResult = { ok: true; code: string } | { ok: false; problems: CompileProblem[] };

function resolver(lab: LabEntry, code: string): Plugin {
  return {
    name: "llmpath-web-lab",
    setup(b) {
      b.onResolve({ filter: /^learner$/ }, () => ({ path: LEARNER, namespace: "learner" }));
      b.onLoad({ filter: /.*/, namespace: "learner" }, () => ({ contents: code, loader: "ts", resolveDir: lab.dir }));
      b.onResolve({ filter: /^llmpath\/tensor$/ }, () => ({ path: tensorEntry }));
      b.onResolve({ filter: /^llmpath\/testing$/ }, () => ({ path: testingEntry }));
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point" || path.isAbsolute(args.path)) return undefined;
        if (args.importer.startsWith(path.dirname(tensorEntry)) || args.importer.startsWith(path.dirname(testingEntry))) return undefined;
        return { errors: [{ text: `cannot import "${args.path}": labs may import only llmpath/tensor` }] };
      });
    },
  };
}

/** One ES module script; compile errors come back located in the learner's file (line and column 1-based). */
export async function bundleVisibleTests(lab: LabEntry, code: string): Promise<BundleResult> {
  const entry = [
    `import { runVisibleTests } from ${JSON.stringify(harness)};`,
    `runVisibleTests(${JSON.stringify(VISIBLE)}, () => import(${JSON.stringify(path.join(lab.dir, VISIBLE))}));`,
  ].join("\n");
  try {
    const out = await build({
      stdin: { contents: entry, resolveDir: lab.dir, sourcefile: "llmpath-web-entry.js", loader: "js" },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
      minifySyntax: true,
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
      plugins: [resolver(lab, code)],
    });
    return { ok: true, code: out.outputFiles[0]!.text };
  } catch (e) {
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number; lineText: string } | null }[] }).errors;
    if (!errors) throw e;
    return {
      ok: false,
      problems: errors.map((m) =>
        m.location
          ? { file: m.location.file.replace(/^learner:/, ""), line: m.location.line, column: m.location.column + 1, text: m.text, lineText: m.location.lineText }
          : { text: m.text },
      ),
    };
  }
}
