// Shared by the web end-to-end tests: builds the app if needed, starts `llmpath serve` on a fresh data directory,
// and launches Debian's Chromium with playwright-core (which gives it a fresh profile directory).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { llmpathAsync, REPO, tempDir } from "./cli-helpers.ts";

export const CHROMIUM = "/usr/bin/chromium";

export function ensureWebBuild(): void {
  if (existsSync(join(REPO, "web", "dist", "index.html"))) return;
  const r = spawnSync(process.execPath, ["--import", "tsx", "web/build.ts"], { cwd: REPO, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

export async function startServer(lang: "en" | "zh" = "en"): Promise<{ url: string; stop: () => void }> {
  // LLMPATH_TEST_CONTENT_DIR: run against another copy of content/ (e.g. while content/ is being edited).
  const content = process.env.LLMPATH_TEST_CONTENT_DIR ? ["--content-dir", process.env.LLMPATH_TEST_CONTENT_DIR] : [];
  const child = llmpathAsync(["serve", "--port", "0", "--data-dir", tempDir("llmpath-web-"), "--lang", lang, ...content]);
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
