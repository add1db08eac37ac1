// Finding a workspace from cwd, its parents, ./llmpath-labs, or --workspace; a damaged marker is reported.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/cli-helpers.ts";
import { findWorkspace, learnerFile, markerPath, newMarker } from "./workspace.ts";

function makeWorkspace(root: string): void {
  mkdirSync(join(root, ".llmpath"), { recursive: true });
  writeFileSync(markerPath(root), JSON.stringify(newMarker()));
}

describe("findWorkspace", () => {
  it("finds it from a folder inside it, from its parent (./llmpath-labs) and by --workspace", () => {
    const base = tempDir();
    const root = join(base, "llmpath-labs");
    makeWorkspace(root);
    mkdirSync(join(root, "foundations", "x"), { recursive: true });
    for (const [cwd, explicit] of [[join(root, "foundations", "x"), undefined], [base, undefined], ["/", root]] as const) {
      const r = findWorkspace(cwd, explicit);
      expect(r.ok && r.workspace.root).toBe(root);
    }
  });

  it("says where it looked when there is none, and reports a damaged marker", () => {
    const base = tempDir();
    const none = findWorkspace(base);
    expect(none).toMatchObject({ ok: false, reason: "none" });
    expect(!none.ok && none.reason === "none" && none.searched).toContain(base);
    mkdirSync(join(base, ".llmpath"));
    writeFileSync(markerPath(base), "{not json");
    expect(findWorkspace(base)).toMatchObject({ ok: false, reason: "broken" });
    expect(findWorkspace("/", base)).toMatchObject({ ok: false, reason: "broken" });
  });

  it("a lab's file is <root>/<stage>/<lab>/<lab>.ts", () => {
    expect(learnerFile("/ws", { stage: "foundations", id: "svd-compression" })).toBe("/ws/foundations/svd-compression/svd-compression.ts");
  });
});
