// The rustlings-style loop: grade the current lab, re-grade on save, move on after a pass, log the time on exit.
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, relative } from "node:path";
import type { LabEntry } from "../../curriculum/index.ts";
import { type GradeResult, WatchGrader } from "../../grader/index.ts";
import type { CliContext } from "../context.ts";
import { gradeOptions, hashFile, recordAttempt } from "./attempt.ts";
import type { BriefStore } from "./brief-store.ts";
import { nextHint } from "./hints.ts";
import { type AttemptFact, currentLab, labsByModule, type ModuleLabs } from "./lab-status.ts";
import type { StatusFact } from "../../learner/progress.ts";
import { renderScreen } from "./watch-screen.ts";
import { learnerFile, type Workspace } from "./workspace.ts";

const DEBOUNCE_MS = 100;
const CLEAR = "\x1b[2J\x1b[3J\x1b[H";

export interface WatchInput {
  facts: StatusFact[];
  attempts: AttemptFact[];
}

export class WatchSession {
  private lab!: LabEntry;
  private grader?: WatchGrader;
  private watcher?: FSWatcher;
  private timer?: NodeJS.Timeout;
  private grading = false;
  private dirty = false;
  private stopped = false;
  private segmentStart = Date.now();
  private readonly timeByModule = new Map<string, { ms: number; startedAt: Date }>();
  private resolveDone!: () => void;
  readonly done = new Promise<void>((r) => {
    this.resolveDone = r;
  });

  constructor(
    private readonly c: CliContext,
    private readonly ws: Workspace,
    private readonly store: BriefStore,
    private readonly known: WatchInput,
  ) {}

  private modules(): ModuleLabs[] {
    return labsByModule(this.c.curriculum(), this.known.facts, this.known.attempts);
  }

  private file(lab = this.lab): string {
    return learnerFile(this.ws.root, lab);
  }

  private print(lines: string[]): void {
    for (const l of lines) this.c.out(l);
  }

  /** Starts on `lab`: grades it now, then on every save of its file. */
  async start(lab: LabEntry): Promise<void> {
    await this.switchTo(lab);
  }

  private async switchTo(lab: LabEntry): Promise<void> {
    this.closeLab();
    this.lab = lab;
    this.segmentStart = Date.now();
    this.grader = new WatchGrader(gradeOptions(lab, this.file()));
    const name = basename(this.file());
    this.watcher = watch(dirname(this.file()), (_event, changed) => {
      if (changed === null || changed.toString() === name) this.schedule();
    });
    this.watcher.on("error", () => undefined);
    await this.regrade();
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.regrade(), DEBOUNCE_MS);
  }

  private async regrade(): Promise<void> {
    if (this.stopped || !this.grader) return;
    if (this.grading) {
      this.dirty = true;
      return;
    }
    this.grading = true;
    const lab = this.lab;
    const hash = hashFile(this.file());
    let result: GradeResult;
    try {
      result = await this.grader.grade();
    } finally {
      this.grading = false;
    }
    if (this.stopped || lab !== this.lab) return;
    this.known.attempts.push({ labId: lab.id, verdict: result.verdict });
    this.show(result);
    // Recorded before "Waiting…" is printed, so that line means: idle, nothing held open.
    await this.store
      .use((s, learnerId) => recordAttempt(s, learnerId, lab.id, hash, result))
      .catch((e: unknown) => this.c.out(this.c.t("watch.storeBusy", { why: (e as Error).message })));
    if (this.stopped || lab !== this.lab) return;
    if (result.verdict === "pass") await this.advance(lab);
    else if (!this.dirty) this.c.out(this.c.t("watch.waiting", { file: this.fileShown() }));
    else {
      this.dirty = false;
      await this.regrade();
    }
  }

  private fileShown(): string {
    return relative(process.cwd(), this.file()) || this.file();
  }

  private show(result: GradeResult): void {
    const fileShown = this.fileShown();
    if (this.c.io.isTTY) this.c.out(CLEAR);
    else this.c.out("─".repeat(60));
    this.print(renderScreen({ lab: this.lab, fileShown, modules: this.modules(), result, lang: this.c.lang }, this.c.t.bind(this.c)));
    if (result.verdict === "pass") {
      this.c.out("");
      this.c.out(this.c.t("verify.pytorch"));
      for (const line of this.lab.pytorch.trimEnd().split("\n")) this.c.out(`  ${line}`);
    }
  }

  private async advance(passed: LabEntry): Promise<void> {
    const next = currentLab(this.modules());
    if (!next) {
      this.c.out(this.c.t("watch.finished", { lab: passed.id }));
      await this.stop();
      return;
    }
    this.c.out(this.c.t("watch.advance", { lab: passed.id, next: next.lab.id }));
    this.addTime();
    await this.switchTo(next.lab);
  }

  /** Shows the next hint of the current lab (the `h` key). */
  async hint(): Promise<void> {
    const lab = this.lab;
    const h = await this.store.use((s, id) => nextHint(s, id, lab, this.c.lang));
    if (h.kind === "none") this.c.out(this.c.t("hint.none", { lab: lab.id, total: h.total }));
    else this.c.out(this.c.t("hint.show", { lab: lab.id, n: h.n, total: h.total, text: h.text }));
  }

  private addTime(): void {
    if (!this.lab) return;
    const now = Date.now();
    const entry = this.timeByModule.get(this.lab.module) ?? { ms: 0, startedAt: new Date(this.segmentStart) };
    entry.ms += now - this.segmentStart;
    this.timeByModule.set(this.lab.module, entry);
    this.segmentStart = now;
  }

  private closeLab(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
    const g = this.grader;
    this.grader = undefined;
    void g?.dispose();
  }

  /** Leaves watch mode: stops watching, frees the grader, logs the time as lab study time (rounded up to minutes). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.addTime();
    this.stopped = true;
    this.closeLab();
    const sessions = [...this.timeByModule].map(([moduleId, t]) => ({ moduleId, minutes: Math.max(1, Math.ceil(t.ms / 60_000)), startedAt: t.startedAt }));
    try {
      await this.store.use(async (s, learnerId) => {
        for (const x of sessions) await s.addStudySession({ learnerId, moduleId: x.moduleId, kind: "lab", minutes: Math.min(x.minutes, 24 * 60), startedAt: x.startedAt, note: "llmpath watch" });
      });
      const minutes = sessions.reduce((a, x) => a + x.minutes, 0);
      this.c.out(this.c.t("watch.stopped", { minutes }));
    } finally {
      this.resolveDone();
    }
  }
}
