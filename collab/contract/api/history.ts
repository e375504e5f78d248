// A copy's history (docs/history.md): the timeline of its stored changes, its state at one moment,
// who last set a question's mark.
import { z } from "zod";
import { Id, IdParam, IsoDateTime, STAFF } from "../common.ts";
import { route } from "./route.ts";

export const TimelineQuery = z.strictObject({
  /** only the changes of this person */
  author: z.uuid().optional(),
  /** only the changes touching this question */
  question: z.string().min(1).max(128).optional(),
});

/** A moment: a change's seq, or a time (the last change at or before it). */
export const StateQuery = z
  .strictObject({
    seq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
    /** only this page's annotations (the desk shows one page); all pages when absent */
    page: z.coerce.number().int().min(0).max(999).optional(),
    /** yjs: the document's state (base64 Yjs update) instead of its plain content, for the desk to draw */
    format: z.enum(["json", "yjs"]).optional(),
  })
  .refine((q) => (q.seq === undefined) !== (q.at === undefined), { message: "give exactly one of seq or at" });

export const WhoQuery = z.strictObject({ question: z.string().min(1).max(128) });

export const HistoryChange = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  /** the author's user id (null: a deleted account) */
  by: Id.nullable(),
  /** desk | question | reopen */
  origin: z.string(),
  /** questions changed */
  q: z.array(z.string()),
  /** roots changed: annotations, scores, items, adjust, checked, comments, general */
  k: z.array(z.string()),
  /** kinds of the annotations added or edited */
  a: z.array(z.string()),
  /** the rubric version in force */
  r: z.number().int().nullable(),
});
export type HistoryChange = z.infer<typeof HistoryChange>;

export const HistoryAuthor = z.object({ id: Id, displayName: z.string(), role: z.string() });
export type HistoryAuthor = z.infer<typeof HistoryAuthor>;

export const Timeline = z.object({
  copyId: Id,
  createdAt: IsoDateTime,
  authors: z.array(HistoryAuthor),
  changes: z.array(HistoryChange),
});
export type Timeline = z.infer<typeof Timeline>;

const Adjustment = z.object({ points: z.number(), comment: z.string() });

/** One question's mark as the scoring function computes it (collab/marks.ts). */
export const Mark = z.object({
  questionId: z.string(),
  /** null: not graded yet */
  score: z.number().nullable(),
  max: z.number(),
  source: z.enum(["typed", "rubric"]).nullable(),
  applied: z.array(z.object({ id: z.string(), points: z.number() })),
  ignored: z.array(z.object({ id: z.string(), reason: z.enum(["unknown", "group"]) })),
  adjustment: Adjustment.nullable(),
  raw: z.number().nullable(),
  clipped: z.enum(["low", "high"]).nullable(),
});

export const CopyMarks = z.object({ marks: z.array(Mark), total: z.number(), max: z.number(), unscored: z.array(z.string()) });

/**
 * An annotation as the copy document holds it (collab/schema.ts's AnnotationSchema, which checks each
 * kind's fields: stroke points, a box, a text, a mark's question); here its common fields only.
 */
const Annotation = z.looseObject({
  id: z.string(),
  kind: z.enum(["pen", "highlight", "tick", "cross", "box", "text", "stamp", "mark"]),
  page: z.number().int(),
  color: z.string(),
  width: z.number(),
  author: z.string(),
  /** epoch ms */
  createdAt: z.number().int(),
});

/** The plain JSON form of a copy document (collab's readCopyDoc). */
export const CopyDocContent = z.object({
  annotations: z.array(Annotation),
  scores: z.record(z.string(), z.number().nullable()),
  comments: z.record(z.string(), z.string()),
  general: z.string(),
  items: z.record(z.string(), z.array(z.string())),
  adjust: z.record(z.string(), Adjustment),
  checked: z.array(z.string()),
});

export const CopyStateAt = z.object({
  /** the last change applied (0: before the first change) */
  seq: z.number().int(),
  /** when that change was stored (the copy's creation for seq 0) */
  at: IsoDateTime,
  /** format json (the default): the document's content */
  content: CopyDocContent.optional(),
  /** format yjs: the document at that moment, a base64 Yjs update */
  state: z.string().optional(),
  marks: CopyMarks,
  rubricVersion: z.number().int().nullable(),
});
export type CopyStateAt = z.infer<typeof CopyStateAt>;

export const WhoSet = z.object({
  questionId: z.string(),
  /** null: nobody ever changed this question */
  change: HistoryChange.extend({ author: HistoryAuthor.nullable() }).nullable(),
  before: z.number().nullable(),
  after: z.number().nullable(),
  /** changes to this question in all */
  changes: z.number().int(),
});
export type WhoSet = z.infer<typeof WhoSet>;

export const historyApi = {
  timeline: route({
    method: "GET",
    path: "/api/copies/:id/history",
    summary: "Every stored change of a copy, oldest first, without their bytes; filtered by author or question",
    access: STAFF,
    params: IdParam,
    query: TimelineQuery,
    response: Timeline,
    errors: ["NOT_FOUND"],
  }),
  stateAt: route({
    method: "GET",
    path: "/api/copies/:id/history/state",
    summary: "The copy at one change (seq) or one moment (at): its content or its Yjs state, and its marks",
    access: STAFF,
    params: IdParam,
    query: StateQuery,
    response: CopyStateAt,
    errors: ["NOT_FOUND", "BEFORE_COPY_EXISTED"],
  }),
  whoSet: route({
    method: "GET",
    path: "/api/copies/:id/history/who",
    summary: "Who last changed a question's mark, when, and the mark just before and after",
    access: STAFF,
    params: IdParam,
    query: WhoQuery,
    response: WhoSet,
    errors: ["NOT_FOUND"],
  }),
};
