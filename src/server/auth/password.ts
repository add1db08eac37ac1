// Passwords: argon2id hashes (@node-rs/argon2) and the rule a new password must meet.
import { type Algorithm, hash, verify } from "@node-rs/argon2";

/** Algorithm.Argon2id (a const enum, which isolatedModules cannot read). */
const ARGON2ID = 2 as Algorithm;

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

/** Why a new password is refused (an error code), or null when it is acceptable. */
export function passwordProblem(pw: unknown): { code: string; min?: number; max?: number } | null {
  if (typeof pw !== "string") return { code: "password_missing" };
  if (pw.length < MIN_PASSWORD) return { code: "password_too_short", min: MIN_PASSWORD };
  if (pw.length > MAX_PASSWORD) return { code: "password_too_long", max: MAX_PASSWORD };
  return null;
}

/** argon2id with the OWASP-recommended minimum cost (19 MiB, 2 passes). */
export function hashPassword(pw: string): Promise<string> {
  return hash(pw, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

/** A hash to verify against when the email is unknown, so both cases take the same time. */
let dummy: Promise<string> | undefined;
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword("llmpath-no-such-account"));
