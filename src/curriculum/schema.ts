// Zod schemas for everything under content/: roadmap, modules, review cards, placement tests and labs.
import { z } from "zod";

const nonEmpty = (lang: string) => z.string({ error: `missing ${lang} text` }).trim().min(1, `empty ${lang} text`);

/** Every learner-facing text exists in both languages. */
export const Text = z.object({ en: nonEmpty("en"), zh: nonEmpty("zh") }, { error: "expected { en: ..., zh: ... }" }).strict();
export type Text = z.infer<typeof Text>;

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "ids are lowercase kebab-case, e.g. linear-algebra");

export const StageSchema = z
  .object({
    id,
    order: z.number().int().positive(),
    hours: z.number().int().positive(),
    title: Text,
    summary: Text,
    modules: z.array(id).min(1),
  })
  .strict();
export type Stage = z.infer<typeof StageSchema>;

export const RoadmapSchema = z.object({ stages: z.array(StageSchema).min(1) }).strict();

export const ModuleSchema = z
  .object({
    id,
    stage: id,
    hours: z.number().int().positive(),
    optional: z.boolean().default(false),
    prerequisites: z.array(id).default([]),
    title: Text,
    summary: Text,
    why_prerequisites: Text,
    objectives: z.array(Text).min(3, "at least 3 objectives per module"),
    topics: z.array(Text).min(1),
  })
  .strict();
export type ModuleDef = z.infer<typeof ModuleSchema>;

const cardBase = { id: z.string().min(1), front: Text, back: Text };
export const CardSchema = z.discriminatedUnion("kind", [
  z.object({ ...cardBase, kind: z.literal("recall") }).strict(),
  z.object({ ...cardBase, kind: z.literal("numeric"), answer: z.number(), tolerance: z.number().nonnegative() }).strict(),
  z
    .object({ ...cardBase, kind: z.literal("choice"), choices: z.array(Text).min(2), correct: z.number().int().nonnegative() })
    .strict()
    .refine((c) => c.correct < c.choices.length, { message: "correct is not an index into choices", path: ["correct"] }),
]);
export type Card = z.infer<typeof CardSchema>;
export const CardsFileSchema = z.object({ cards: z.array(CardSchema).min(1) }).strict();

const questionBase = { id: z.string().min(1), front: Text, back: Text.optional() };
export const PlacementQuestionSchema = z.discriminatedUnion("kind", [
  z.object({ ...questionBase, kind: z.literal("numeric"), answer: z.number(), tolerance: z.number().nonnegative() }).strict(),
  z
    .object({ ...questionBase, kind: z.literal("choice"), choices: z.array(Text).min(2), correct: z.number().int().nonnegative() })
    .strict()
    .refine((c) => c.correct < c.choices.length, { message: "correct is not an index into choices", path: ["correct"] }),
]);
export type PlacementQuestion = z.infer<typeof PlacementQuestionSchema>;
export const PlacementSchema = z
  .object({ pass_score: z.number().gt(0).max(1), questions: z.array(PlacementQuestionSchema).min(3) })
  .strict();
export type Placement = z.infer<typeof PlacementSchema>;

export const LabSchema = z
  .object({
    id,
    module: id,
    order: z.number().int().positive(),
    title: Text,
    summary: Text,
    objectives: z.array(Text).min(1),
    hints: z.array(Text).min(2, "at least 2 hints, from gentle to specific"),
    minutes: z.number().int().positive(),
    difficulty: z.enum(["intro", "core", "stretch"]),
    limits: z.object({ time_ms: z.number().int().positive(), memory_mb: z.number().int().positive() }).strict(),
    pytorch: z.string().min(1, "the PyTorch equivalent snippet shown after a pass"),
  })
  .strict();
export type LabDef = z.infer<typeof LabSchema>;

/** Files every lab folder must have. */
export const LAB_FILES = ["lab.yaml", "README.en.md", "README.zh.md", "starter.ts", "solution.ts", "lab.test.ts", "hidden.test.ts"] as const;
/** Files every module folder must have. */
export const MODULE_FILES = ["module.yaml", "notes.en.md", "notes.zh.md", "cards.yaml"] as const;
