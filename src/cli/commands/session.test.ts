// `llmpath session start|status|stop|cancel` with a pinned clock.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const at = (now: string, args: string[]) => runCli(args, { content, dataDir, now });

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

describe("llmpath session", () => {
  it("times a sitting and logs it on stop", async () => {
    expect((await at("2025-01-06T19:00:00", ["session", "start", "--module", "linear-algebra", "--kind", "lab"])).code).toBe(0);
    const again = await at("2025-01-06T19:05:00", ["session", "start", "--module", "probability"]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already running/);
    expect((await at("2025-01-06T19:30:00", ["session", "status", "--json"])).json()).toMatchObject({ running: { moduleId: "linear-algebra", kind: "lab", minutes: 30 } });
    const stop = await at("2025-01-06T19:45:00", ["session", "stop", "--json"]);
    expect(stop.json()).toMatchObject({ logged: { moduleId: "linear-algebra", kind: "lab", minutes: 45 } });
    const none = await at("2025-01-06T19:46:00", ["session", "stop"]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/No session is running/);
    const report = (await at("2025-01-06T20:00:00", ["report", "--week", "--json"])).json<{ hours: { byKind: { lab: number } } }>();
    expect(report.hours.byKind.lab).toBe(0.8);
  });

  it("refuses to log a forgotten session of many hours, and cancel drops it", async () => {
    await at("2025-01-07T08:00:00", ["session", "start", "--module", "probability"]);
    const stop = await at("2025-01-08T09:00:00", ["session", "stop"]);
    expect(stop.code).toBe(1);
    expect(stop.err).toMatch(/too long to be one sitting/);
    expect((await at("2025-01-08T09:00:00", ["session", "cancel"])).out).toMatch(/cancelled/);
    expect((await at("2025-01-08T09:01:00", ["session", "status"])).out).toBe("No session running.");
  });
});
