// Where llmpath keeps its data: resolving the data directory and making sure it is a writable directory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { StoreError, errorCode } from "./errors.ts";

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== "" ? v : undefined;
}

function expandHome(p: string, home: string): string {
  if (p === "~") return home;
  if (p.startsWith("~/")) return path.join(home, p.slice(2));
  return p;
}

/**
 * The data directory: `--data-dir`, else `$LLMPATH_HOME`, else `$XDG_DATA_HOME/llmpath`,
 * else `~/.local/share/llmpath`. Always an absolute path; a leading `~/` is expanded.
 * A relative `$XDG_DATA_HOME` is ignored, as the XDG spec requires.
 */
export function resolveDataDir(opts: { dataDir?: string; env?: NodeJS.ProcessEnv }): string {
  const env = opts.env ?? process.env;
  const home = nonEmpty(env.HOME) ?? os.homedir();
  const explicit = nonEmpty(opts.dataDir) ?? nonEmpty(env.LLMPATH_HOME);
  if (explicit !== undefined) return path.resolve(expandHome(explicit, home));
  const xdg = nonEmpty(env.XDG_DATA_HOME);
  if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, "llmpath");
  return path.join(home, ".local", "share", "llmpath");
}

export function unwritable(dir: string, why: string, cause?: unknown): StoreError {
  return new StoreError(
    "data_dir_unwritable",
    `Cannot use data directory ${dir}: ${why}; choose a writable directory with --data-dir or LLMPATH_HOME.`,
    { path: dir, reason: errorCode(cause) ?? why },
    { cause },
  );
}

function describeFsError(e: unknown): string {
  switch (errorCode(e)) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOTDIR":
    case "EEXIST":
      return "a file is in the way where a directory should be";
    case "ENOSPC":
      return "the disk is full";
    default:
      return errorCode(e) ?? "it could not be created";
  }
}

/**
 * mkdir -p done by hand: Node's `mkdirSync(..., { recursive: true })` spins forever on some paths
 * (e.g. under /proc, where mkdir answers ENOENT though the parent exists).
 */
function mkdirp(dir: string): void {
  const missing: string[] = [];
  for (let cur = dir; !fs.existsSync(cur); cur = path.dirname(cur)) {
    missing.push(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if (errorCode(e) !== "EEXIST") throw e;
    }
  }
}

/** Creates `dir` (and parents) if needed and checks it is a directory this process can write to. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirp(dir);
  } catch (e) {
    throw unwritable(dir, describeFsError(e), e);
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw unwritable(dir, describeFsError(e), e);
  }
  if (!st.isDirectory()) throw unwritable(dir, "it is a file, not a directory");
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (e) {
    throw unwritable(dir, describeFsError(e), e);
  }
}

export { describeFsError };
