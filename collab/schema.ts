// The Yjs schema of one copy document (one Y.Doc per copy) and the zod schema of an
// annotation's plain form. Yjs v1 update encoding is used everywhere in collab/: the
// v2 encoding is never produced nor accepted, so every byte on the wire and in the
// database is readable by stock `Y.applyUpdate`.
//
// Layout of the doc:
//   annotations: Y.Map<id, Y.Map<field, plain JSON value>>  (fields of AnnotationFields)
//   scores:      Y.Map<questionId, number | null>
//   comments:    Y.Map<questionId, string>
//   general:     Y.Text (plain text, no formatting, no embeds)
//   items:       Y.Map<"<questionId>|<itemId>", rev>  rubric items applied (see rubric.ts)
//   adjust:      Y.Map<questionId, { points, comment }>  a signed point adjustment, comment required
//   checked:     Y.Map<questionId, true>  a rubric question graded with no item applied
//
// Scores of questions that have rubric items are never stored: the doc records what the
// grader decided (items, adjustment, "checked") and marks.ts derives the mark from the
// exam's CURRENT rubric, so a rubric change re-scores every copy without rewriting a doc.
// `scores` holds the typed score of questions without items, as before.
//
// Moderation layers (a second, blind marking) are separate documents with this same schema,
// never roots of this one: a Yjs sync cannot leave part of a document out, and a second marker
// must receive nothing of the first marking.
//
// Geometry is in normalized [0,1] page coordinates (x to the right, y downwards, origin at
// the top-left corner of the page), so it survives any rendering resolution.
// Strokes (pen, highlight) carry `points`; every other kind carries a `box`. Tick and
// cross use a box too (not a single point): the glyph is drawn to fill the box, so it
// can be resized like any other shape and the renderer needs no default size.
// A `mark` is where a question's score is written on the page (usually the margin): a box
// and a `questionId` of the scale, fixed at creation. Its text ("1.b  2,5 / 4") is NOT
// stored: readers derive it from `scores`, so it can never disagree with the score. Several
// marks may show the same question (a uniqueness rule could not hold under concurrent adds).
//
// Every rule below holds per field, so two concurrent valid edits always merge into a
// valid doc (Y.Map is last-writer-wins per key). That is why `pressures` is NOT required
// to have one entry per point: a concurrent points/pressures edit could break such a rule.
// Readers use pressures[i] for point i when present, 1 otherwise.
import { z } from "zod";

export const ANNOTATIONS_KEY = "annotations";
export const SCORES_KEY = "scores";
export const COMMENTS_KEY = "comments";
export const GENERAL_KEY = "general";
export const ITEMS_KEY = "items";
export const ADJUST_KEY = "adjust";
export const CHECKED_KEY = "checked";
export const TOP_LEVEL_KEYS = [ANNOTATIONS_KEY, SCORES_KEY, COMMENTS_KEY, GENERAL_KEY, ITEMS_KEY, ADJUST_KEY, CHECKED_KEY] as const;
export type TopLevelKey = (typeof TOP_LEVEL_KEYS)[number];
/** The roots that hold a grader's decisions on questions (what a mark is computed from). */
export const DECISION_KEYS: readonly TopLevelKey[] = [SCORES_KEY, ITEMS_KEY, ADJUST_KEY, CHECKED_KEY];

const TOP_LEVEL_SET: ReadonlySet<string> = new Set(TOP_LEVEL_KEYS);

/** The schema key a root name is, or null for a name outside the schema. */
export function topLevelKey(name: string): TopLevelKey | null {
  return TOP_LEVEL_SET.has(name) ? (name as TopLevelKey) : null;
}

export const LIMITS = Object.freeze({
  annotationTextChars: 2000,
  commentChars: 5000,
  generalChars: 20000,
  /** numbers in a flat points array, i.e. 2 × the number of points */
  pointCoords: 8192,
  /** pages per copy when the caller gives no pageCount */
  pages: 1000,
  maxWidth: 0.1,
  idChars: 64,
  authorChars: 128,
  /** as QuestionSpecSchema's id */
  questionIdChars: 128,
  /** an adjustment's comment */
  adjustCommentChars: 500,
  /** |points| of an adjustment */
  adjustPoints: 1000,
});

