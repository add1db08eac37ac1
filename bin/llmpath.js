#!/usr/bin/env node
// Entry point of the `llmpath` command. Runs the bundled CLI from dist/cli when it is up to date with src/
// (built by `npm install`/`npm run build:cli`); otherwise compiles the TypeScript sources on the fly with tsx.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "cli", "main.js");
const stamp = join(root, "dist", "cli", "built.json");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

let main;
if (process.env.LLMPATH_NO_BUNDLE !== "1" && existsSync(stamp) && statSync(stamp).mtimeMs > newestSource(join(root, "src"))) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv);
