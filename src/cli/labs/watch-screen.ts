// What `llmpath watch` prints after each grade: header, the module's progress bar (cli-progress), the result.
import cliProgress from "cli-progress";
import type { LabEntry } from "../../curriculum/index.ts";
import type { GradeResult } from "../../grader/index.ts";
import type { Lang } from "../../i18n/index.ts";
import type { ModuleLabs } from "./lab-status.ts";
import { renderResult } from "./render.ts";

type T = (key: string, params?: Record<string, string | number>) => string;

const BAR_SIZE = 24;
const preset = cliProgress.Presets.shades_classic;

/** A bar like `████████░░░░` drawn by cli-progress's own bar formatter. */
export function progressBar(done: number, total: number, size = BAR_SIZE): string {
  const progress = total === 0 ? 1 : Math.min(1, Math.max(0, done / total));
  return cliProgress.Format.BarFormat(progress, {
    barsize: size,
    barCompleteString: preset.barCompleteChar.repeat(size),
    barIncompleteString: preset.barIncompleteChar.repeat(size),
    barGlue: "",
  });
}

export function moduleProgressLine(modules: readonly ModuleLabs[], moduleId: string, t: T): string {
  const m = modules.find((x) => x.moduleId === moduleId);
  const total = m?.labs.length ?? 0;
  const passed = m?.labs.filter((v) => v.status === "passed").length ?? 0;
  return t("watch.progress", { module: moduleId, bar: progressBar(passed, total), passed, total });
}

export interface Screen {
  lab: LabEntry;
  fileShown: string;
  modules: readonly ModuleLabs[];
  result: GradeResult;
  lang: Lang;
}

export function renderScreen(s: Screen, t: T): string[] {
  return [
    t("watch.header", { lab: s.lab.id, title: s.lab.title[s.lang], file: s.fileShown }),
    moduleProgressLine(s.modules, s.lab.module, t),
    "",
    ...renderResult(s.result, s.lab.id, t),
  ];
}
