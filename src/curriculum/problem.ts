// A content problem: which file, which field, what is wrong and how to fix it — one line each in `curriculum check`.
export interface Problem {
  file: string; // relative to the content folder, e.g. modules/foundations/linear-algebra/module.yaml
  path: string; // field path inside the file, e.g. objectives[1].zh ("" for the whole file)
  message: string;
  fix?: string;
}

export function formatProblem(p: Problem): string {
  const where = p.path ? `${p.file}: ${p.path}` : p.file;
  return `${where}: ${p.message}${p.fix ? ` (fix: ${p.fix})` : ""}`;
}

export class CurriculumError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `the curriculum has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join("\n"),
    );
    this.name = "CurriculumError";
  }
}

/** Turns a zod issue path like ["objectives", 1, "zh"] into "objectives[1].zh". */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
