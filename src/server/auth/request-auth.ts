// Who is asking, for the length of one request (AsyncLocalStorage): the existing per-learner routes read
// `deps.learnerId` and, in multi-user mode, get the session's learner instead of the single local one.
import { AsyncLocalStorage } from "node:async_hooks";
import type { User } from "./db.ts";

export interface RequestAuth {
  user: User | null;
  /** The session's learner, or the shared read-only visitor learner for pages rendered without a session. */
  learnerId: number;
  sessionId: string | null;
  csrfToken: string | null;
}

const storage = new AsyncLocalStorage<RequestAuth>();

export const runWithAuth = <T>(auth: RequestAuth, fn: () => T): T => storage.run(auth, fn);

export function currentAuth(): RequestAuth {
  const a = storage.getStore();
  if (!a) throw new Error("currentAuth() called outside a request of the multi-user app (the auth middleware did not run)");
  return a;
}

/** Pages rendered without a session (the app shell, the roadmap) see this learner, which nobody can write to. */
export const VISITOR_HANDLE = "visitor";

export const currentLearnerId = (): number => currentAuth().learnerId;
