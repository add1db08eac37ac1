// Multi-user mode's gate in front of every route: finds the session, enforces CSRF on state-changing requests,
// refuses API calls without a session (except sign-up and sign-in), and runs the route as the session's learner.
import type { Context, MiddlewareHandler } from "hono";
import type { Store } from "../../store/index.ts";
import { CSRF_HEADER, sessionToken } from "./cookies.ts";
import type { Role } from "./db.ts";
import { type RequestAuth, VISITOR_HANDLE, currentAuth, runWithAuth } from "./request-auth.ts";
import { sessionUser } from "./sessions.ts";
import { sameToken } from "./tokens.ts";

/** API routes anyone may call. Everything else under /api/ needs a session. */
export const PUBLIC_API = new Set(["POST /api/auth/register", "POST /api/auth/login", "GET /api/auth/me", "GET /api/openapi.json"]);
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

const deny = (c: Context, status: 401 | 403, code: string, detail: Record<string, unknown> = {}) => c.json({ error: { code, ...detail } }, status);

/** Requests without a session may only post JSON from this origin (no cross-site form can send application/json). */
function sameOriginJson(c: Context): boolean {
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) return false;
  const origin = c.req.header("origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === (c.req.header("host") ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

export function authMiddleware(store: Store, now: () => Date): MiddlewareHandler {
  let visitor: Promise<number> | undefined;
  const visitorId = () => {
    visitor ??= store.ensureLearner(VISITOR_HANDLE).then((l) => l.id);
    visitor.catch(() => (visitor = undefined));
    return visitor;
  };
  return async (c, next) => {
    const token = sessionToken(c);
    const found = token ? await sessionUser(store, token, now()) : null;
    const api = c.req.path.startsWith("/api/");
    // API routes without a session are refused below (except the public ones, which read no learner data)
    const learnerId = found ? found.user.learnerId : api ? -1 : await visitorId();
    const auth: RequestAuth = { user: found?.user ?? null, learnerId, sessionId: found?.sessionId ?? null, csrfToken: found?.csrfToken ?? null };
    const method = c.req.method;
    if (api && !SAFE.has(method)) {
      if (found) {
        const sent = c.req.header(CSRF_HEADER) ?? "";
        if (!sameToken(sent, found.csrfToken)) return deny(c, 403, "csrf_failed", { header: CSRF_HEADER });
      } else if (!sameOriginJson(c)) {
        return deny(c, 403, "csrf_failed", { reason: "cross_site_or_not_json" });
      }
    }
    if (api && !found && !PUBLIC_API.has(`${method} ${c.req.path}`)) return deny(c, 401, "login_required");
    await runWithAuth(auth, () => next());
  };
}

/** Guards a route: the signed-in account must hold one of `roles` (global role). */
export function requireRole(...roles: Role[]): MiddlewareHandler {
  return async (c, next) => {
    const { user } = currentAuth();
    if (!user) return deny(c, 401, "login_required");
    if (!roles.includes(user.role)) return deny(c, 403, "forbidden", { need: roles });
    await next();
  };
}

export { deny };
