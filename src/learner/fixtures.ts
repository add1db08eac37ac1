// Test fixtures: a small curriculum shaped like the real route (five stages, 200/300/400/160/120 h, optional modules).
import type { Card, Curriculum, LabEntry, ModuleEntry, Placement, Stage } from "../curriculum/index.ts";

const text = (s: string) => ({ en: s, zh: `${s}（中文）` });

export interface ModuleSpec {
  id: string;
  hours: number;
  prerequisites?: string[];
  optional?: boolean;
  cards?: Card[];
  placement?: Placement;
  labs?: string[];
}

export function makeCurriculum(stages: { id: string; modules: ModuleSpec[] }[]): Curriculum {
  const modules = new Map<string, ModuleEntry>();
  const labs = new Map<string, LabEntry>();
  const stageDefs: Stage[] = stages.map((s, i) => ({
    id: s.id,
    order: i + 1,
    hours: s.modules.reduce((a, m) => a + m.hours, 0),
    title: text(s.id),
    summary: text(s.id),
    modules: s.modules.map((m) => m.id),
  }));
  for (const s of stages) {
    for (const m of s.modules) {
      const entry: ModuleEntry = {
        id: m.id,
        stage: s.id,
        hours: m.hours,
        optional: m.optional ?? false,
        prerequisites: m.prerequisites ?? [],
        title: text(`Title of ${m.id}`),
        summary: text(m.id),
        why_prerequisites: text("order"),
        objectives: [text("a"), text("b"), text("c")],
        topics: [text("t")],
        dir: `/fixture/${s.id}/${m.id}`,
        cards: m.cards ?? [],
        placement: m.placement,
        labs: [],
      };
      (m.labs ?? []).forEach((labId, i) => {
        const lab: LabEntry = {
          id: labId,
          module: m.id,
          order: i + 1,
          title: text(labId),
          summary: text(labId),
          objectives: [text("o")],
          hints: [text("h1"), text("h2")],
          minutes: 60,
          difficulty: "core",
          limits: { time_ms: 1000, memory_mb: 256 },
          pytorch: "torch",
          dir: `/fixture/labs/${labId}`,
          stage: s.id,
        };
        entry.labs.push(lab);
        labs.set(labId, lab);
      });
      modules.set(m.id, entry);
    }
  }
  return { root: "/fixture", stages: stageDefs, modules, labs };
}

/** The route in miniature with the article's stage budgets: 200 + 300 + 400 core hours, then 160 + 120. */
export function routeFixture(): Curriculum {
  return makeCurriculum([
    {
      id: "foundations",
      modules: [
        { id: "linear-algebra", hours: 50, labs: ["la-1", "la-2"] },
        { id: "probability", hours: 50 },
        { id: "toolchain", hours: 60, prerequisites: ["linear-algebra"], labs: ["tc-1"] },
        { id: "init", hours: 40, prerequisites: ["toolchain", "probability"], labs: ["init-1"] },
      ],
    },
    {
      id: "model-internals",
      modules: [
        { id: "transformer", hours: 100, prerequisites: ["init"], labs: ["attn-1"] },
        { id: "tokenization", hours: 50, prerequisites: ["linear-algebra"] },
        { id: "pretraining", hours: 100, prerequisites: ["transformer", "tokenization"], labs: ["pretrain-1"] },
        { id: "finetuning", hours: 50, prerequisites: ["pretraining"] },
      ],
    },
    {
      id: "engineering",
      modules: [
        { id: "distributed", hours: 100, prerequisites: ["pretraining"], labs: ["zero-1"] },
        { id: "memory", hours: 100, prerequisites: ["pretraining"] },
        { id: "quantization", hours: 100, prerequisites: ["transformer"] },
        { id: "inference", hours: 100, prerequisites: ["quantization"] },
      ],
    },
    {
      id: "breakthroughs",
      modules: [
        { id: "prompting", hours: 60, prerequisites: ["finetuning"] },
        { id: "safety", hours: 50, prerequisites: ["prompting"] },
        { id: "multimodal", hours: 50, prerequisites: ["transformer"], optional: true },
      ],
    },
    {
      id: "continuous-evolution",
      modules: [
        { id: "research", hours: 40, prerequisites: ["pretraining"] },
        { id: "open-source", hours: 40, prerequisites: ["distributed"] },
        { id: "domain-depth", hours: 40, prerequisites: ["research"], optional: true },
      ],
    },
  ]);
}
