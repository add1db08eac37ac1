// The static command list matches the files in src/cli/commands, and the command name is found among global options.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMAND_FILES } from "./commands.ts";
import { commandName } from "./main.ts";

describe("CLI wiring", () => {
  it("lists every command file (add new files to src/cli/commands.ts)", () => {
    const files = readdirSync(join(import.meta.dirname, "commands"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("_"))
      .map((f) => f.slice(0, -3))
      .sort();
    expect(Object.keys(COMMAND_FILES).sort()).toEqual(files);
  });
  it("finds the command after global options and their values", () => {
    expect(commandName(["--lang", "zh", "--data-dir", "/tmp/x", "roadmap", "--json"])).toBe("roadmap");
    expect(commandName(["--help"])).toBeUndefined();
  });
});
