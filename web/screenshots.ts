// Takes the screenshots in docs/ (roadmap, a lab after a run, progress) from `llmpath serve` on a scratch profile
// with some recorded work. Usage: node --import tsx web/screenshots.ts [--content-dir DIR]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const contentArg = process.argv.indexOf("--content-dir");
const content = contentArg > 0 ? ["--content-dir", process.argv[contentArg + 1]!] : [];
const contentDir = contentArg > 0 ? process.argv[contentArg + 1]! : "content";
const dataDir = mkdtempSync(join(tmpdir(), "llmpath-shots-"));
const cli = (...args: string[]) => spawnSync(process.execPath, ["bin/llmpath.js", ...args, "--data-dir", dataDir, ...content], { stdio: "inherit" });
cli("start", "linear-algebra");
cli("log", "2h", "--module", "linear-algebra", "--kind", "reading");
cli("log", "1h30m", "--module", "linear-algebra", "--kind", "lab");
cli("done", "linear-algebra");
cli("start", "probability-statistics");
cli("log", "1h", "--module", "probability-statistics", "--kind", "reading");
const server = spawn(process.execPath, ["bin/llmpath.js", "serve", "--port", "0", "--data-dir", dataDir, "--lang", "en", ...content], { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise<string>((resolve) => {
  server.stdout.on("data", (d: Buffer) => {
    const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(d.toString());
    if (m) resolve(m[1]!);
  });
});
try {
  const solution = readFileSync(join(contentDir, "labs/foundations/svd-compression/solution.ts"), "utf8");
  const graded = await fetch(`${url}api/labs/svd-compression/attempts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: solution }) });
  console.log(`graded svd-compression: ${((await graded.json()) as { verdict: string }).verdict}`);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.goto(url);
  await page.locator("a.node").first().waitFor();
  await page.locator('a.node[data-module="transformer-anatomy"]').hover();
  await page.screenshot({ path: "docs/roadmap.png" });
  await page.goto(`${url}labs/svd-compression`);
  await page.locator('[data-testid="editor"][data-ready="1"]').waitFor();
  await page.locator('[data-testid="run"]').click();
  await page.locator('[data-testid="server-verdict"]').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: "docs/lab.png" });
  await page.goto(`${url}progress`);
  await page.locator("figure.chart canvas").first().waitFor();
  await page.screenshot({ path: "docs/progress.png", fullPage: true });
  await browser.close();
  console.log("wrote docs/roadmap.png, docs/lab.png, docs/progress.png");
} finally {
  server.kill("SIGTERM");
}
