import { describe, expect, it } from "vitest";
import type { Placement } from "../curriculum/index.ts";
import { checkAnswer, parseChoice, parseNumber } from "./answers.ts";
import { LearnerError } from "./errors.ts";
import { makeCurriculum } from "./fixtures.ts";
import { gradePlacement, placementFor, placementModules } from "./placement.ts";

const t = (s: string) => ({ en: s, zh: s });
const test: Placement = {
  pass_score: 0.75,
  questions: [
    { id: "q1", kind: "choice", front: t("shape?"), choices: [t("(4,3,2)"), t("(4,5,5)"), t("(3,2)")], correct: 0 },
    { id: "q2", kind: "numeric", front: t("values?"), answer: 98368, tolerance: 0 },
    { id: "q3", kind: "numeric", front: t("error?"), answer: 3.742, tolerance: 0.001 },
    { id: "q4", kind: "choice", front: t("which?"), choices: [t("a"), t("b")], correct: 1 },
  ],
};
const c = makeCurriculum([
  { id: "s1", modules: [{ id: "la", hours: 50, placement: test }, { id: "prob", hours: 50 }] },
  { id: "s2", modules: [{ id: "attn", hours: 100, placement: test }] },
  { id: "s3", modules: [{ id: "dist", hours: 100, placement: test }] },
]);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof LearnerError ? e.code : "other";
  }
  return "none";
};

describe("answers", () => {
  it("reads choices by letter or number", () => {
    expect([parseChoice("a", 3), parseChoice(" B ", 3), parseChoice("3", 3), parseChoice("d", 3), parseChoice("0", 3), parseChoice("x1", 3)]).toEqual([0, 1, 2, undefined, undefined, undefined]);
  });
  it("reads numbers in the forms people type", () => {
    expect([parseNumber("98,368"), parseNumber("1/4"), parseNumber("1e-3"), parseNumber("-.5"), parseNumber("50%"), parseNumber("1/0"), parseNumber("3.7.4"), parseNumber("")]).toEqual([
      98368, 0.25, 0.001, -0.5, 0.5, undefined, undefined, undefined,
    ]);
  });
  it("checks numeric answers against the stated tolerance", () => {
    const q = { kind: "numeric" as const, answer: 3.742, tolerance: 0.001 };
    expect(checkAnswer(q, "3.743").status).toBe("correct");
    expect(checkAnswer(q, "3.744").status).toBe("wrong");
    expect(checkAnswer(q, "three").status).toBe("unreadable");
  });
});

describe("placement", () => {
  it("offers tests only in stages 1 and 2, for modules that have one", () => {
    expect(placementModules(c, [{ moduleId: "la", status: "done", origin: "credited" }])).toEqual([
      { id: "la", stage: "s1", hours: 50, finished: true, questions: 4 },
      { id: "attn", stage: "s2", hours: 100, finished: false, questions: 4 },
    ]);
    expect(code(() => placementFor(c, "dist"))).toBe("placement.notOffered");
    expect(code(() => placementFor(c, "prob"))).toBe("placement.none");
    expect(code(() => placementFor(c, "nope"))).toBe("placement.unknownModule");
  });
  it("passes at the pass score: 3 of 4 at 0.75", () => {
    const r = gradePlacement("la", test, ["a", "98368", "3.7415", "a"]);
    expect(r).toMatchObject({ correct: 3, total: 4, score: 0.75, passed: true });
    expect(r.questions.map((q) => q.result)).toEqual(["correct", "correct", "correct", "wrong"]);
  });
  it("fails below it; unreadable answers count as wrong", () => {
    const r = gradePlacement("la", test, ["c", "98369", "?", "b"]);
    expect(r).toMatchObject({ correct: 1, passed: false });
    expect(r.questions[2]!.result).toBe("unreadable");
  });
  it("refuses the wrong number of answers", () => {
    expect(code(() => gradePlacement("la", test, ["a"]))).toBe("placement.answerCount");
  });
});