/** Tolerance for x + w ≤ 1 (floating-point sums such as 0.7 + 0.3). */
const EDGE_EPSILON = 1e-9;

export const STROKE_KINDS = ["pen", "highlight"] as const;
export const BOX_KINDS = ["text", "tick", "cross", "box", "stamp", "mark"] as const;
export const ANNOTATION_KINDS = [...STROKE_KINDS, ...BOX_KINDS] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];
export type StrokeKind = (typeof STROKE_KINDS)[number];
export type BoxKind = (typeof BOX_KINDS)[number];

const unit = z.number().min(0).max(1);

/** Numbers in [0,1], checked in one loop: points arrays are the bulk of a doc and a
 * per-element zod schema costs several times more. The output is a copy. */
function unitArray(maxLength: number) {
  return z
    .custom<number[]>((value) => Array.isArray(value), "expected an array of numbers")
    .superRefine((values, ctx) => {
      if (values.length > maxLength) {
        ctx.addIssue({ code: "custom", message: `at most ${maxLength} numbers` });
        return;
      }
      for (let i = 0; i < values.length; i++) {
        const v: unknown = values[i];
        if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
          ctx.addIssue({ code: "custom", path: [i], message: `must be a number within [0,1], got ${String(v)}` });
          return;
        }
      }
    })
    .transform((values) => values.slice());
}

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

export const AnnotationIdSchema = z.string().min(1).max(LIMITS.idChars).regex(ID_PATTERN, "letters, digits, '_' or '-' only");

export const PointsSchema = unitArray(LIMITS.pointCoords).refine((p) => p.length >= 2 && p.length % 2 === 0, "flat [x0,y0,x1,y1,…]: an even, non-zero count");

export const PressuresSchema = unitArray(LIMITS.pointCoords / 2);

export const BoxSchema = z
  .strictObject({ x: unit, y: unit, w: unit, h: unit })
  .refine((b) => b.x + b.w <= 1 + EDGE_EPSILON && b.y + b.h <= 1 + EDGE_EPSILON, "box must lie inside the page");
export type Box = z.infer<typeof BoxSchema>;

export const ColorSchema = z.string().regex(COLOR_PATTERN, "color must be #rrggbb");

const common = {
  id: AnnotationIdSchema,
  page: z
    .number()
    .int()
    .min(0)
    .max(LIMITS.pages - 1),
  color: ColorSchema,
  width: z.number().gt(0).max(LIMITS.maxWidth),
  author: z.string().min(1).max(LIMITS.authorChars),
  createdAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

const annotationText = z.string().max(LIMITS.annotationTextChars);

export const StrokeAnnotationSchema = z.strictObject({
  ...common,
  kind: z.enum(STROKE_KINDS),
  points: PointsSchema,
  pressures: PressuresSchema.optional(),
});

const STROKE_FIELDS: ReadonlySet<string> = new Set(["id", "page", "kind", "points", "pressures", "color", "width", "author", "createdAt"]);

function isUnitArray(value: unknown, maxLength: number): value is number[] {
  if (!Array.isArray(value) || value.length > maxLength) return false;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) return false;
  }
  return true;
}

const isString = (v: unknown, min: number, max: number): v is string => typeof v === "string" && v.length >= min && v.length <= max;
const isIntIn = (v: unknown, min: number, max: number): boolean => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/**
 * True only when `StrokeAnnotationSchema` accepts these fields, decided in one pass without zod
 * (the validator checks every pen stroke a grader sends; zod's parse also copies its points).
 * False for anything else, valid or not: the caller then asks the schema, which says what is wrong.
 * tests/unit/collab/stroke-fast-check.test.ts compares the two.
 */
