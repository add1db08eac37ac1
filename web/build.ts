// `npm run build`: generates the engine's declarations for the editor (TypeScript compiler API), builds the web app
// with Vite into web/dist, and prints the compressed size of the JavaScript the roadmap page loads first.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { generateTypes } from "../src/cli/labs/types.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIRST_LOAD_BUDGET_KB = 300;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every declaration the in-browser TypeScript needs: the standard library and llmpath/tensor + llmpath/testing. */
async function editorFiles(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const tmp = mkdtempSync(path.join(tmpdir(), "llmpath-types-"));
  try {
    const r = await generateTypes(tmp);
    if (!r.ok) throw new Error(`could not generate the engine's declarations: ${r.why}`);
    for (const f of walk(tmp)) if (f.endsWith(".d.ts")) out[`/types/${path.relative(tmp, f).split(path.sep).join("/")}`] = readFileSync(f, "utf8");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const lib = path.join(path.dirname(fileURLToPath(import.meta.resolve("typescript"))));
  for (const name of readdirSync(lib)) if (/^lib\.(es5|es20\d\d[\w.]*|decorators[\w.]*)\.d\.ts$/.test(name)) out[`/${name}`] = readFileSync(path.join(lib, name), "utf8");
  return out;
}

/** gzip bytes of the entry script and the modules it preloads (what the roadmap page runs before any lazy chunk). */
export function firstLoadBytes(dist: string): { files: { file: string; gzip: number }[]; total: number } {
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  const refs = [...html.matchAll(/<script type="module"[^>]*src="([^"]+)"|<link rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  const files = refs.map((ref) => ({ file: ref, gzip: gzipSync(readFileSync(path.join(dist, ref.replace(/^\//, "")))).length }));
  return { files, total: files.reduce((a, f) => a + f.gzip, 0) };
}

async function main(): Promise<void> {
  const generated = path.join(here, "src", "generated");
  mkdirSync(generated, { recursive: true });
  const files = await editorFiles();
  writeFileSync(path.join(generated, "ts-files.json"), JSON.stringify(files));
  console.log(`editor declarations: ${Object.keys(files).length} files`);
  await build({ configFile: path.join(here, "vite.config.ts"), logLevel: "warn" });
  const dist = path.join(here, "dist");
  const first = firstLoadBytes(dist);
  for (const f of first.files) console.log(`  ${f.file}  ${(f.gzip / 1024).toFixed(1)} KB gzip`);
  const kb = first.total / 1024;
  console.log(`first load of the roadmap page (without the editor chunk): ${kb.toFixed(1)} KB of compressed JavaScript (budget ${FIRST_LOAD_BUDGET_KB} KB)`);
  if (kb > FIRST_LOAD_BUDGET_KB) {
    console.error(`over budget by ${(kb - FIRST_LOAD_BUDGET_KB).toFixed(1)} KB`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
