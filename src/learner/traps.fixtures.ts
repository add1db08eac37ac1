// Scenario fixtures for the trap rules (module and lab ids from fixtures.ts's routeFixture), times in days before "now".
// Used by traps.test.ts and by the `llmpath report` CLI test, which stores each scenario and checks the named trap.
import type { TrapCode, TrapInput } from "./traps.ts";
import type { Curriculum } from "../curriculum/index.ts";

type Kind = "reading" | "lab" | "review" | "project";
export interface TrapScenario {
  name: string;
  trap: TrapCode;
  /** true: the trap must fire; false: it must not */
  fires: boolean;
  statuses?: { moduleId: string; status: "in_progress" | "done" | "skipped"; origin?: "self" | "credited" | "override"; daysAgo: number }[];
  overrides?: { moduleId: string; missing: string[]; daysAgo: number }[];
  sessions?: { moduleId: string | null; kind: Kind; minutes: number; daysAgo: number }[];
  labs?: { labId: string; verdict: "pass" | "fail" | "error"; daysAgo: number }[];
}

/** n sessions, one every `every` days starting `from` days ago, cycling through the modules. */
function spread(n: number, modules: string[], kind: Kind, minutes: number, from = 13, every = 1.5) {
  return Array.from({ length: n }, (_, i) => ({ moduleId: modules[i % modules.length]!, kind, minutes, daysAgo: Math.max(0.1, from - i * every) }));
}
const started = (...ids: string[]) => ids.map((moduleId) => ({ moduleId, status: "in_progress" as const, daysAgo: 20 }));
const done = (...ids: string[]) => ids.map((moduleId) => ({ moduleId, status: "done" as const, daysAgo: 30 }));

