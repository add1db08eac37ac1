// End to end in Chromium against `llmpath serve --database-url` with the grading queue: when no worker answers within
// the POST's wait (LLMPATH_GRADE_WAIT_MS=0 here), the lab page says the attempt is queued, polls the job, and shows the
// verdict once a worker (started later) has graded it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT, PG_URL } from "./server-helpers.ts";
import { type Cluster, type Proc, startCluster } from "./server-scale-helpers.ts";
import { ensureWebBuild, launchChromium } from "./web-helpers.ts";

const SOLUTION = readFileSync(join(CONTENT, "labs/foundations/svd-compression/solution.ts"), "utf8");

if (PG_URL === "") {
  describe("lab page with queued grading (Chromium)", () => {
    it.skip("needs PostgreSQL: run `LLMPATH_TEST_DATABASE_URL=$(scripts/pg-test-cluster.sh start) npx vitest run test/web-queue.test.ts`, then `scripts/pg-test-cluster.sh stop`", () => {});
  });
} else {
  describe("lab page with queued grading (Chromium)", () => {
    let cluster: Cluster;
    let server: Proc;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      ensureWebBuild();
      cluster = await startCluster({ LLMPATH_GRADE_WAIT_MS: "0" });
      server = await cluster.serve();
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    }, 300_000);
    afterAll(async () => {
      await browser?.close();
      await cluster?.stopAll();
    });

    it("shows 'waiting for a grader' while no worker runs, then the verdict when one has graded the attempt", async () => {
      await page.goto(`${server.url}login`);
      await page.locator('[data-testid="login-switch"]').click();
      await page.locator('[data-testid="login-page"][data-mode="register"]').waitFor();
      await page.locator("#l-email").fill("queue@example.org");
      await page.locator("#l-password").fill("correct horse battery");
      await page.locator('[data-testid="login-submit"]').click();
      await page.locator('[data-testid="logout"]').waitFor({ timeout: 30_000 });

      await page.goto(`${server.url}labs/svd-compression`);
      await page.locator('[data-testid="editor"][data-ready="1"] .cm-content').click();
      await page.keyboard.press("Control+A");
      await page.keyboard.press("Delete");
      await page.keyboard.insertText(SOLUTION);
      await page.locator('[data-testid="run"]').click();
      await page.getByText("Waiting for a grader: your attempt is in the queue…").waitFor({ timeout: 60_000 }).catch(async (e) => {
        throw new Error(`${(e as Error).message}\n--- page text ---\n${await page.locator('section[aria-label="Results"]').textContent()}\n--- alerts ---\n${(await page.locator('[role="alert"]').allTextContents()).join("\n")}`);
      });
      expect(await page.locator('[data-testid="server-verdict"]').count()).toBe(0);

      await cluster.worker();
      await page.locator('[data-testid="server-verdict"][data-verdict="pass"]').waitFor({ timeout: 90_000 });
      expect(await page.locator('[role="alert"]').count()).toBe(0);
    }, 240_000);
  });
}
