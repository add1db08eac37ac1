// Random tokens (sessions, CSRF, invite codes), their stored hashes, and a constant-time comparison.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const newToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");
export const tokenHash = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Invite codes people can type: 10 characters with no look-alikes (0/O, 1/I/L). */
export function inviteCode(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join("");
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
