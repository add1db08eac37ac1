// What every API route needs: the curriculum, the store, the local learner, the default language and the clock.
import type { Context } from "hono";
import type { Curriculum } from "../curriculum/index.ts";
import type { Lang } from "../i18n/index.ts";
import type { StatusFact } from "../learner/progress.ts";
import type { Store } from "../store/index.ts";
import type { MultiUserOptions } from "./auth/options.ts";

export interface AppDeps {
  curriculum: Curriculum;
  store: Store;
  learnerId: number;
  lang: Lang;
  /** The current instant (tests and demos pin it); default: the real clock. */
  now?: () => Date;
  /** Where the built web app lives (default: web/dist of this package). */
  webDist?: string;
  /**
   * Multi-user mode (PostgreSQL): accounts, sessions, cohorts. Every per-learner route then uses the learner of the
   * request's session, and `learnerId` above is ignored.
   */
  multiUser?: MultiUserOptions;
}

export const LANG_KEY = "ui.lang";

export async function statusFacts(deps: AppDeps): Promise<StatusFact[]> {
  return (await deps.store.listModuleStatus(deps.learnerId)).map((r) => ({ moduleId: r.moduleId, status: r.status, origin: r.origin }));
}

/** The language of a request: ?lang=, else the remembered setting, else the server's default. */
export async function requestLang(deps: AppDeps, c: Context): Promise<Lang> {
  const q = c.req.query("lang");
  if (q === "zh" || q === "en") return q;
  const stored = await deps.store.getSetting(deps.learnerId, LANG_KEY);
  return stored === "zh" || stored === "en" ? stored : deps.lang;
}

export const nowOf = (deps: AppDeps): Date => (deps.now ? deps.now() : new Date());

/** A JSON error body: a code the web app localises, plus the facts it needs. */
export function apiError(c: Context, status: 400 | 404 | 409 | 413 | 422 | 429, code: string, detail: Record<string, unknown> = {}) {
  return c.json({ error: { code, ...detail } }, status);
}

/** Reads a JSON object body; null when the body is not a JSON object. */
export async function jsonBody(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = await c.req.json();
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
