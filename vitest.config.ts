import { configDefaults, defineConfig } from "vitest/config";

// The lab check grades every lab's starter and solution against each lab's wall-clock time limit, so it runs
// in a group of its own, after everything else, with the machine to itself.
const LAB_CHECK = "src/curriculum/check-labs.test.ts";

export default defineConfig({
  test: {
    // fixture labs import "learner", which only the grader resolves
    exclude: [...configDefaults.exclude, "test/fixtures/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // builds the prepared PGlite template once, before the workers start
    globalSetup: ["src/store/testing/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts", "test/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/fixtures/**", LAB_CHECK], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "labs", include: [LAB_CHECK], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
