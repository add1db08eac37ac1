// `llmpath init`: writes a workspace (starters, READMEs, visible tests, package.json, tsconfig, marker); never overwrites.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { LabEntry } from "../../curriculum/index.ts";
import { labFolder, learnerFile, META_DIR, markerPath, newMarker } from "./workspace.ts";
import { TYPE_ENTRIES } from "./types.ts";

export interface ScaffoldReport {
  root: string;
  /** Files written now, relative to the root. */
  created: string[];
  /** Files that already existed and were left as they are, relative to the root. */
  skipped: string[];
  /** Labs whose folder did not exist before. */
  labsAdded: string[];
}

/** The workspace copy of the visible test: imports the learner's file by its path so editors resolve it. */
export function workspaceTestSource(source: string, labId: string): string {
  const head = `// A copy of the lab's visible tests, for reading. \`llmpath verify ${labId}\` grades with the lab's own copy, so edits here change nothing.\n`;
  return head + source.replace(/(from\s+|import\s*\(\s*)(["'])learner\2/g, `$1$2./${labId}.ts$2`);
}

export function workspaceTsconfig(): string {
  const paths = Object.fromEntries(Object.entries(TYPE_ENTRIES).map(([k, v]) => [k, [`./${META_DIR}/types/${v}`]]));
  const config = {
    compilerOptions: {
      target: "ES2022",
      module: "ESNext",
      moduleResolution: "Bundler",
      lib: ["ES2023"],
      types: [],
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
      paths,
    },
    include: ["**/*.ts"],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function workspacePackageJson(): string {
  const pkg = {
    name: "llmpath-labs",
    private: true,
    type: "module",
    description: "My llmpath labs. Grade with `llmpath verify`, or keep `llmpath watch` running while you edit.",
    scripts: { verify: "llmpath verify", watch: "llmpath watch", labs: "llmpath labs", hint: "llmpath hint" },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function workspaceReadme(): string {
  return [
    "# llmpath labs / llmpath 实验",
    "",
    "Each lab lives in `<stage>/<lab>/`: edit `<lab>.ts`, read `README.en.md` (or `README.zh.md`), and look at `lab.test.ts` for the visible tests.",
    "Grade with `llmpath verify [lab]`, or run `llmpath watch` and save: it re-grades on every save and moves on after a pass.",
    "Progress is stored by llmpath, not in these files. `llmpath init` again adds new labs and never overwrites your files.",
    "",
    "每个实验在 `<阶段>/<实验>/` 下：编辑 `<实验>.ts`，阅读 `README.zh.md`，`lab.test.ts` 是可见的测试。",
    "用 `llmpath verify [实验]` 评测，或运行 `llmpath watch`：每次保存都会重新评测，通过后进入下一个实验。",
    "进度保存在 llmpath 的数据库中，而不是这些文件里。再次运行 `llmpath init` 只会添加新实验，不会覆盖你的文件。",
    "",
  ].join("\n");
}

class Writer {
  readonly report: ScaffoldReport;
  constructor(root: string) {
    this.report = { root, created: [], skipped: [], labsAdded: [] };
  }
  /** Writes `file` unless it exists; records which. */
  write(file: string, contents: () => string): void {
    const rel = relative(this.report.root, file);
    if (existsSync(file)) {
      this.report.skipped.push(rel);
      return;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents(), { flag: "wx" });
    this.report.created.push(rel);
  }
}

/** Creates or completes the workspace at `root` for `labs` (in learning order). */
export function scaffoldWorkspace(root: string, labs: readonly LabEntry[], now = new Date()): ScaffoldReport {
  mkdirSync(root, { recursive: true });
  const w = new Writer(root);
  w.write(markerPath(root), () => `${JSON.stringify(newMarker(now), null, 2)}\n`);
  w.write(join(root, "package.json"), workspacePackageJson);
  w.write(join(root, "tsconfig.json"), workspaceTsconfig);
  w.write(join(root, "README.md"), workspaceReadme);
  for (const lab of labs) {
    const folder = labFolder(root, lab);
    if (!existsSync(folder)) w.report.labsAdded.push(lab.id);
    w.write(learnerFile(root, lab), () => readFileSync(join(lab.dir, "starter.ts"), "utf8"));
    for (const readme of ["README.en.md", "README.zh.md"]) {
      if (existsSync(join(lab.dir, readme))) w.write(join(folder, readme), () => readFileSync(join(lab.dir, readme), "utf8"));
    }
    w.write(join(folder, "lab.test.ts"), () => workspaceTestSource(readFileSync(join(lab.dir, "lab.test.ts"), "utf8"), lab.id));
  }
  return w.report;
}
