// Every command file, loaded lazily: a static list so a bundler can see each one (see scripts/build-cli.ts).
import type { Command } from "commander";
import type { CliContext } from "./context.ts";

export type Register = (program: Command, ctx: () => CliContext) => void;
type Loader = () => Promise<{ register: Register }>;

/** File name (without .ts) → loader. `main.test.ts` checks this matches src/cli/commands/. */
export const COMMAND_FILES: Record<string, Loader> = {
  curriculum: () => import("./commands/curriculum.ts"),
  "export-model": () => import("./commands/export-model.ts"),
  hint: () => import("./commands/hint.ts"),
  init: () => import("./commands/init.ts"),
  journal: () => import("./commands/journal.ts"),
  labs: () => import("./commands/labs.ts"),
  log: () => import("./commands/log.ts"),
  module: () => import("./commands/module.ts"),
  placement: () => import("./commands/placement.ts"),
  plan: () => import("./commands/plan.ts"),
  report: () => import("./commands/report.ts"),
  review: () => import("./commands/review.ts"),
  roadmap: () => import("./commands/roadmap.ts"),
  serve: () => import("./commands/serve.ts"),
  session: () => import("./commands/session.ts"),
  solution: () => import("./commands/solution.ts"),
  start: () => import("./commands/start.ts"),
  status: () => import("./commands/status.ts"),
  verify: () => import("./commands/verify.ts"),
  watch: () => import("./commands/watch.ts"),
  worker: () => import("./commands/worker.ts"),
};

/** Commands that live in a file named differently from the command. */
export const FILE_OF: Record<string, string> = { done: "start", runs: "export-model" };