export function isValidStrokeFields(f: Record<string, unknown>): boolean {
  for (const key in f) if (!STROKE_FIELDS.has(key)) return false;
  const { points, pressures, width } = f;
  return (
    (f.kind === "pen" || f.kind === "highlight") &&
    isString(f.id, 1, LIMITS.idChars) &&
    ID_PATTERN.test(f.id) &&
    isIntIn(f.page, 0, LIMITS.pages - 1) &&
    typeof f.color === "string" &&
    COLOR_PATTERN.test(f.color) &&
    typeof width === "number" &&
    width > 0 &&
    width <= LIMITS.maxWidth &&
    isString(f.author, 1, LIMITS.authorChars) &&
    isIntIn(f.createdAt, 0, Number.MAX_SAFE_INTEGER) &&
    isUnitArray(points, LIMITS.pointCoords) &&
    points.length >= 2 &&
    points.length % 2 === 0 &&
    (!("pressures" in f) || isUnitArray(pressures, LIMITS.pointCoords / 2))
  );
}

export const ShapeAnnotationSchema = z.strictObject({
  ...common,
  kind: z.enum(["tick", "cross", "box"]),
  box: BoxSchema,
});

export const TextAnnotationSchema = z.strictObject({
  ...common,
  kind: z.literal("text"),
  box: BoxSchema,
  text: annotationText,
});

/** A stamp's text is its label ("Très bien", "Voir barème"…); optional. */
export const StampAnnotationSchema = z.strictObject({
  ...common,
  kind: z.literal("stamp"),
  box: BoxSchema,
  text: annotationText.optional(),
});

/** A question's mark placed on the page; which ids exist is the validator's check (it has the scale). */
export const MarkAnnotationSchema = z.strictObject({
  ...common,
  kind: z.literal("mark"),
  box: BoxSchema,
  questionId: z.string().min(1).max(LIMITS.questionIdChars),
});

export const AnnotationSchema = z.discriminatedUnion("kind", [
  StrokeAnnotationSchema,
  ShapeAnnotationSchema,
  TextAnnotationSchema,
  StampAnnotationSchema,
  MarkAnnotationSchema,
]);

export type StrokeAnnotation = z.infer<typeof StrokeAnnotationSchema>;
export type ShapeAnnotation = z.infer<typeof ShapeAnnotationSchema>;
export type TextAnnotation = z.infer<typeof TextAnnotationSchema>;
export type StampAnnotation = z.infer<typeof StampAnnotationSchema>;
export type MarkAnnotation = z.infer<typeof MarkAnnotationSchema>;
export type Annotation = z.infer<typeof AnnotationSchema>;
/** What the nested Y.Map stores: the id is its key in `annotations`, not a field. */
export type AnnotationFields = DistributiveOmit<Annotation, "id">;
/** Fields an edit may change; kind, author, createdAt and a mark's questionId are fixed at creation. */
export type AnnotationPatch = Partial<{
  page: number;
  color: string;
  width: number;
  points: number[];
  pressures: number[] | undefined;
  box: Box;
  text: string | undefined;
}>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const ScoreValueSchema = z.number().min(0).nullable();
export const CommentSchema = z.string().max(LIMITS.commentChars);
export const GeneralCommentSchema = z.string().max(LIMITS.generalChars);

/** A signed adjustment of a question's mark, outside any rubric item; the comment says why. */
export const AdjustmentSchema = z.strictObject({
  points: z.number().refine((p) => Number.isFinite(p) && p !== 0 && Math.abs(p) <= LIMITS.adjustPoints, `a non-zero number within ±${LIMITS.adjustPoints}`),
  comment: z
    .string()
    .max(LIMITS.adjustCommentChars)
    .refine((c) => c.trim().length > 0, "an adjustment needs a comment"),
});
export type Adjustment = z.infer<typeof AdjustmentSchema>;

/** What a grader decided on the questions of a copy (the input of marks.ts). */
export interface CopyDecisions {
  /** typed scores (questions without rubric items) */
  scores: Record<string, number | null>;
  /** question id → applied item ids, in key order */
  items: Record<string, string[]>;
  adjust: Record<string, Adjustment>;
  /** question ids graded with no item ("nothing to add or remove") */
  checked: string[];
}

/** The plain JSON form of a whole copy document, as returned by readCopyDoc. */
export interface CopyDocContent {
  annotations: Annotation[];
  scores: Record<string, number | null>;
  comments: Record<string, string>;
  general: string;
  items: Record<string, string[]>;
  adjust: Record<string, Adjustment>;
  checked: string[];
}
