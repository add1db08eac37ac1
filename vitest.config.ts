import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // fixture labs import "learner", which only the grader resolves
    exclude: [...configDefaults.exclude, "test/fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // builds the prepared PGlite template once, before the workers start
    globalSetup: ["src/store/testing/global-setup.ts"],
  },
});
