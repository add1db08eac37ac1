// The kernel build: .wat source → cached .wasm named by the source's hash → a module V8 accepts, with SIMD and shared memory.
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeHost } from "./node-host.ts";
import { cacheDirs, loadWasmModule, wasmFileName } from "./wasm-module.ts";

describe("kernel build and cache", () => {
  const h = nodeHost()!;

  it("names the cached .wasm after the source hash", () => {
    expect(wasmFileName(h, "gemm")).toMatch(/^gemm-[0-9a-f]{16}\.wasm$/);
  });

  it("loads gemm.wat as a module importing shared memory and exporting gemm, and caches it", () => {
    const mod = loadWasmModule("gemm");
    expect(WebAssembly.Module.exports(mod).map((e) => e.name)).toEqual(["gemm"]);
    expect(WebAssembly.Module.imports(mod)).toEqual([{ module: "env", name: "memory", kind: "memory" }]);
    const file = wasmFileName(h, "gemm");
    expect(cacheDirs(h).some((d) => existsSync(path.join(d, file)))).toBe(true);
  });

  it("says clearly when a kernel source does not exist", () => {
    expect(() => loadWasmModule("no-such-kernel")).toThrow(/no-such-kernel\.wat/);
  });
});
