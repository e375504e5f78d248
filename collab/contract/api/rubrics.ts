// The rubrics of an exam: read the current version, preview a change set (read only), apply it as a
// new version, undo the last one. Max points of leaves travel in the change set too.
import { z } from "zod";
import { CopyState, Id, IdParam, MANAGERS, STAFF } from "../common.ts";
import { route } from "./route.ts";

export const RUBRIC_LIMITS = Object.freeze({ labelChars: 200, feedbackChars: 2000, groupChars: 64, itemsPerQuestion: 40 });

// The contract imports nothing of collab's core: these restate collab/rubric.ts (server/rubrics/
// rubric-content.ts fails the type check when they disagree).
export const RUBRIC_MODES = ["positive", "negative"] as const;
export const RubricMode = z.enum(RUBRIC_MODES);
export const ITEM_POINTS_LIMIT = 1000;
export const RubricItemIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, '_' or '-' (1–64)");

// ── requests: a change set is the base version it was made on (optimistic concurrency), the full
// rubric of each question it changes (items in display order; an item without id is new) and,
// optionally, new max points of leaves ──

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
export type RubricItemInput = z.output<typeof RubricItemInput>;

export const QuestionRubricInput = z.strictObject({
  mode: RubricMode,
  bonusMax: z.number().refine((b) => Number.isFinite(b) && b >= 0 && b <= ITEM_POINTS_LIMIT, `a finite number within 0–${ITEM_POINTS_LIMIT}`),
  items: z.array(RubricItemInput).max(RUBRIC_LIMITS.itemsPerQuestion),
});
export type QuestionRubricInput = z.output<typeof QuestionRubricInput>;

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
export type RubricChangeInput = z.output<typeof RubricChangeInput>;

export const RubricUndoInput = z.strictObject({ baseVersion: z.number().int().min(1) });
export type RubricUndoInput = z.output<typeof RubricUndoInput>;

// ── answers ──

export const RubricItem = z.object({
  id: z.string(),
  label: z.string(),
  points: z.number(),
  /** shown to the student under the item */
  feedback: z.string().nullable(),
  /** items sharing a group: one at most counts */
  group: z.string().nullable(),
  /** number of the version that last changed this item (a grader applies an item with this revision) */
  rev: z.number().int(),
});
export type RubricItem = z.infer<typeof RubricItem>;

export const QuestionRubric = z.object({
  mode: RubricMode,
  bonusMax: z.number(),
  /** display order */
  items: z.array(RubricItem),
});
export type QuestionRubric = z.infer<typeof QuestionRubric>;

export const Rubric = z.object({
  examId: Id,
  /** 0: no rubric yet */
  version: z.number().int(),
  /** the version undo would restore; null: nothing to undo */
  parentNumber: z.number().int().nullable(),
  /** question (scale leaf) id → its rubric; a question absent or with no items is typed */
  questions: z.record(z.string(), QuestionRubric),
});
export type Rubric = z.infer<typeof Rubric>;

export const PreviewCopy = z.object({
  copyId: Id,
  /** the anonymous code */
  code: z.string(),
  state: CopyState,
  released: z.boolean(),
  before: z.number(),
  after: z.number(),
  maxBefore: z.number(),
  maxAfter: z.number(),
  /** the grade boundaries between the old and the new total */
  crossed: z.array(z.number()),
  /** items applied on this copy that the new rubric ignores because another item of their group counts */
  groupIgnored: z.array(z.object({ questionId: z.string(), itemId: z.string() })),
});
export type PreviewCopy = z.infer<typeof PreviewCopy>;

export const RubricPreview = z.object({
  examId: Id,
  baseVersion: z.number().int(),
  boundaries: z.array(z.number()),
  /** copies holding at least one decision */
  copiesWithDecisions: z.number().int(),
  /** copies whose total changes */
  changed: z.number().int(),
  crossing: z.number().int(),
  /** among the changed copies: GRADED (their PDF is rendered again on apply), already released */
  graded: z.number().int(),
  released: z.number().int(),
  /** copies where a group "one at most" now holds two applied items: the first in the rubric's order counts */
  groupConflicts: z.number().int(),
  maxChanges: z.array(z.object({ questionId: z.string(), from: z.number(), to: z.number() })),
  /** the changed copies, in copy order */
  copies: z.array(PreviewCopy),
});
export type RubricPreview = z.infer<typeof RubricPreview>;

export const RubricChangeResult = z.object({
  /** the new version's number */
  version: z.number().int(),
  /** GRADED copies whose PDF is rendered again */
  rerendered: z.number().int(),
  preview: RubricPreview,
  rubric: Rubric,
});
export type RubricChangeResult = z.infer<typeof RubricChangeResult>;

const CHANGE_ERRORS = ["FORBIDDEN", "NOT_FOUND", "RUBRIC_STALE", "RUBRIC_UNCHANGED", "UNKNOWN_QUESTION", "UNKNOWN_ITEM", "RUBRIC_GROUP_INVALID"] as const;

export const rubricsApi = {
  getRubric: route({
    method: "GET",
    path: "/api/exams/:id/rubric",
    summary: "The exam's current rubric: its version and, per question, the mode, bonus and items in display order",
    access: STAFF,
    params: IdParam,
    response: z.object({ rubric: Rubric }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  previewRubric: route({
    method: "POST",
    path: "/api/exams/:id/rubric/preview",
    summary: "What applying a change set would do (read only): the copies whose total changes, boundary crossings, graded and released ones",
    access: MANAGERS,
    params: IdParam,
    body: RubricChangeInput,
    response: z.object({ preview: RubricPreview }),
    errors: [...CHANGE_ERRORS],
  }),
  applyRubric: route({
    method: "POST",
    path: "/api/exams/:id/rubric/apply",
    summary: "Apply a change set as a new rubric version: copies re-scored, graded ones rendered again (max points need the office)",
    access: MANAGERS,
    params: IdParam,
    body: RubricChangeInput,
    response: RubricChangeResult,
    errors: [...CHANGE_ERRORS, "INVALID_STATE"],
  }),
  undoRubric: route({
    method: "POST",
    path: "/api/exams/:id/rubric/undo",
    summary: "Undo the last rubric version: a new version equal to its parent (the max points it moved go back too)",
    access: MANAGERS,
    params: IdParam,
    body: RubricUndoInput,
    response: RubricChangeResult,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "RUBRIC_STALE", "NOTHING_TO_UNDO"],
  }),
};
