// A TypeScript language service in the browser (@typescript/vfs) that knows llmpath/tensor's declarations
// (generated at build time from src/tensor/index.ts), wired into CodeMirror with @valtown/codemirror-ts.
import { createSystem, createVirtualTypeScriptEnvironment } from "@typescript/vfs";
import { tsAutocomplete, tsFacet, tsHover, tsLinter, tsSync } from "@valtown/codemirror-ts";
import ts from "typescript";

export const LAB_PATH = "/lab.ts";

export async function typescriptExtensions(doc: string) {
  const files = (await import("../generated/ts-files.json")).default as Record<string, string>;
  const fsMap = new Map(Object.entries(files));
  fsMap.set(LAB_PATH, doc);
  const system = createSystem(fsMap);
  const env = createVirtualTypeScriptEnvironment(system, [LAB_PATH], ts, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts"],
    strict: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    noEmit: true,
    baseUrl: "/",
    paths: { "llmpath/tensor": ["/types/tensor/index.d.ts"], "llmpath/testing": ["/types/grader/testing.d.ts"] },
  });
  return { facet: tsFacet.of({ env, path: LAB_PATH }), sync: tsSync(), complete: tsAutocomplete(), lint: tsLinter(), hover: tsHover() };
}
