// End to end in Chromium against `llmpath serve --database-url` (multi-user mode): register and log in through the
// login page, create a cohort as an instructor, join it as a learner, and find the learner in the cohort view.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PG_URL } from "./server-helpers.ts";
import { type Cluster, type Proc, startCluster } from "./server-scale-helpers.ts";
import { ensureWebBuild, launchChromium } from "./web-helpers.ts";

const PASSWORD = "correct horse battery";

async function register(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}login`);
  await page.locator('[data-testid="login-page"]').waitFor();
  await page.locator('[data-testid="login-switch"]').click();
  await page.locator('[data-testid="login-page"][data-mode="register"]').waitFor();
  await page.locator("#l-email").fill(email);
  await page.locator("#l-password").fill(PASSWORD);
  await page.locator('[data-testid="login-submit"]').click();
  await page.locator('[data-testid="logout"]').waitFor({ timeout: 30_000 });
}

/** A JSON call from inside the page, with the session cookie and the CSRF header, as the web app makes it. */
function pageCall(page: Page, method: string, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = /(?:^|;\s*)llmpath_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? "";
      const r = await fetch(p as string, { method: m as string, headers: { "content-type": "application/json", "x-csrf-token": csrf }, body: JSON.stringify(b) });
      return r.status;
    },
    [method, path, body],
  );
}

if (PG_URL === "") {
  describe("web app in multi-user mode (Chromium)", () => {
    it.skip("needs PostgreSQL: run `LLMPATH_TEST_DATABASE_URL=$(scripts/pg-test-cluster.sh start) npx vitest run test/web-cohort.test.ts`, then `scripts/pg-test-cluster.sh stop`", () => {});
  });
} else {
  describe("web app in multi-user mode (Chromium)", () => {
    let cluster: Cluster;
    let server: Proc;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    const newPage = async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(ctx);
      return await ctx.newPage();
    };

    beforeAll(async () => {
      ensureWebBuild();
      cluster = await startCluster();
      server = await cluster.serve(["--no-queue"]);
      browser = await launchChromium();
    }, 300_000);
    afterAll(async () => {
      for (const c of contexts) await c.close();
      await browser?.close();
      await cluster?.stopAll();
    });

    it("without a session every page shows the login form, and a wrong password says so", async () => {
      const page = await newPage();
      await page.goto(`${server.url}progress`);
      await page.locator('[data-testid="login-page"][data-mode="login"]').waitFor({ timeout: 30_000 });
      await page.locator("#l-email").fill("nobody@example.org");
      await page.locator("#l-password").fill("wrong password 123");
      await page.locator('[data-testid="login-submit"]').click();
      await expect.poll(() => page.locator('[data-testid="login-error"]').textContent(), { timeout: 30_000 }).toBe("Wrong email or password.");
      // and in Chinese
      await page.goto(`${server.url}login?lang=zh`);
      await expect.poll(() => page.locator("#login-title").textContent(), { timeout: 30_000 }).toBe("登录");
      expect(await page.locator('label[for="l-password"]').textContent()).toBe("密码");
    });

    it("registers and logs in, creates a cohort as instructor, a learner joins it, and the cohort view lists the learner", async () => {
      const base = server.url;
      // the first account is the admin; it makes the second one an instructor
      const admin = await newPage();
      await register(admin, base, "admin@example.org");
      const teacher = await newPage();
      await register(teacher, base, "teacher@example.org");
      const teacherId = await teacher.evaluate(async () => ((await (await fetch("/api/auth/me")).json()) as { user: { id: number } }).user.id);
      expect(await pageCall(admin, "PUT", `/api/admin/users/${teacherId}/role`, { role: "instructor" })).toBe(200);

      // log out and back in through the page (the page learns the new role when it signs in)
      await teacher.locator('[data-testid="logout"]').click();
      await teacher.locator('[data-testid="login-page"][data-mode="login"]').waitFor();
      await teacher.locator("#l-email").fill("teacher@example.org");
      await teacher.locator("#l-password").fill(PASSWORD);
      await teacher.locator('[data-testid="login-submit"]').click();
      await teacher.locator('[data-testid="logout"]').waitFor({ timeout: 30_000 });

      await teacher.locator('header nav a[href="/cohorts"]').click();
      await teacher.locator('[data-testid="create-form"] #c-name').fill("Autumn cohort");
      await teacher.locator('[data-testid="create-form"] button[type="submit"]').click();
      const codeEl = teacher.locator('[data-testid="invite-code"]');
      await codeEl.waitFor({ timeout: 30_000 });
      const code = (await codeEl.getAttribute("data-code")) ?? "";
      expect(code).toMatch(/^[A-Z0-9]{4,}$/);

      const learner = await newPage();
      await register(learner, base, "learner@example.org");
      await learner.goto(`${base}cohorts`);
      expect(await learner.locator('[data-testid="create-form"]').count()).toBe(0); // learners cannot create cohorts
      await learner.locator("#c-code").fill(code);
      await learner.locator('[data-testid="join-form"] button[type="submit"]').click();
      await expect.poll(() => learner.locator('[data-testid="cohort-msg"]').textContent(), { timeout: 30_000 }).toBe("You joined Autumn cohort.");
      // a learner sees the cohort, but no dashboard link and no invite code
      await learner.locator('[data-testid="cohort-list"] li', { hasText: "Autumn cohort" }).waitFor({ timeout: 30_000 });
      expect(await learner.locator('[data-testid="cohort-list"] a').count()).toBe(0);
      expect(await learner.locator('[data-testid="invite-code"]').count()).toBe(0);

      await teacher.locator('[data-testid="cohort-list"] a', { hasText: "Open the dashboard" }).click();
      const row = teacher.locator('[data-testid="cohort-learners"] tr[data-learner="learner@example.org"]');
      await row.waitFor({ timeout: 30_000 });
      expect(await row.locator("td").first().textContent()).toMatch(/^0\/\d+$/);
      expect(await teacher.locator('[data-testid="cohort-learners"] tbody tr').count()).toBe(1); // the instructor is not listed as a learner

      // the learner cannot open the instructor's view
      const dashboardPath = new URL(teacher.url()).pathname;
      await learner.goto(`${base}${dashboardPath.slice(1)}`);
      await expect.poll(() => learner.locator("main p[role=alert]").first().textContent(), { timeout: 30_000 }).toContain("You are not allowed to see this.");
    });
  });
}
