// Placement: which modules offer a diagnostic (stages 1 and 2), grading answers, and what a pass credits.
import type { Curriculum, Placement, PlacementQuestion } from "../curriculum/index.ts";
import { type CheckResult, checkAnswer } from "./answers.ts";
import { LearnerError } from "./errors.ts";
import type { StatusFact } from "./progress.ts";

/** Placement covers the first two stages: the maths and the model internals a programmer may already know. */
export const PLACEMENT_STAGES = 2;

export interface QuestionResult {
  id: string;
  kind: PlacementQuestion["kind"];
  answer: string;
  result: CheckResult["status"];
  /** the expected answer: the number, or the zero-based correct choice */
  expected: number;
}

export interface PlacementResult {
  moduleId: string;
  correct: number;
  total: number;
  score: number;
  passScore: number;
  passed: boolean;
  questions: QuestionResult[];
}

/** Modules with a placement test in the placement stages, in learning order, with whether each is already finished. */
export function placementModules(c: Curriculum, facts: readonly StatusFact[]): { id: string; stage: string; hours: number; finished: boolean; questions: number }[] {
  const finished = new Set(facts.filter((f) => f.status === "done" || f.status === "skipped").map((f) => f.moduleId));
  return c.stages.slice(0, PLACEMENT_STAGES).flatMap((s) =>
    s.modules
      .map((id) => c.modules.get(id)!)
      .filter((m) => m?.placement)
      .map((m) => ({ id: m.id, stage: s.id, hours: m.hours, finished: finished.has(m.id), questions: m.placement!.questions.length })),
  );
}

/** The placement test of a module, or a LearnerError saying why there is none. */
export function placementFor(c: Curriculum, moduleId: string): Placement {
  const m = c.modules.get(moduleId);
  if (!m) throw new LearnerError("placement.unknownModule", { id: moduleId });
  const stage = c.stages.findIndex((s) => s.id === m.stage);
  if (stage >= PLACEMENT_STAGES) throw new LearnerError("placement.notOffered", { id: moduleId, stages: c.stages.slice(0, PLACEMENT_STAGES).map((s) => s.id).join(", ") });
  if (!m.placement) throw new LearnerError("placement.none", { id: moduleId });
  return m.placement;
}

/** Grades every answer (one per question, in order). Unreadable answers count as wrong. */
export function gradePlacement(moduleId: string, placement: Placement, answers: readonly string[]): PlacementResult {
  if (answers.length !== placement.questions.length) throw new LearnerError("placement.answerCount", { id: moduleId, expected: placement.questions.length, given: answers.length });
  const questions = placement.questions.map((q, i): QuestionResult => {
    const r = checkAnswer(q, answers[i]!);
    return { id: q.id, kind: q.kind, answer: answers[i]!, result: r.status, expected: q.kind === "numeric" ? q.answer : q.correct };
  });
  const correct = questions.filter((q) => q.result === "correct").length;
  const score = correct / questions.length;
  return { moduleId, correct, total: questions.length, score: Math.round(score * 1000) / 1000, passScore: placement.pass_score, passed: score >= placement.pass_score - 1e-9, questions };
}
