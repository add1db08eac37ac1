// Vite build of the web app: preact (automatic JSX runtime), output in web/dist, hashed assets under /assets.
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 6000, reportCompressedSize: false },
  worker: { format: "es" },
});
