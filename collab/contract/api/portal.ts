// The student portal: one's released copies, one copy as its last released version (marks per
// question with the rubric items and their feedback, comments, the PDF), what changed between the
// released versions, and the PDF of each. Another student's copy or an unreleased one answers
// NOT_FOUND, like an id never issued; staff are refused (FORBIDDEN).
import { z } from "zod";
import { Id, IdParam, IsoDateTime } from "../common.ts";
import { route } from "./route.ts";

/** a released version's number: 1, 2, … (as typed in a URL: no sign, no decimals, no leading zero) */
export const VersionNumber = z.string().regex(/^[1-9][0-9]{0,8}$/, "expected a version number (1, 2, …)");
export const PdfQuery = z.strictObject({ download: z.enum(["1", "0"]).optional() });
export const ChangesQuery = z.strictObject({ from: VersionNumber.transform(Number).optional() });
export const VersionPdfParams = z.strictObject({ id: z.uuid(), n: VersionNumber });

/** a calendar day, YYYY-MM-DD */
const Day = z.iso.date();
const PdfLinks = z.object({ url: z.string(), downloadUrl: z.string(), sizeBytes: z.number().int() });

export const PortalCopySummary = z.object({
  id: Id,
  exam: z.object({ id: Id, title: z.string(), subject: z.string().nullable(), examDate: Day.nullable() }),
  anonymousCode: z.string(),
  /** when the version shown was released */
  releasedAt: IsoDateTime,
  /** the released version shown (1, 2, …); null for a copy released before versions existed */
  version: z.number().int().nullable(),
  total: z.number(),
  maxPoints: z.number(),
});
export type PortalCopySummary = z.infer<typeof PortalCopySummary>;

export const ScoreItem = z.object({
  label: z.string(),
  points: z.number(),
  /** shown to the student under the item */
  feedback: z.string().nullable(),
});
export type ScoreItem = z.infer<typeof ScoreItem>;

const Adjustment = z.object({ points: z.number(), comment: z.string() });

/** A line of the score sheet: an exercise (group, the sum of its questions) or a question. */
export const ScoreRow = z.object({
  /** 0 for an exercise, 1 for its questions, … */
  depth: z.number().int(),
  label: z.string(),
  group: z.boolean(),
  points: z.number().nullable(),
  max: z.number().nullable(),
  comment: z.string().optional(),
  /** rubric items applied to the question, in the rubric's order */
  items: z.array(ScoreItem).optional(),
  adjustment: Adjustment.optional(),
});
export type ScoreRow = z.infer<typeof ScoreRow>;

/** One question of a released copy: the mark, the rubric items applied with their feedback, the adjustment, the comment. */
export const QuestionMarkView = z.object({
  questionId: z.string(),
  label: z.string(),
  /** "Exercice 2 › 2.a" */
  path: z.string(),
  score: z.number().nullable(),
  max: z.number(),
  items: z.array(ScoreItem.extend({ id: z.string() })),
  adjustment: Adjustment.nullable(),
  comment: z.string().nullable(),
  /** a bound cut the mark */
  clipped: z.enum(["low", "high"]).nullable(),
});
export type QuestionMarkView = z.infer<typeof QuestionMarkView>;

export const PortalCopyDetail = PortalCopySummary.extend({
  rows: z.array(ScoreRow),
  marks: z.array(QuestionMarkView),
  general: z.string(),
  pdf: PdfLinks.nullable(),
});
export type PortalCopyDetail = z.infer<typeof PortalCopyDetail>;

export const ChangeReason = z.enum(["regrade", "correction", "rubric"]);
export type ChangeReason = z.infer<typeof ChangeReason>;

export const PortalVersionSummary = z.object({
  number: z.number().int(),
  releasedAt: IsoDateTime,
  total: z.number(),
  maxPoints: z.number(),
  pdf: PdfLinks,
});
export type PortalVersionSummary = z.infer<typeof PortalVersionSummary>;

export const QuestionChange = z.object({
  questionId: z.string(),
  label: z.string(),
  /** "Exercice 2 › 2.a" */
  path: z.string(),
  /** the max of the later version */
  max: z.number(),
  maxBefore: z.number(),
  /** null: not graded (or not in that version's scale) */
  before: z.number().nullable(),
  after: z.number().nullable(),
  reason: ChangeReason,
  /** every reason met between the two versions, strongest first */
  reasons: z.array(ChangeReason),
});
export type QuestionChange = z.infer<typeof QuestionChange>;

export const PortalVersionChanges = z.object({
  /** every released version, newest first */
  versions: z.array(PortalVersionSummary),
  /** the version the student is shown; null: released before versions existed */
  current: z.number().int().nullable(),
  /** the version compared with; null when there is no earlier one */
  from: z.number().int().nullable(),
  /** only the questions whose mark (or max) moved */
  changes: z.array(QuestionChange),
  total: z.object({ before: z.number(), after: z.number(), maxBefore: z.number(), maxAfter: z.number() }).nullable(),
});
export type PortalVersionChanges = z.infer<typeof PortalVersionChanges>;

const STUDENT = ["STUDENT"] as const;

export const portalApi = {
  portalCopies: route({
    method: "GET",
    path: "/api/portal/copies",
    summary: "The student's released copies, newest release first",
    access: STUDENT,
    response: z.object({ copies: z.array(PortalCopySummary) }),
    errors: ["FORBIDDEN"],
  }),
  portalCopy: route({
    method: "GET",
    path: "/api/portal/copies/:id",
    summary: "One released copy as its last released version: marks per question, items and their feedback, comments, its PDF",
    access: STUDENT,
    params: IdParam,
    response: z.object({ copy: PortalCopyDetail }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  portalPdf: route({
    method: "GET",
    path: "/api/portal/copies/:id/pdf",
    summary: "The PDF of the version shown, inline (download=1: as an attachment); ETag of its content, 304 when unchanged",
    access: STUDENT,
    params: IdParam,
    query: PdfQuery,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  portalChanges: route({
    method: "GET",
    path: "/api/portal/copies/:id/changes",
    summary: "Every released version of a copy, and what changed per question between the current one and an earlier one (from; the previous by default)",
    access: STUDENT,
    params: IdParam,
    query: ChangesQuery,
    response: PortalVersionChanges,
    errors: ["FORBIDDEN", "NOT_FOUND", "NOT_AN_EARLIER_VERSION"],
  }),
  portalVersionPdf: route({
    method: "GET",
    path: "/api/portal/copies/:id/versions/:n/pdf",
    summary: "The PDF of one released version, inline (download=1: as an attachment); ETag of its content, 304 when unchanged",
    access: STUDENT,
    params: VersionPdfParams,
    query: PdfQuery,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
