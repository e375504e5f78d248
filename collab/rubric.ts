// Rubric items as the copy document and the scoring function see them. The full item (label,
// feedback, display order) lives in the server's rubric versions; collab needs what a mark is
// computed from: points, the optional "one item at most" group, and the item's revision.
//
// A revision is the number of the rubric version in which the item last changed (versions are
// numbered without reuse, even across undo). The doc stores, for each applied item, the revision
// the grader saw: the server refuses an application whose revision is not the current one
// (RUBRIC_STALE), so a grader never applies an item whose points changed under them.
import { z } from "zod";

export const RUBRIC_MODES = ["positive", "negative"] as const;
export type RubricMode = (typeof RUBRIC_MODES)[number];

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
export const RubricItemIdSchema = z.string().regex(ID_RE, "letters, digits, '_' or '-' (1–64)");
export const ITEM_POINTS_LIMIT = 1000;

export const RubricItemSpecSchema = z.strictObject({
  id: RubricItemIdSchema,
  points: z.number().refine((p) => Number.isFinite(p) && Math.abs(p) <= ITEM_POINTS_LIMIT, `a finite number within ±${ITEM_POINTS_LIMIT}`),
  /** items sharing a group are exclusive: at most one of them counts */
  group: z.string().min(1).max(64).nullable(),
  rev: z.number().int().min(1),
});
export type RubricItemSpec = z.infer<typeof RubricItemSpecSchema>;

export const QuestionRubricSchema = z.strictObject({
  /** positive: the mark starts at 0 and items add; negative: it starts at the max and items subtract */
  mode: z.enum(RUBRIC_MODES),
  /** points allowed above the question's max (0: bounded by the max) */
  bonusMax: z.number().min(0).max(ITEM_POINTS_LIMIT),
  /** in display order: a group conflict keeps the first one applied in this order */
  items: z.array(RubricItemSpecSchema).min(1),
});
export type QuestionRubric = z.infer<typeof QuestionRubricSchema>;

const SEP = "|";

/** The key of an applied item in the `items` root. */
export function itemKey(questionId: string, itemId: string): string {
  return `${questionId}${SEP}${itemId}`;
}

/** null when `key` is not "<questionId>|<itemId>" with an item id of the right form. */
export function parseItemKey(key: string): { questionId: string; itemId: string } | null {
  const at = key.lastIndexOf(SEP);
  if (at <= 0) return null;
  const questionId = key.slice(0, at);
  const itemId = key.slice(at + 1);
  if (!ID_RE.test(itemId) || questionId.includes(SEP)) return null;
  return { questionId, itemId };
}
