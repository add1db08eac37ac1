// `llmpath placement [--module id] [--answers a,42,...]`: short diagnostics for stage-1 and stage-2 modules;
// a pass credits the module (done, origin credited), so the plan shrinks.
import type { Command } from "commander";
import type { Placement } from "../../curriculum/index.ts";
import { checkAnswer, choiceLetter } from "../../learner/answers.ts";
import { gradePlacement, placementFor, placementModules } from "../../learner/placement.ts";
import { recordPlacement } from "../../store/learner-repo.ts";
import type { CliContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { loadFacts } from "../progress.ts";
import { localised, terminalPrompt } from "./_learner.ts";

interface PlacementOptions {
  module?: string;
  answers?: string;
  json?: boolean;
}

const expectedText = (c: CliContext, q: Placement["questions"][number]) =>
  q.kind === "choice" ? `${choiceLetter(q.correct)}) ${q.choices[q.correct]![c.lang]}` : q.tolerance ? `${q.answer} ± ${q.tolerance}` : String(q.answer);

/** Asks every question on the terminal; null when the learner quits. */
async function askAll(c: CliContext, id: string, p: Placement): Promise<string[] | null> {
  const io = terminalPrompt(c);
  try {
    io.say(c.t("placement.intro", { id, count: p.questions.length, pass: Math.round(p.pass_score * 100) }));
    const answers: string[] = [];
    for (const [i, q] of p.questions.entries()) {
      io.say("");
      io.say(c.t("placement.question", { n: i + 1, total: p.questions.length }));
      io.say(q.front[c.lang]);
      if (q.kind === "choice") for (const [k, ch] of q.choices.entries()) io.say(`  ${choiceLetter(k)}) ${ch[c.lang]}`);
      const last = q.kind === "choice" ? choiceLetter(q.choices.length - 1) : "";
      for (;;) {
        const a = await io.ask(q.kind === "choice" ? c.t("placement.promptChoice", { last }) : c.t("placement.promptNumber"));
        if (a === null || ["q", "quit", "exit"].includes(a.trim().toLowerCase())) return null;
        if (checkAnswer(q, a).status !== "unreadable") {
          answers.push(a.trim());
          break;
        }
        io.say(q.kind === "choice" ? c.t("review.choiceRetry", { last }) : c.t("review.numberRetry"));
      }
    }
    return answers;
  } finally {
    io.close();
  }
}

export function register(program: Command, ctx: () => CliContext): void {
  program
    .command("placement")
    .description("test out of stage-1 and stage-2 modules you already know; a pass credits the module")
    .option("--module <id>", "the module to test")
    .option("--answers <list>", "answers without prompting, comma-separated, one per question (e.g. a,98368,3.742)")
    .option("--json", "print JSON")
    .action(
      localised(ctx, async (c, opts: PlacementOptions) => {
        const cur = c.curriculum();
        const facts = await loadFacts(c);
        if (!opts.module) {
          const mods = placementModules(cur, facts);
          if (opts.json) return c.json({ modules: mods });
          if (!mods.length) return c.out(c.t("placement.noneAvailable"));
          c.out(c.t("placement.header"));
          for (const m of mods) c.out(c.t("placement.line", { mark: m.finished ? "✓" : "○", id: m.id, questions: m.questions, hours: m.hours }));
          return c.out(c.t("placement.howto"));
        }
        const p = placementFor(cur, opts.module);
        const id = opts.module;
        if (facts.some((f) => f.moduleId === id && (f.status === "done" || f.status === "skipped"))) {
          if (opts.json) return c.json({ moduleId: id, already: true });
          return c.out(c.t("placement.already", { id }));
        }
        let answers: string[] | null;
        if (opts.answers !== undefined) answers = opts.answers.split(",").map((s) => s.trim());
        else if (opts.json) {
          const questions = p.questions.map((q) => ({ id: q.id, kind: q.kind, front: q.front[c.lang], choices: q.kind === "choice" ? q.choices.map((x) => x[c.lang]) : undefined }));
          return c.json({ moduleId: id, passScore: p.pass_score, questions, answerWith: `llmpath placement --module ${id} --answers <a,b,...>` });
        } else if (!c.io.isTTY) throw new UserError(c.t("placement.noTty", { id }));
        else answers = await askAll(c, id, p);
        if (answers === null) return c.out(c.t("placement.quit"));
        const result = gradePlacement(id, p, answers);
        await recordPlacement(await c.store(), await c.learnerId(), { moduleId: id, correct: result.correct, total: result.total, score: result.score, passed: result.passed, answers });
        if (opts.json) return c.json({ ...result, credited: result.passed });
        for (const [i, q] of result.questions.entries()) c.out(c.t(`placement.result.${q.result}`, { id: q.id, answer: q.answer, expected: expectedText(c, p.questions[i]!) }));
        const params = { id, correct: result.correct, total: result.total, score: Math.round(result.score * 100), pass: Math.round(result.passScore * 100), hours: cur.modules.get(id)!.hours };
        c.out(result.passed ? c.t("placement.passed", params) : c.t("placement.failed", params));
      }),
    );
}
