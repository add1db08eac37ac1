// Serves the built web app (web/dist): hashed assets, and the page shell for every app route with the roadmap
// server-rendered into it (so the first paint and non-JS clients see the route). Without a build: the plain page.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { Lang } from "../i18n/index.ts";
import { roadmapView } from "../learner/roadmap-view.ts";
import { type AppDeps, requestLang, statusFacts } from "./deps.ts";
import { esc } from "./html.ts";
import { roadmapBody, roadmapPage, roadmapTitle } from "./roadmap-page.ts";

export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "web", "dist");

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
  ".html": "text/html; charset=utf-8",
};

/** App routes the shell answers (the client router draws them). */
export const APP_ROUTES = ["/", "/modules/:id", "/labs/:id", "/plan", "/progress", "/review", "/journal", "/experiments", "/settings", "/login", "/cohorts", "/cohorts/:id"];

export function staticRoutes(app: Hono, deps: AppDeps): void {
  const dist = deps.webDist ?? DEFAULT_WEB_DIST;
  let shell: Promise<string> | undefined;
  const built = () => existsSync(path.join(dist, "index.html"));

  app.get("/assets/*", async (c) => {
    const rel = decodeURIComponent(c.req.path).replace(/^\/+/, "");
    const file = path.resolve(dist, rel);
    if (!file.startsWith(path.join(dist, "assets") + path.sep)) return c.json({ error: { code: "not_found", path: c.req.path } }, 404);
    try {
      const body = await readFile(file);
      return c.body(body, 200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "public, max-age=31536000, immutable" });
    } catch {
      return c.json({ error: { code: "not_found", path: c.req.path } }, 404);
    }
  });

  const page = async (lang: Lang, ssr: string, title: string) => {
    shell ??= readFile(path.join(dist, "index.html"), "utf8");
    const html = (await shell)
      .replace('<html lang="en">', `<html lang="${lang === "zh" ? "zh-CN" : "en"}" data-lang="${lang}">`)
      .replace(/<title>[^<]*<\/title>/, `<title>${esc(title)}</title>`)
      .replace("<!--ssr-->", ssr);
    return html;
  };

  for (const route of APP_ROUTES) {
    app.get(route, async (c) => {
      const lang = await requestLang(deps, c);
      const view = route === "/" ? roadmapView(deps.curriculum, await statusFacts(deps)) : undefined;
      if (!built()) {
        if (view) return c.html(roadmapPage(view, lang));
        return c.html(`<!doctype html><meta charset="utf-8"><p>${esc(lang === "zh" ? "网页应用尚未构建：请运行 npm run build。" : "The web app is not built yet: run npm run build.")}</p>`, 503);
      }
      return c.html(await page(lang, view ? roadmapBody(view, lang) : "", roadmapTitle(lang)), 200, { "cache-control": "no-cache" });
    });
  }
}
