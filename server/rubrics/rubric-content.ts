// The content of a rubric version (RubricVersion.content): per question, the scoring mode, the
// bonus allowed above the max and the items in display order. What collab's scoring needs is
// derived from it (rubricSpecOf); labels and feedback are for the desk, the PDF and the portal.
import { z } from "zod";
import * as contract from "../../collab/contract/api/rubrics.ts";
import { ITEM_POINTS_LIMIT, RUBRIC_MODES, RubricItemIdSchema, type QuestionRubric } from "../../collab/index.ts";

const { RUBRIC_LIMITS } = contract;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** the contract restates collab's item limit and modes: they must agree */
const contractAgrees: Same<typeof ITEM_POINTS_LIMIT, typeof contract.ITEM_POINTS_LIMIT> &
  Same<(typeof RUBRIC_MODES)[number], (typeof contract.RUBRIC_MODES)[number]> = true;
void contractAgrees;

export const RubricItemSchema = z.strictObject({
  id: RubricItemIdSchema,
  label: z.string().trim().min(1).max(RUBRIC_LIMITS.labelChars),
  points: z.number().refine((p) => Number.isFinite(p) && Math.abs(p) <= ITEM_POINTS_LIMIT, `a finite number within ±${ITEM_POINTS_LIMIT}`),
  /** shown to the student under the item */
  feedback: z.string().max(RUBRIC_LIMITS.feedbackChars).nullable(),
  /** items sharing a group: one at most */
  group: z.string().trim().min(1).max(RUBRIC_LIMITS.groupChars).nullable(),
  /** number of the version that last changed this item */
  rev: z.number().int().min(1),
});
export type RubricItem = z.infer<typeof RubricItemSchema>;

export const QuestionRubricContentSchema = z.strictObject({
  mode: z.enum(RUBRIC_MODES),
  bonusMax: z.number().min(0).max(ITEM_POINTS_LIMIT),
  /** display order */
  items: z.array(RubricItemSchema).max(RUBRIC_LIMITS.itemsPerQuestion),
});
export type QuestionRubricContent = z.infer<typeof QuestionRubricContentSchema>;

export const RubricContentSchema = z.strictObject({
  /** question (scale leaf) id → its rubric; a question absent or with no items is typed */
  questions: z.record(z.string(), QuestionRubricContentSchema),
  /** the leaves' max points when this version was made (a max change is a rubric change) */
  maxPoints: z.record(z.string(), z.number().positive()),
});
export type RubricContent = z.infer<typeof RubricContentSchema>;

export const EMPTY_RUBRIC: RubricContent = Object.freeze({ questions: {}, maxPoints: {} }) as RubricContent;

/** What the scoring function needs of a question's rubric; undefined when it has no item. */
export function rubricSpecOf(content: RubricContent, questionId: string): QuestionRubric | undefined {
  const q = Object.hasOwn(content.questions, questionId) ? content.questions[questionId] : undefined;
  if (!q || q.items.length === 0) return undefined;
  return { mode: q.mode, bonusMax: q.bonusMax, items: q.items.map((i) => ({ id: i.id, points: i.points, group: i.group, rev: i.rev })) };
}

/** Parses a stored content; a row that does not parse is a server bug, not user input. */
export function parseRubricContent(json: unknown): RubricContent {
  return RubricContentSchema.parse(json);
}
