// Runs the shared store suite on PGlite, on a private copy of the prepared template database.
import { openStore } from "./index.ts";
import { registerStoreSuite } from "./store.suite.ts";
import { freshDataDir } from "./testing/pglite-template.ts";

registerStoreSuite("pglite", async () => {
  const { dir, cleanup } = await freshDataDir();
  const store = await openStore({ dataDir: dir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      cleanup();
    },
  };
});
