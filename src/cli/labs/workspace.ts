// A learner's lab workspace: its marker file, where each lab's files live in it, and finding it from cwd.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { LabEntry } from "../../curriculum/index.ts";

/** Folder inside a workspace that llmpath owns (marker, generated type declarations). */
export const META_DIR = ".llmpath";
export const MARKER_FILE = "workspace.json";
export const DEFAULT_WORKSPACE = "llmpath-labs";

export interface WorkspaceMarker {
  llmpath: "workspace";
  version: 1;
  createdAt: string;
  /** Layout of lab folders: `<stage>/<lab>/<lab>.ts`. */
  layout: "stage/lab";
}

export interface Workspace {
  root: string;
  marker: WorkspaceMarker;
}

export function markerPath(root: string): string {
  return join(root, META_DIR, MARKER_FILE);
}

export function newMarker(now = new Date()): WorkspaceMarker {
  return { llmpath: "workspace", version: 1, createdAt: now.toISOString(), layout: "stage/lab" };
}

/** The folder of one lab inside the workspace. */
export function labFolder(root: string, lab: Pick<LabEntry, "stage" | "id">): string {
  return join(root, lab.stage, lab.id);
}

/** The file the learner edits and `verify` grades: `<root>/<stage>/<lab>/<lab>.ts`. */
export function learnerFile(root: string, lab: Pick<LabEntry, "stage" | "id">): string {
  return join(labFolder(root, lab), `${lab.id}.ts`);
}

/** Reads a marker; undefined when the file is missing, an Error describing the damage when it is unreadable. */
export function readMarker(root: string): WorkspaceMarker | undefined | Error {
  const file = markerPath(root);
  if (!existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(file, "utf8")) as Partial<WorkspaceMarker>;
    if (raw.llmpath !== "workspace") return new Error(`${file} is not an llmpath workspace marker`);
    return { llmpath: "workspace", version: 1, createdAt: String(raw.createdAt ?? ""), layout: "stage/lab" };
  } catch (e) {
    return new Error(`${file} is not valid JSON (${(e as Error).message})`);
  }
}

export type FindResult = { ok: true; workspace: Workspace } | { ok: false; reason: "none"; searched: string[] } | { ok: false; reason: "broken"; error: Error };

/**
 * `explicit` (from --workspace) must be a workspace. Otherwise: cwd and its parents, then `./llmpath-labs`
 * (the default `init` folder), so `llmpath verify` works both inside and next to the workspace.
 */
export function findWorkspace(cwd: string, explicit?: string): FindResult {
  const candidates: string[] = [];
  if (explicit !== undefined) candidates.push(resolve(cwd, explicit));
  else {
    let dir = resolve(cwd);
    for (;;) {
      candidates.push(dir);
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
    candidates.push(resolve(cwd, DEFAULT_WORKSPACE));
  }
  for (const root of candidates) {
    const marker = readMarker(root);
    if (marker instanceof Error) return { ok: false, reason: "broken", error: marker };
    if (marker) return { ok: true, workspace: { root, marker } };
  }
  return { ok: false, reason: "none", searched: explicit !== undefined ? candidates : [resolve(cwd), resolve(cwd, DEFAULT_WORKSPACE)] };
}
