// The `llmpath` command: global options, command discovery, and the one place errors become exit codes.
import { Command, CommanderError, Option } from "commander";
import { detectLang, type Lang } from "../i18n/index.ts";
import { COMMAND_FILES, FILE_OF, type Register } from "./commands.ts";
import { CliContext, type CliIO } from "./context.ts";
import { UserError } from "./errors.ts";

export type { Register } from "./commands.ts";

/** Global options that take a value (so their value is not mistaken for the command name). */
const VALUE_OPTIONS = new Set(["--lang", "--data-dir", "--content-dir"]);

/** The command named on the command line, if any (skipping global options and their values). */
export function commandName(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith("-")) return a;
  }
  return undefined;
}

/**
 * Loads only the file of the command being run (start-up time matters for `verify` and `watch`);
 * all of them for help, suggestions after a typo, or no command.
 */
async function loadCommands(args: readonly string[]): Promise<Register[]> {
  const name = commandName(args);
  const own = name ? (FILE_OF[name] ?? name) : undefined;
  const help = args.includes("--help") || args.includes("-h");
  const wanted = own && own in COMMAND_FILES && !help ? [own] : Object.keys(COMMAND_FILES);
  const mods = await Promise.all(wanted.map((f) => COMMAND_FILES[f]!()));
  return mods.map((m) => m.register);
}

export function defaultIO(): CliIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  };
}

/** Runs the CLI and returns the exit code (0 ok, 1 user error, 2 usage error). Never throws for user mistakes. */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  let context: CliContext | undefined;
  const program = new Command("llmpath")
    .description("Learn LLM development in the right order: math → model internals → engineering → domain innovation.")
    .addOption(new Option("--lang <lang>", "language of the output").choices(["zh", "en"]))
    .option("--data-dir <dir>", "where your progress is stored (default: $LLMPATH_HOME or the XDG data directory)")
    .addOption(new Option("--content-dir <dir>", "curriculum folder (for content authors)").hideHelp())
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const ctx = () => {
    if (!context) {
      const o = program.opts<{ lang?: Lang; dataDir?: string; contentDir?: string }>();
      context = new CliContext(io, { lang: o.lang ?? detectLang(io.env), dataDir: o.dataDir, contentDir: o.contentDir });
    }
    return context;
  };
  for (const register of await loadCommands(argv.slice(2))) register(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().showSuggestionAfterError(true);

  try {
    await program.parseAsync(argv);
    return context?.exitCode ?? 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2; // commander already printed the message
    }
    if (e instanceof UserError) {
      io.err(e.message);
      return e.exitCode;
    }
    io.err(`llmpath: internal error: ${(e as Error).stack ?? String(e)}`);
    io.err("This is a bug in llmpath, not something you did. Please report it with the command you ran.");
    return 70;
  } finally {
    await context?.close();
  }
}
