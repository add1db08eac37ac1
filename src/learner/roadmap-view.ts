// The roadmap as one JSON-ready object (stages → modules with hours, prerequisites and state), for the CLI and the API.
import type { Curriculum, Text } from "../curriculum/index.ts";
import { type ModuleState, type StatusFact, moduleProgress } from "./progress.ts";

export interface RoadmapModuleView {
  id: string;
  title: Text;
  summary: Text;
  hours: number;
  optional: boolean;
  prerequisites: string[];
  state: ModuleState;
  missing: string[];
  overridden: boolean;
  labs: string[];
}
export interface RoadmapStageView {
  id: string;
  order: number;
  title: Text;
  summary: Text;
  hours: number;
  moduleHours: number;
  doneHours: number;
  modules: RoadmapModuleView[];
}
export interface RoadmapView {
  totalHours: number;
  doneHours: number;
  stages: RoadmapStageView[];
}

export function roadmapView(c: Curriculum, facts: readonly StatusFact[]): RoadmapView {
  const progress = new Map(moduleProgress(c, facts).map((p) => [p.id, p]));
  const stages = c.stages.map((s): RoadmapStageView => {
    const modules = s.modules.flatMap((id): RoadmapModuleView[] => {
      const m = c.modules.get(id);
      const p = progress.get(id);
      if (!m || !p) return [];
      return [
        {
          id,
          title: m.title,
          summary: m.summary,
          hours: m.hours,
          optional: m.optional,
          prerequisites: m.prerequisites,
          state: p.state,
          missing: p.missing,
          overridden: p.overridden,
          labs: m.labs.map((l) => l.id),
        },
      ];
    });
    const finished = (v: RoadmapModuleView) => v.state === "done" || v.state === "credited";
    return {
      id: s.id,
      order: s.order,
      title: s.title,
      summary: s.summary,
      hours: s.hours,
      moduleHours: modules.reduce((a, m) => a + m.hours, 0),
      doneHours: modules.filter(finished).reduce((a, m) => a + m.hours, 0),
      modules,
    };
  });
  return {
    totalHours: stages.reduce((a, s) => a + s.hours, 0),
    doneHours: stages.reduce((a, s) => a + s.doneHours, 0),
    stages,
  };
}
