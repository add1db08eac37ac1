// Loads content/ into a validated, typed curriculum; collects every problem instead of stopping at the first.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { type Problem, CurriculumError, fieldPath } from "./problem.ts";
import { checkRules } from "./rules.ts";
import {
  type Card,
  type LabDef,
  type ModuleDef,
  type Placement,
  type Stage,
  CardsFileSchema,
  LAB_FILES,
  LabSchema,
  MODULE_FILES,
  ModuleSchema,
  PlacementSchema,
  RoadmapSchema,
} from "./schema.ts";

export interface ModuleEntry extends ModuleDef {
  dir: string;
  cards: Card[];
  placement?: Placement;
  labs: LabEntry[];
}
export interface LabEntry extends LabDef {
  dir: string;
  stage: string;
}
export interface Curriculum {
  root: string; // the content directory
  stages: Stage[];
  modules: Map<string, ModuleEntry>;
  labs: Map<string, LabEntry>;
}

/** The content/ folder shipped with the package. */
export const DEFAULT_CONTENT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../content");

export class Loader {
  readonly problems: Problem[] = [];
  constructor(readonly root: string) {}

  rel(file: string): string {
    return relative(this.root, file) || file;
  }

  problem(file: string, path: string, message: string, fix?: string): void {
    this.problems.push({ file: this.rel(file), path, message, fix });
  }

  /** Reads and validates one YAML file; returns undefined (and records problems) when it is broken. */
  yaml<S extends z.ZodType>(file: string, schema: S): z.infer<S> | undefined {
    if (!existsSync(file)) {
      this.problem(file, "", "file is missing", "create it (see content/README.md for the format)");
      return undefined;
    }
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(file, "utf8"));
    } catch (e) {
      this.problem(file, "", `is not valid YAML: ${(e as Error).message.split("\n")[0]}`, "fix the YAML syntax");
      return undefined;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) this.problem(file, fieldPath(issue.path), issue.message);
      return undefined;
    }
    return parsed.data;
  }
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.startsWith(".") && statSync(join(dir, n)).isDirectory())
    .sort();
}

/** Loads everything; never throws for content mistakes — they land in `problems`. */
export function loadCurriculumWithProblems(root = DEFAULT_CONTENT_DIR): { curriculum: Curriculum; problems: Problem[] } {
  const L = new Loader(resolve(root));
  const roadmap = L.yaml(join(L.root, "roadmap.yaml"), RoadmapSchema);
  const stages = roadmap ? [...roadmap.stages].sort((a, b) => a.order - b.order) : [];
  const modules = new Map<string, ModuleEntry>();
  const labs = new Map<string, LabEntry>();

  for (const stageId of subdirs(join(L.root, "modules"))) {
    for (const name of subdirs(join(L.root, "modules", stageId))) {
      const dir = join(L.root, "modules", stageId, name);
      for (const f of MODULE_FILES) {
        if (f !== "module.yaml" && !existsSync(join(dir, f))) L.problem(join(dir, f), "", "file is missing", `write ${f}`);
      }
      const file = join(dir, "module.yaml");
      const def = L.yaml(file, ModuleSchema);
      if (!def) continue;
      if (def.id !== name) L.problem(file, "id", `id "${def.id}" differs from its folder name "${name}"`, "rename one to match");
      if (def.stage !== stageId) L.problem(file, "stage", `stage "${def.stage}" differs from its folder "${stageId}"`, "move the folder or fix the field");
      if (modules.has(def.id)) {
        L.problem(file, "id", `duplicate module id "${def.id}" (also in ${L.rel(modules.get(def.id)!.dir)})`, "give each module a unique id");
        continue;
      }
      const cards = existsSync(join(dir, "cards.yaml")) ? (L.yaml(join(dir, "cards.yaml"), CardsFileSchema)?.cards ?? []) : [];
      const placement = existsSync(join(dir, "placement.yaml")) ? L.yaml(join(dir, "placement.yaml"), PlacementSchema) : undefined;
      modules.set(def.id, { ...def, dir, cards, placement, labs: [] });
    }
  }

  for (const stageId of subdirs(join(L.root, "labs"))) {
    for (const name of subdirs(join(L.root, "labs", stageId))) {
      const dir = join(L.root, "labs", stageId, name);
      for (const f of LAB_FILES) {
        if (f !== "lab.yaml" && !existsSync(join(dir, f))) L.problem(join(dir, f), "", "lab file is missing", `every lab needs ${LAB_FILES.join(", ")}`);
      }
      const file = join(dir, "lab.yaml");
      const def = L.yaml(file, LabSchema);
      if (!def) continue;
      if (def.id !== name) L.problem(file, "id", `id "${def.id}" differs from its folder name "${name}"`, "rename one to match");
      if (labs.has(def.id)) {
        L.problem(file, "id", `duplicate lab id "${def.id}"`, "give each lab a unique id");
        continue;
      }
      const lab: LabEntry = { ...def, dir, stage: stageId };
      labs.set(def.id, lab);
      const mod = modules.get(def.module);
      if (!mod) L.problem(file, "module", `unknown module "${def.module}"`, "use the id of a module under content/modules");
      else mod.labs.push(lab);
    }
  }
  for (const m of modules.values()) m.labs.sort((a, b) => a.order - b.order);

  const curriculum = { root: L.root, stages, modules, labs };
  L.problems.push(...checkRules(curriculum, (f) => L.rel(f)));
  return { curriculum, problems: L.problems };
}

/** Loads the curriculum or throws a CurriculumError naming every problem. */
export function loadCurriculum(root = DEFAULT_CONTENT_DIR): Curriculum {
  const { curriculum, problems } = loadCurriculumWithProblems(root);
  if (problems.length) throw new CurriculumError(problems);
  return curriculum;
}
