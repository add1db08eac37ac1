// Generates the engine's type declarations (llmpath/tensor, llmpath/testing) for a workspace, so editors complete the API.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ENTRIES = { tensor: join(SRC, "tensor", "index.ts"), testing: join(SRC, "grader", "testing.ts") };

/** Paths of the entry declarations, relative to the types folder (for tsconfig `paths`). */
export const TYPE_ENTRIES = { "llmpath/tensor": "tensor/index.d.ts", "llmpath/testing": "grader/testing.d.ts" } as const;

export type TypesResult = { ok: true; files: number } | { ok: false; why: string };

/** A hash of every source file the declarations come from: the cache key. */
function sourceHash(): string {
  const h = createHash("sha256");
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) h.update(relative(SRC, p)).update(readFileSync(p));
    }
  };
  walk(join(SRC, "tensor"));
  walk(join(SRC, "grader"));
  return h.digest("hex").slice(0, 20);
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

/**
 * Like emitTypes, but reuses declarations already generated for the same engine sources (kept in the OS temp folder),
 * so running `init` again, or for a second workspace, takes milliseconds instead of a second or more.
 */
export async function generateTypes(outDir: string): Promise<TypesResult> {
  let cache: string;
  try {
    cache = join(tmpdir(), "llmpath-types-cache", sourceHash());
  } catch {
    return emitTypes(outDir);
  }
  if (!existsSync(join(cache, TYPE_ENTRIES["llmpath/tensor"]))) {
    const building = `${cache}.build-${process.pid}`;
    const made = await emitTypes(building);
    if (!made.ok) return made;
    try {
      renameSync(building, cache);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process finished first
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  cpSync(cache, outDir, { recursive: true });
  return { ok: true, files: countFiles(outDir) };
}

/**
 * Emits declarations of the engine and the testing module into `outDir`, mirroring src/ (tensor/…, grader/…).
 * Uses the TypeScript compiler API without type checking (about a second); never throws.
 */
export async function emitTypes(outDir: string): Promise<TypesResult> {
  let ts: typeof import("typescript");
  try {
    ts = (await import("typescript")).default;
  } catch (e) {
    return { ok: false, why: `the TypeScript compiler is not installed (${(e as Error).message.split("\n")[0]})` };
  }
  try {
    const program = ts.createProgram(Object.values(ENTRIES), {
      declaration: true,
      emitDeclarationOnly: true,
      allowImportingTsExtensions: true,
      noCheck: true,
      skipLibCheck: true,
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts"],
      types: [],
      rootDir: SRC,
      outDir,
    });
    let files = 0;
    const emitted = program.emit(undefined, (file, text) => {
      // Only what labs can reach: the engine and the grader's testing module (and what they import).
      if (relative(outDir, file).startsWith("..")) return;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      files++;
    });
    if (emitted.emitSkipped) return { ok: false, why: "TypeScript skipped the emit" };
    return { ok: true, files };
  } catch (e) {
    return { ok: false, why: (e as Error).message.split("\n")[0] ?? String(e) };
  }
}
