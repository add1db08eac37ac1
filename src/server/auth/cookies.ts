// The two cookies of multi-user mode: the session (httpOnly, SameSite=Lax) and the CSRF token (readable by the page's
// script, SameSite=Strict), which state-changing requests must echo in the x-csrf-token header.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Session } from "./sessions.ts";

export const SESSION_COOKIE = "llmpath_session";
export const CSRF_COOKIE = "llmpath_csrf";
export const CSRF_HEADER = "x-csrf-token";

export function setSessionCookies(c: Context, s: Session, secure: boolean): void {
  const maxAge = Math.max(0, Math.floor((s.expiresAt.getTime() - Date.now()) / 1000));
  setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: "Lax", path: "/", secure, maxAge });
  setCookie(c, CSRF_COOKIE, s.csrfToken, { httpOnly: false, sameSite: "Strict", path: "/", secure, maxAge });
}

export function clearSessionCookies(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure });
  deleteCookie(c, CSRF_COOKIE, { path: "/", secure });
}

export const sessionToken = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE);
