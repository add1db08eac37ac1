// Bundles the lab's test files, the learner's file, the engine and the harness into one ESM script (esbuild).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { BuildOptions, Message, Plugin } from "esbuild";
import { harnessEntry, repoRoot, tensorDir, tensorEntry, testingEntry } from "./paths.ts";

export interface CompileInput {
  /** The lab folder; its own test files are the ones compiled. */
  labDir: string;
  /** The file under test, imported by tests as "learner". */
  learnerFile: string;
  /** Test files inside labDir, in run order. */
  include: string[];
}

/** A build error located in a source file (line 1-based, column 1-based). */
export interface CompileProblem {
  file?: string;
  line?: number;
  column?: number;
  text: string;
  lineText?: string;
}

const ALLOWED_IN_LABS = "labs may import only llmpath/tensor (tests also llmpath/testing and learner) and relative files";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Maps `learner`, `llmpath/tensor` and `llmpath/testing`; refuses other packages in lab and learner code. */
function labResolver(input: CompileInput): Plugin {
  const learner = path.resolve(input.learnerFile);
  const tensorPrefix = tensorDir + path.sep;
  return {
    name: "llmpath-lab-resolver",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (args.path === "learner") return { path: learner };
        if (args.path === "llmpath/tensor") return { path: tensorEntry };
        if (args.path === "llmpath/testing") return { path: testingEntry };
        // The engine and the grader's own modules may use Node built-ins; labs and learners may not.
        if (args.importer.startsWith(tensorPrefix) || args.importer.startsWith(path.dirname(harnessEntry) + path.sep)) return undefined;
        if (path.isAbsolute(args.path)) return undefined;
        return { errors: [{ text: `cannot import "${args.path}": ${ALLOWED_IN_LABS}` }] };
      });
      // Engine files that locate assets through import.meta keep pointing at their own location once bundled.
      build.onLoad({ filter: new RegExp(`^${escapeRegExp(tensorPrefix)}.*\\.ts$`) }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta")) return { contents: source, loader: "ts" };
        const url = pathToFileURL(args.path).href;
        const contents = source
          .replaceAll("import.meta.url", JSON.stringify(url))
          .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
          .replaceAll("import.meta.filename", JSON.stringify(args.path));
        return { contents, loader: "ts" };
      });
    },
  };
}

/** The generated entry: the harness first, then each test file loaded lazily in order. */
export function entrySource(input: CompileInput): string {
  const files = input.include.map((name) => {
    const file = path.resolve(input.labDir, name);
    return `  { file: ${JSON.stringify(name)}, load: () => import(${JSON.stringify(file)}) },`;
  });
  return [`import { runHarness } from ${JSON.stringify(harnessEntry)};`, "await runHarness([", ...files, "]);", ""].join("\n");
}

/** esbuild options for one lab + learner file; `outfile` is where the bundle is meant to live. */
export function buildOptions(input: CompileInput, outfile: string): BuildOptions & { write: false; metafile: false } {
  return {
    stdin: { contents: entrySource(input), resolveDir: path.resolve(input.labDir), sourcefile: "llmpath-grader-entry.js", loader: "js" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    absWorkingDir: repoRoot,
    write: false,
    metafile: false,
    sourcemap: "external",
    sourcesContent: false,
    logLevel: "silent",
    // Compile the same way whatever tsconfig.json sits in the learner's workspace.
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
    plugins: [labResolver(input)],
  };
}

/** Converts esbuild messages into located problems. */
export function toProblems(messages: readonly Message[]): CompileProblem[] {
  return messages.map((m) => {
    const loc = m.location;
    if (!loc) return { text: m.text };
    return { file: loc.file, line: loc.line, column: loc.column + 1, text: m.text, lineText: loc.lineText };
  });
}
