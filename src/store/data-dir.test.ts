// Where the data directory is, and what happens when it cannot be used.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureWritableDir } from "./data-dir.ts";
import { StoreError, openStore, resolveDataDir } from "./index.ts";
import { expectStoreError } from "./store.suite.ts";

describe("resolveDataDir", () => {
  const env = { HOME: "/home/ada" };
  it("prefers --data-dir, then LLMPATH_HOME, then XDG_DATA_HOME/llmpath, then ~/.local/share/llmpath", () => {
    const all = { ...env, LLMPATH_HOME: "/srv/llmpath", XDG_DATA_HOME: "/xdg" };
    expect(resolveDataDir({ dataDir: "/flag", env: all })).toBe("/flag");
    expect(resolveDataDir({ env: all })).toBe("/srv/llmpath");
    expect(resolveDataDir({ env: { ...env, XDG_DATA_HOME: "/xdg" } })).toBe("/xdg/llmpath");
    expect(resolveDataDir({ env })).toBe("/home/ada/.local/share/llmpath");
  });

  it("treats empty variables as unset, ignores a relative XDG_DATA_HOME, expands ~ and makes paths absolute", () => {
    expect(resolveDataDir({ dataDir: "", env: { ...env, LLMPATH_HOME: "" } })).toBe("/home/ada/.local/share/llmpath");
    expect(resolveDataDir({ env: { ...env, XDG_DATA_HOME: "rel/dir" } })).toBe("/home/ada/.local/share/llmpath");
    expect(resolveDataDir({ env: { ...env, LLMPATH_HOME: "~/llm" } })).toBe("/home/ada/llm");
    expect(resolveDataDir({ dataDir: "rel", env })).toBe(path.resolve("rel"));
  });
});

describe("an unusable data directory", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "llmpath-datadir-"));
  afterAll(() => {
    fs.chmodSync(path.join(root, "ro"), 0o755);
    fs.rmSync(root, { recursive: true, force: true });
  });
  const file = path.join(root, "a-file");
  fs.writeFileSync(file, "not a directory");
  fs.mkdirSync(path.join(root, "ro"));
  fs.chmodSync(path.join(root, "ro"), 0o555);

  it("a file where the directory should be → data_dir_unwritable naming it and the fix", async () => {
    const e = await expectStoreError(openStore({ dataDir: file }), "data_dir_unwritable", file, "--data-dir", "LLMPATH_HOME");
    expect(e.details.path).toBe(file);
  });

  it("a directory below a file → data_dir_unwritable", async () => {
    await expectStoreError(openStore({ dataDir: path.join(file, "sub") }), "data_dir_unwritable", path.join(file, "sub"));
  });

  const isRoot = process.getuid?.() === 0;
  it.skipIf(isRoot)("a directory inside a read-only directory → data_dir_unwritable", async () => {
    const target = path.join(root, "ro", "llmpath");
    await expectStoreError(openStore({ dataDir: target }), "data_dir_unwritable", target, "permission denied");
    expect(() => ensureWritableDir(path.join(root, "ro"))).toThrow(StoreError);
  });

  // root may write anywhere a chmod forbids, but not into sysfs
  it.skipIf(!isRoot || !fs.existsSync("/sys/kernel"))("as root: a directory in sysfs → data_dir_unwritable", async () => {
    await expectStoreError(openStore({ dataDir: "/sys/llmpath-test/data" }), "data_dir_unwritable", "/sys/llmpath-test/data", "permission denied");
  });

  it.skipIf(!fs.existsSync("/proc/self"))("a directory under /proc fails quickly instead of looping", () => {
    expect(() => ensureWritableDir("/proc/llmpath-test/data")).toThrow(StoreError);
  });

  it("creates missing parents of a usable directory", () => {
    const deep = path.join(root, "x", "y", "z");
    ensureWritableDir(deep);
    expect(fs.statSync(deep).isDirectory()).toBe(true);
  });
});
