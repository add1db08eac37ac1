// Where the grader finds the engine, the testing module and the harness inside this repository.
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export const graderDir = here;
export const repoRoot = path.resolve(here, "..", "..");
export const tensorEntry = path.join(repoRoot, "src", "tensor", "index.ts");
export const tensorDir = path.join(repoRoot, "src", "tensor");
export const testingEntry = path.join(here, "testing.ts");
export const harnessEntry = path.join(here, "harness.ts");
