// `llmpath review`: refuses without a terminal (offering --json), and runs a scripted session under a real
// pseudo-terminal (util-linux `script`), after which the FSRS due dates have moved forward.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../../store/testing/pglite-template.ts";
import { runCli, writeContent } from "./_learner-fixture.ts";

let content: string;
let dataDir: string;
let cleanup: () => void;
const NOW = "2025-01-06T09:00:00";
const cli = (args: string[], now = NOW) => runCli(args, { content, dataDir, now });
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const hasScript = spawnSync("script", ["--version"]).status === 0;

beforeAll(async () => {
  content = writeContent();
  ({ dir: dataDir, cleanup } = await freshDataDir());
});
afterAll(() => {
  cleanup?.();
  rmSync(content, { recursive: true, force: true });
});

interface DueJson {
  dueReviews: number;
  newCards: number;
  unlocked: number;
  nextDue: string | null;
  cards: { cardId: string; kind: string; new: boolean; due: string | null }[];
}

/** Runs the CLI under a pty and answers each prompt as it appears; resolves with the whole transcript. */
function underPty(args: string[], steps: [RegExp, string][], env: Record<string, string>): Promise<{ code: number | null; transcript: string }> {
  const command = ["node", "bin/llmpath.js", ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], { cwd: repo, env: { ...process.env, ...env, TERM: "dumb" }, stdio: ["pipe", "pipe", "pipe"] });
  let transcript = "";
  let seen = 0; // transcript length already matched against
  let step = 0;
  const onData = (d: Buffer) => {
    transcript += d.toString("utf8");
    while (step < steps.length) {
      const [prompt, answer] = steps[step]!;
      const rest = transcript.slice(seen);
      const m = prompt.exec(rest);
      if (!m) break;
      seen += m.index + m[0].length;
      child.stdin.write(`${answer}\r`);
      step++;
    }
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`pty session timed out after step ${step}; transcript:\n${transcript}`));
    }, 45_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, transcript });
    });
  });
}

describe("llmpath review", () => {
  it("without a terminal refuses politely and offers --json", async () => {
    const r = await cli(["review"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/needs a terminal.*llmpath review --json/s);
    const bad = await cli(["review", "--limit", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/"0" is not a number of cards/);
  });

  it("unlocks a module's cards when it is started", async () => {
    expect((await cli(["review", "--json"])).json<DueJson>()).toMatchObject({ unlocked: 0, cards: [] });
    expect((await cli(["start", "linear-algebra"])).code).toBe(0);
    const d = (await cli(["review", "--json"])).json<DueJson>();
    expect(d).toMatchObject({ unlocked: 3, newCards: 3, dueReviews: 0 });
    expect(d.cards.map((c) => [c.cardId, c.kind, c.new])).toEqual([
      ["la/svd", "recall", true],
      ["la/count", "numeric", true],
      ["la/shape", "choice", true],
    ]);
  });

  it.skipIf(!hasScript)("runs a scripted session under a pseudo-terminal and moves the due dates forward", async () => {
    const env = { LLMPATH_NOW: NOW, LLMPATH_LANG: "en" };
    const steps: [RegExp, string][] = [
      [/press Enter \(q quits\): /, ""],
      [/1 again · 2 hard · 3 good · 4 easy: /, "7"], // not a rating: asked again
      [/1 again · 2 hard · 3 good · 4 easy: /, "3"],
      [/Your answer \(a number\): /, "98,368"],
      [/Your answer \(a–b\): /, "b"],
    ];
    const { code, transcript } = await underPty(["--lang", "en", "--content-dir", content, "--data-dir", dataDir, "review"], steps, env);
    expect(transcript).toContain("3 card(s) to review");
    expect(transcript).toContain("Type 1, 2, 3 or 4");
    expect(transcript).toContain("✓ Correct.");
    expect(transcript).toContain("✗ Not quite: the answer is a) (4,3,2).");
    expect(transcript).toContain("Reviewed 3 card(s): 2 right, 1 to see again soon.");
    expect(code).toBe(0);

    const after = (await cli(["review", "--json"])).json<DueJson>();
    expect(after).toMatchObject({ dueReviews: 0, newCards: 0, unlocked: 3 });
    expect(Date.parse(after.nextDue!)).toBeGreaterThan(Date.parse(NOW));
    // a month later all three are due again, the missed one (rated again) first
    const later = (await cli(["review", "--json"], "2025-02-06T09:00:00")).json<DueJson>();
    expect(later.dueReviews).toBe(3);
    expect(later.cards[0]!.cardId).toBe("la/shape");
    const dues = Object.fromEntries(later.cards.map((c) => [c.cardId, Date.parse(c.due!)]));
    expect(dues["la/shape"]!).toBeLessThan(dues["la/svd"]!);
    for (const due of Object.values(dues)) expect(due).toBeGreaterThan(Date.parse(NOW));
    // the review time was logged
    const report = (await cli(["report", "--week", "--json"])).json<{ hours: { byKind: { review: number } } }>();
    expect(report.hours.byKind.review).toBeGreaterThan(0);
  });

  it.skipIf(!hasScript)("q ends the session early; what was answered stays saved", async () => {
    const later = "2025-02-06T09:00:00";
    const { code, transcript } = await underPty(
      ["--lang", "zh", "--content-dir", content, "--data-dir", dataDir, "review"],
      [
        [/你的答案（a–b）：/, "a"],
        [/按回车（q 退出）：|你的答案（数字）：/, "q"],
      ],
      { LLMPATH_NOW: later, LLMPATH_LANG: "zh" },
    );
    expect(code).toBe(0);
    expect(transcript).toContain("已结束。复习了 1 张卡片");
    const d = (await cli(["review", "--json"], later)).json<DueJson>();
    expect(d.dueReviews).toBe(2);
  });
});
