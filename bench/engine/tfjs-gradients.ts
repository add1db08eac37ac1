// tfjs-core's Node (CJS) bundle ships without gradient configs and its ESM files use extensionless imports Node cannot
// load; bundle dist/register_all_gradients.js with esbuild and run it once: it registers into tfjs's global registry.
import { createRequire } from "node:module";
import { buildSync } from "esbuild";

export function registerTfjsGradients(): void {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  const out = buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", write: false, logLevel: "error" });
  new Function("require", "module", "exports", out.outputFiles[0].text)(require, { exports: {} }, {});
}
