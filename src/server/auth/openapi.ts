// The OpenAPI 3.1 description of the JSON API, built from the routes the app actually registered (so it cannot
// drift from them): paths, methods, path parameters, and which routes need the session cookie and CSRF header.
import type { Hono } from "hono";
import { CSRF_HEADER, SESSION_COOKIE } from "./cookies.ts";
import { PUBLIC_API } from "./middleware.ts";

const SAFE = new Set(["get", "head", "options"]);

export function openApiDocument(app: Hono, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of app.routes) {
    if (r.method === "ALL" || !r.path.startsWith("/api/")) continue;
    const method = r.method.toLowerCase();
    const path = r.path.replace(/:(\w+)/g, "{$1}");
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const open = PUBLIC_API.has(`${r.method} ${r.path}`);
    const op: Record<string, unknown> = {
      operationId: `${method} ${r.path}`,
      ...(params.length ? { parameters: params } : {}),
      security: open ? [] : SAFE.has(method) ? [{ session: [] }] : [{ session: [], csrf: [] }],
      responses: {
        "200": { description: "OK (JSON)" },
        ...(open ? {} : { "401": { description: "login_required: no valid session" }, "403": { description: "forbidden or csrf_failed" } }),
        "404": { description: "unknown resource" },
        "422": { description: "invalid input; error.code says what" },
      },
    };
    (paths[path] ??= {})[method] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "llmpath multi-user API", version, description: "Errors are { error: { code, ...facts } }; state-changing calls with a session send the CSRF token in the x-csrf-token header." },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
        csrf: { type: "apiKey", in: "header", name: CSRF_HEADER },
      },
    },
    paths,
  };
}
