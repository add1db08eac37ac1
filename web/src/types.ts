// Shapes of the API answers the pages read (mirrors src/server/routes/*).
import type { Text } from "./i18n.ts";

export type ModuleState = "locked" | "available" | "in_progress" | "done" | "credited";

export interface RoadmapModule {
  id: string;
  title: Text;
  summary: Text;
  hours: number;
  optional: boolean;
  prerequisites: string[];
  state: ModuleState;
  missing: string[];
  labs: string[];
  labsPassed: number;
}
export interface RoadmapStage {
  id: string;
  order: number;
  title: Text;
  summary: Text;
  hours: number;
  doneHours: number;
  modules: RoadmapModule[];
}
export interface Roadmap {
  totalHours: number;
  doneHours: number;
  stages: RoadmapStage[];
}
export interface LabSummary {
  id: string;
  title: Text;
  summary: Text;
  status: "passed" | "attempted" | "not_started" | "locked";
  minutes: number;
  difficulty: string;
}
