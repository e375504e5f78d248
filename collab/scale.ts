// The grading-scale view collab needs: the leaves of the exam's scale, i.e. the questions
// that carry a mark, each with the current rubric when it has items. The server flattens its
// GradingScale tree and current rubric version into this shape.
import { z } from "zod";
import { QuestionRubricSchema } from "./rubric.ts";

export const QuestionSpecSchema = z.strictObject({
  id: z.string().min(1).max(128),
  maxPoints: z.number().positive(),
  label: z.string().optional(),
  /** present when the question has rubric items: its mark is then derived (marks.ts) */
  rubric: QuestionRubricSchema.optional(),
});
export type QuestionSpec = z.infer<typeof QuestionSpecSchema>;

export const ScaleSpecSchema = z
  .strictObject({ questions: z.array(QuestionSpecSchema), rubricVersion: z.number().int().min(0).optional() })
  .refine((s) => new Set(s.questions.map((q) => q.id)).size === s.questions.length, "question ids must be unique");
export type ScaleSpec = z.infer<typeof ScaleSpecSchema>;

/** The highest total a copy can get on this scale (bonus points aside). */
export function scaleMax(scale: ScaleSpec): number {
  return roundScore(scale.questions.reduce((sum, q) => sum + q.maxPoints, 0));
}

/** Question id → spec, for O(1) look-ups while validating. */
export function questionIndex(scale: ScaleSpec): ReadonlyMap<string, QuestionSpec> {
  return new Map(scale.questions.map((q) => [q.id, q]));
}

/** Sums of fractional points (0.1 + 0.2) must not show as 0.30000000000000004. */
export function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
