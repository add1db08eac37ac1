// Unit tests of test/describe registration: order, names, task ids.
import { beforeEach, describe as vdescribe, expect, it as vit } from "vitest";
import { describe, registeredTests, resetRegistry, setCurrentFile, test } from "./registry.ts";

vdescribe("registry", () => {
  beforeEach(() => resetRegistry());

  vit("keeps file order, joins describe names and inherits taskId", () => {
    setCurrentFile("lab.test.ts");
    test("first", () => {});
    describe("svd", () => {
      test("shapes", () => {}, { taskId: "task-1" });
      test("values", () => {});
    }, { taskId: "task-2" });
    setCurrentFile("hidden.test.ts");
    test("hidden one", () => {});
    const got = registeredTests().map((t) => ({ name: t.name, file: t.file, taskId: t.taskId }));
    expect(got).toEqual([
      { name: "first", file: "lab.test.ts", taskId: undefined },
      { name: "svd › shapes", file: "lab.test.ts", taskId: "task-1" },
      { name: "svd › values", file: "lab.test.ts", taskId: "task-2" },
      { name: "hidden one", file: "hidden.test.ts", taskId: undefined },
    ]);
  });

  vit("rejects async describe bodies and bad arguments", () => {
    expect(() => describe("x", (async () => {}) as unknown as () => void)).toThrow(/must be synchronous/);
    expect(() => test("", () => {})).toThrow(/non-empty/);
  });
});
