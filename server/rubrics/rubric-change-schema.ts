// A rubric change set as the editor sends it: the base version it was made on (optimistic
// concurrency), the full rubric of each question it changes (items in display order; an item
// without id is new) and, optionally, new max points of leaves (a scale change after grading
// started goes through the same preview/apply path).
import { z } from "zod";
import { ITEM_POINTS_LIMIT, RUBRIC_MODES, RubricItemIdSchema } from "../../collab/index.ts";
import { RUBRIC_LIMITS } from "./rubric-content.ts";

const finitePoints = z.number().refine((p) => Number.isFinite(p) && Math.abs(p) <= ITEM_POINTS_LIMIT, `a finite number within ±${ITEM_POINTS_LIMIT}`);
const hasTwoDecimalsAtMost = (x: number) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

export const RubricItemInput = z.strictObject({
  /** absent: a new item (the server gives it a stable id) */
  id: RubricItemIdSchema.optional(),
  label: z.string().trim().min(1).max(RUBRIC_LIMITS.labelChars),
  points: finitePoints,
  feedback: z
    .string()
    .trim()
    .max(RUBRIC_LIMITS.feedbackChars)
    .nullish()
    .transform((f) => (f ? f : null)),
  group: z
    .string()
    .trim()
    .max(RUBRIC_LIMITS.groupChars)
    .nullish()
    .transform((g) => (g ? g : null)),
});
export type RubricItemInput = z.infer<typeof RubricItemInput>;

export const QuestionRubricInput = z.strictObject({
  mode: z.enum(RUBRIC_MODES),
  bonusMax: z.number().refine((b) => Number.isFinite(b) && b >= 0 && b <= ITEM_POINTS_LIMIT, `a finite number within 0–${ITEM_POINTS_LIMIT}`),
  items: z.array(RubricItemInput).max(RUBRIC_LIMITS.itemsPerQuestion),
});
export type QuestionRubricInput = z.infer<typeof QuestionRubricInput>;

const QuestionId = z.string().min(1).max(128);

export const RubricChangeInput = z.strictObject({
  /** the rubric version the change was made on: apply refuses with RUBRIC_STALE when it moved */
  baseVersion: z.number().int().min(0),
  /** question → its whole new rubric; questions left out keep theirs */
  questions: z.record(QuestionId, QuestionRubricInput).default({}),
  /** leaf → new max points */
  maxPoints: z
    .record(
      QuestionId,
      z.number().refine((m) => Number.isFinite(m) && m > 0 && m <= 9999.99 && hasTwoDecimalsAtMost(m), "max points > 0, below 10000, at most 2 decimals"),
    )
    .default({}),
});
export type RubricChangeInput = z.infer<typeof RubricChangeInput>;

export const RubricUndoInput = z.strictObject({ baseVersion: z.number().int().min(1) });
export type RubricUndoInput = z.infer<typeof RubricUndoInput>;
