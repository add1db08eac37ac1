// Assembles every src/tensor/kernels/*.wat into .wasm (wabt) in the kernel cache; run by `npm run build:kernels`/`prepare`.
import { readdirSync } from "node:fs";
import path from "node:path";
import { nodeHost } from "../src/tensor/kernels/node-host.ts";
import { buildKernels, sourceDir, wasmFileName } from "../src/tensor/kernels/wasm-module.ts";

const h = nodeHost();
if (!h) throw new Error("build-kernels: needs Node ≥ 20.16 (process.getBuiltinModule)");
const names = readdirSync(sourceDir(h)).filter((f) => f.endsWith(".wat")).map((f) => f.slice(0, -4));
const dir = buildKernels(h, names);
for (const n of names) console.log(`kernels: ${n}.wat → ${path.relative(process.cwd(), path.join(dir, wasmFileName(h, n)))}`);
