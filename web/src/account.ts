// Who is signed in: single-user mode (no accounts; /api/auth/me does not exist) or multi-user mode with or without a session.
import { ApiError, api } from "./api.ts";

export interface AccountUser {
  id: number;
  email: string;
  role: "learner" | "instructor" | "admin";
}

export type Account = { mode: "loading" } | { mode: "single" } | { mode: "multi"; user: AccountUser | null };

export async function loadAccount(): Promise<Account> {
  try {
    const me = await api<{ mode: string; user: AccountUser | null }>("/auth/me");
    return { mode: "multi", user: me.user };
  } catch (e) {
    // the single-user server has no account routes at all
    if (e instanceof ApiError && e.status === 404) return { mode: "single" };
    throw e;
  }
}

/** The localised message of an API error code (with its details filled in), or the raw code. */
export function errorText(errors: Record<string, string>, e: unknown, fill: (t: string, p: Record<string, string | number>) => string): string {
  if (e instanceof ApiError) {
    const template = errors[e.code];
    if (template) return fill(template, Object.fromEntries(Object.entries(e.body).filter((kv): kv is [string, string | number] => typeof kv[1] === "string" || typeof kv[1] === "number")));
    return e.code;
  }
  return e instanceof Error ? e.message : String(e);
}
