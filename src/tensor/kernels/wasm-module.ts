// Finds (or builds, once) the .wasm assembled from a kernel's .wat source in this folder, keyed by the source's hash.
import { type NodeHost, nodeHost } from "./node-host.ts";

/**
 * A plain-JS program run as `node -e ASSEMBLER wabtPath in1 out1 in2 out2 …`: assembles each .wat with
 * wabt (SIMD and threads enabled) and writes the .wasm atomically (V8 validates it when it compiles). Kept as text so it needs no TypeScript loader.
 */
const ASSEMBLER = `
const fs = require("node:fs");
const [wabtPath, ...pairs] = process.argv.slice(1);
require(wabtPath)().then((wabt) => {
  for (let i = 0; i < pairs.length; i += 2) {
    const mod = wabt.parseWat(pairs[i], fs.readFileSync(pairs[i], "utf8"), { simd: true, threads: true });
    const tmp = pairs[i + 1] + "." + process.pid + ".tmp";
    fs.writeFileSync(tmp, mod.toBinary({}).buffer);
    fs.renameSync(tmp, pairs[i + 1]);
    mod.destroy();
  }
});`;

/** The folder holding the .wat sources (this file's folder). */
export function sourceDir(h: NodeHost): string {
  return h.path.dirname(h.url.fileURLToPath(import.meta.url));
}

/** Candidate cache folders: the package's node_modules/.cache, then the OS temp folder. */
export function cacheDirs(h: NodeHost): string[] {
  const pkgRoot = h.path.resolve(sourceDir(h), "..", "..", "..");
  return [h.path.join(pkgRoot, "node_modules", ".cache", "llmpath-kernels"), h.path.join(h.os.tmpdir(), "llmpath-kernels")];
}

/** Where the .wasm of `name` (source `name.wat`) lives once built: the name carries the source's hash. */
export function wasmFileName(h: NodeHost, name: string): string {
  const src = h.fs.readFileSync(h.path.join(sourceDir(h), `${name}.wat`));
  return `${name}-${h.crypto.createHash("sha256").update(src).digest("hex").slice(0, 16)}.wasm`;
}

/** Assemble the given kernels into the first writable cache folder (synchronously, in a child process). */
export function buildKernels(h: NodeHost, names: readonly string[]): string {
  const wabt = h.module.createRequire(import.meta.url).resolve("wabt");
  let lastError = "";
  for (const dir of cacheDirs(h)) {
    try {
      h.fs.mkdirSync(dir, { recursive: true });
      const args = names.flatMap((n) => [h.path.join(sourceDir(h), `${n}.wat`), h.path.join(dir, wasmFileName(h, n))]);
      h.childProcess.execFileSync(process.execPath, ["-e", ASSEMBLER, wabt, ...args], { stdio: ["ignore", "ignore", "pipe"] });
      return dir;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  throw new Error(`kernels: could not assemble ${names.join(", ")} with wabt: ${lastError}`);
}

/** The compiled module of kernel `name`, building it on first use when no cached .wasm matches the source. */
export function loadWasmModule(name: string): WebAssembly.Module {
  const h = nodeHost();
  if (!h) throw new Error("kernels: WebAssembly kernels need Node (process.getBuiltinModule)");
  const file = wasmFileName(h, name);
  const find = () => cacheDirs(h).map((d) => h.path.join(d, file)).find((p) => h.fs.existsSync(p));
  const found = find() ?? h.path.join(buildKernels(h, [name]), file);
  return new WebAssembly.Module(h.fs.readFileSync(found));
}
