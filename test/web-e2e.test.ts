// End to end in Chromium against `llmpath serve` on a fresh data directory: the six scenarios of issue 8.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "./cli-helpers.ts";
import { ensureWebBuild, launchChromium, startServer } from "./web-helpers.ts";

const LAB = join(process.env.LLMPATH_TEST_CONTENT_DIR ?? join(REPO, "content"), "labs/foundations/svd-compression");
const SOLUTION = readFileSync(join(LAB, "solution.ts"), "utf8");
// Wrong: the reconstruction is scaled by 1.5, so the first visible test of task 2 fails at index [0, 0].
const WRONG = SOLUTION.replace("return f.U.mul(f.S).matmul(f.Vh);", "return f.U.mul(f.S).matmul(f.Vh).mul(1.5);");
// Endless: the first function never returns.
const ENDLESS = SOLUTION.replace("const [m, n] = matrixShape(\"lowRankFactors\", W);", "for (;;) {}\n  const [m, n] = matrixShape(\"lowRankFactors\", W);");

let browser: Browser;
let server: { url: string; stop: () => void };
let page: Page;

async function typeCode(p: Page, code: string): Promise<void> {
  await p.locator('[data-testid="editor"][data-ready="1"] .cm-content').click();
  await p.keyboard.press("Control+A");
  await p.keyboard.press("Delete");
  await p.keyboard.insertText(code);
  expect(await p.locator(".cm-content").evaluate((el) => (el.textContent ?? "").length)).toBeGreaterThan(100);
}

describe("web app in Chromium", () => {
  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer("en");
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    server?.stop();
  });

  it("(1) the roadmap shows a locked module's reason on hover and on keyboard focus", async () => {
    await page.goto(server.url);
    const node = page.locator('a.node[data-module="transformer-anatomy"]');
    await expect.poll(() => node.getAttribute("data-state")).toBe("locked");
    expect(await node.locator(".why").isVisible()).toBe(false);
    await node.hover();
    await expect.poll(() => node.locator(".why").isVisible()).toBe(true);
    expect(await node.locator(".why").textContent()).toMatch(/^Locked: finish .+ first$/);
    await page.mouse.move(0, 0);
    await node.focus();
    await expect.poll(() => node.locator(".why").isVisible()).toBe(true);
    expect(await page.locator("a.node").count()).toBeGreaterThanOrEqual(16);
  });

  it("(3) a wrong solution shows the first failure with index, expected, received and tolerance", async () => {
    await page.goto(`${server.url}labs/svd-compression`);
    await typeCode(page, WRONG);
    await page.locator('[data-testid="run"]').click();
    const failure = page.locator('[data-testid="results"] [data-testid="first-failure"]');
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.textContent()).toContain("reconstruct at full rank gives W back");
    expect(await failure.locator('[data-field="index"]').textContent()).toBe("[0, 0]");
    const expected = Number(await failure.locator('[data-field="expected"]').textContent());
    const received = Number(await failure.locator('[data-field="received"]').textContent());
    expect(Math.abs(received - 1.5 * expected)).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(1.5 * expected));
    expect(await failure.locator('[data-field="tolerance"]').textContent()).toBe("atol 0.0001, rtol 0.0001");
    await page.locator('[data-testid="server-verdict"][data-verdict="fail"]').waitFor({ timeout: 60_000 });
  });

  it("(2) a correct solution passes every test, and the roadmap and progress show it after a reload", async () => {
    await page.goto(`${server.url}labs/svd-compression`);
    await typeCode(page, SOLUTION);
    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="all-passed"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="server-verdict"][data-verdict="pass"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="pytorch"]').waitFor();
    expect(await page.locator('[data-testid="pytorch"]').textContent()).toContain("torch.linalg.svd");
    await page.goto(server.url);
    await page.reload();
    const node = page.locator('a.node[data-module="linear-algebra"]');
    await expect.poll(() => node.getAttribute("data-state")).toBe("in_progress");
    expect(await node.textContent()).toMatch(/1\/\d+ labs/);
    await page.goto(`${server.url}progress`);
    const count = page.locator('[data-testid="labs-passed-count"]');
    await count.waitFor();
    expect(await count.getAttribute("data-count")).toBe("1");
    expect(await count.textContent()).toContain("svd-compression");
  });

  it("(4) switching to 中文 shows the roadmap and the lab in Chinese, and is remembered", async () => {
    await page.goto(server.url);
    await page.getByRole("button", { name: "Switch the language to Chinese" }).click();
    await expect.poll(() => page.locator("#roadmap-title").textContent()).toBe("学习路线");
    expect(await page.locator('a.node[data-module="transformer-anatomy"] .meta').textContent()).toContain("未解锁");
    await page.goto(`${server.url}labs/svd-compression`);
    await expect.poll(() => page.locator("#lab-title").textContent()).toBe("SVD 压缩：算清到底存了什么");
    expect(await page.locator('[data-testid="run"]').textContent()).toBe("运行");
    await page.getByRole("button", { name: "切换为英文界面" }).click();
    await expect.poll(() => page.locator('[data-testid="run"]').textContent()).toBe("Run");
  });

  it("(5) the plan page shows the infeasibility banner with the default settings", async () => {
    await page.goto(`${server.url}plan`);
    const banner = page.locator('[data-testid="feasibility"]');
    await banner.waitFor();
    expect(await banner.getAttribute("data-feasible")).toBe("false");
    expect(await banner.textContent()).toMatch(/Not feasible: \d+(\.\d+)? h of work left need \d+ weeks at 20 h\/week/);
  });

  it("(6) an endless loop in the editor is stopped at the time limit and reported", async () => {
    await page.goto(`${server.url}labs/svd-compression`);
    await typeCode(page, ENDLESS);
    await page.locator('[data-testid="run"]').click();
    const stopped = page.locator('[data-testid="timeout"]');
    await stopped.waitFor({ timeout: 30_000 });
    expect(await stopped.textContent()).toMatch(/Stopped: your code ran longer than 10 s/);
    // the page stays responsive while the worker is gone
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
  });
});
