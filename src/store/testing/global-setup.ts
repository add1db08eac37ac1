// Optional vitest globalSetup: builds the PGlite test template once before any worker starts.
import { ensureTemplate } from "./pglite-template.ts";

export default async function setup(): Promise<void> {
  await ensureTemplate();
}