export const TRAP_SCENARIOS: TrapScenario[] = [
  // framework_first: stage-3 work or overrides while stage 1 is open
  {
    name: "jumps to distributed training with linear algebra half done",
    trap: "framework_first",
    fires: true,
    statuses: [...started("linear-algebra"), { moduleId: "distributed", status: "in_progress", origin: "override", daysAgo: 5 }],
    overrides: [{ moduleId: "distributed", missing: ["pretraining"], daysAgo: 5 }],
    sessions: [...spread(3, ["distributed"], "reading", 120, 5, 1)],
  },
  {
    name: "twelve hours of quantization reading, nothing started in stage 1",
    trap: "framework_first",
    fires: true,
    sessions: spread(6, ["quantization", "inference"], "reading", 120, 10, 1.5),
  },
  {
    name: "two prerequisite overrides inside stage 1",
    trap: "framework_first",
    fires: true,
    statuses: [...done("linear-algebra"), { moduleId: "init", status: "in_progress", origin: "override", daysAgo: 3 }],
    overrides: [
      { moduleId: "toolchain", missing: ["linear-algebra"], daysAgo: 40 },
      { moduleId: "init", missing: ["toolchain", "probability"], daysAgo: 3 },
    ],
  },
  {
    name: "stage 1 finished (part credited), then lots of engineering work",
    trap: "framework_first",
    fires: false,
    statuses: [...done("linear-algebra", "toolchain", "init"), { moduleId: "probability", status: "done", origin: "credited", daysAgo: 60 }, ...started("memory")],
    sessions: spread(10, ["memory"], "lab", 180, 12, 1),
  },
  {
    name: "stage 1 open, work only in stages 1 and 2, one hour peeking at stage 3",
    trap: "framework_first",
    fires: false,
    statuses: started("linear-algebra", "tokenization"),
    sessions: [...spread(6, ["linear-algebra", "tokenization"], "lab", 90, 10, 1.5), { moduleId: "inference", kind: "reading", minutes: 60, daysAgo: 2 }],
  },
  {
    name: "stage 3 reviews only (spaced review is not new work)",
    trap: "framework_first",
    fires: false,
    statuses: started("linear-algebra"),
    sessions: spread(10, ["distributed"], "review", 20, 10, 1),
  },
  // theory_only: many reading hours, nothing passed
  {
    name: "twenty reading hours in four weeks, never ran a lab",
    trap: "theory_only",
    fires: true,
    statuses: started("linear-algebra"),
    sessions: spread(10, ["linear-algebra"], "reading", 120, 26, 2.5),
  },
  {
    name: "eighteen reading hours, two failed lab attempts, no pass",
    trap: "theory_only",
    fires: true,
    statuses: started("toolchain"),
    sessions: [...spread(9, ["toolchain"], "reading", 120, 25, 2.5), { moduleId: "toolchain", kind: "lab", minutes: 30, daysAgo: 4 }],
    labs: [
      { labId: "tc-1", verdict: "fail", daysAgo: 4 },
      { labId: "tc-1", verdict: "error", daysAgo: 4 },
    ],
  },
  {
    name: "labs passed long ago, a month of pure reading since",
    trap: "theory_only",
    fires: true,
    statuses: [...done("linear-algebra"), ...started("probability")],
    sessions: [...spread(4, ["linear-algebra"], "lab", 120, 60, 2), ...spread(8, ["probability"], "reading", 150, 25, 3)],
    labs: [{ labId: "la-1", verdict: "pass", daysAgo: 55 }],
  },
  {
    name: "twenty reading hours and a lab passed this week",
    trap: "theory_only",
    fires: false,
    statuses: started("linear-algebra"),
    sessions: [...spread(10, ["linear-algebra"], "reading", 120, 26, 2.5), { moduleId: "linear-algebra", kind: "lab", minutes: 90, daysAgo: 1 }],
    labs: [{ labId: "la-1", verdict: "pass", daysAgo: 1 }],
  },
  {
    name: "only ten reading hours: too little to judge",
    trap: "theory_only",
    fires: false,
    statuses: started("linear-algebra"),
    sessions: spread(5, ["linear-algebra"], "reading", 120, 20, 4),
  },
  {
    name: "sixteen reading hours but ten hours struggling in labs",
    trap: "theory_only",
    fires: false,
    statuses: started("toolchain"),
    sessions: [...spread(8, ["toolchain"], "reading", 120, 25, 3), ...spread(5, ["toolchain"], "lab", 120, 20, 4)],
    labs: [{ labId: "tc-1", verdict: "fail", daysAgo: 3 }],
  },
  // fragmented: many short sessions over many modules, nothing finished
  {
    name: "twelve 20-minute sessions over five modules",
    trap: "fragmented",
    fires: true,
    statuses: started("linear-algebra", "probability", "toolchain", "tokenization", "quantization"),
    sessions: spread(12, ["linear-algebra", "probability", "toolchain", "tokenization", "quantization"], "reading", 20, 13, 1),
  },
  {
    name: "ten sessions hopping between four stage-1 and 2 modules, mostly short labs",
    trap: "fragmented",
    fires: true,
    statuses: [...done("linear-algebra"), ...started("probability", "toolchain", "tokenization", "transformer")],
    sessions: [...spread(8, ["probability", "toolchain", "tokenization", "transformer"], "lab", 25, 12, 1.4), ...spread(2, ["probability", "toolchain"], "reading", 60, 2, 1)],
  },
  {
    name: "short sessions on six modules, failed attempts only",
    trap: "fragmented",
    fires: true,
    sessions: spread(9, ["linear-algebra", "probability", "toolchain", "init", "tokenization", "transformer"], "lab", 15, 12, 1.3),
    labs: [
      { labId: "la-1", verdict: "fail", daysAgo: 10 },
      { labId: "tc-1", verdict: "fail", daysAgo: 6 },
    ],
  },
  {
    name: "many short sessions, all on one module",
    trap: "fragmented",
    fires: false,
    statuses: started("linear-algebra"),
    sessions: spread(14, ["linear-algebra"], "reading", 20, 13, 0.9),
  },
  {
    name: "short sessions over four modules, but one module finished this week",
    trap: "fragmented",
    fires: false,
    statuses: [{ moduleId: "probability", status: "done", daysAgo: 2 }, ...started("linear-algebra", "toolchain", "tokenization")],
    sessions: spread(12, ["linear-algebra", "probability", "toolchain", "tokenization"], "reading", 20, 13, 1),
  },
  {
    name: "four modules in two weeks, in long focused sessions",
    trap: "fragmented",
    fires: false,
    statuses: started("linear-algebra", "probability", "toolchain", "tokenization"),
    sessions: spread(10, ["linear-algebra", "probability", "toolchain", "tokenization"], "reading", 120, 13, 1.3),
  },
  {
    name: "twenty short review sessions across eight modules (review is meant to be short)",
    trap: "fragmented",
    fires: false,
    statuses: done("linear-algebra", "probability", "toolchain", "init"),
    sessions: spread(20, ["linear-algebra", "probability", "toolchain", "init", "transformer", "tokenization", "pretraining", "finetuning"], "review", 10, 13, 0.6),
  },
];

export function scenarioInput(s: TrapScenario, now: Date, curriculum: Curriculum): TrapInput {
  const at = (daysAgo: number) => new Date(now.getTime() - Math.round(daysAgo * 86_400_000));
  return {
    now,
    curriculum,
    statuses: (s.statuses ?? []).map((x) => ({ moduleId: x.moduleId, status: x.status, origin: x.origin ?? "self", doneAt: x.status === "done" ? at(x.daysAgo) : null })),
    overrides: (s.overrides ?? []).map((o) => ({ moduleId: o.moduleId, createdAt: at(o.daysAgo) })),
    sessions: (s.sessions ?? []).map((x) => ({ moduleId: x.moduleId, kind: x.kind, minutes: x.minutes, startedAt: at(x.daysAgo) })),
    labAttempts: (s.labs ?? []).map((l) => ({ labId: l.labId, verdict: l.verdict, createdAt: at(l.daysAgo) })),
  };
}
