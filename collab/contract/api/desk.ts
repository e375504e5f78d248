// The grader desk: what it loads in one request (the copy, its page images, the scale, the grader's
// range), and the annotation bank (reusable comments, personal or shared with an exam's graders).
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime, STAFF } from "../common.ts";
import { route } from "./route.ts";

/** The page images a view hands out (server/imaging/page-image-urls.ts): redacted twins for graders. */
export const PageImages = z.object({
  thumb: z.string(),
  read: z.string(),
  high: z.string(),
  /** the identity zones of this page are painted over in these images */
  redacted: z.boolean(),
  /** the server could not make an image of this page: pdf.js draws it */
  failed: z.boolean(),
});
export type PageImages = z.infer<typeof PageImages>;

export const DeskQuestion = z.object({
  id: z.string(),
  label: z.string(),
  /** "Exercice 2 › 2.a" */
  path: z.string(),
  maxPoints: z.number(),
});
export type DeskQuestion = z.infer<typeof DeskQuestion>;

export const DeskView = z.object({
  copy: z.object({
    id: Id,
    anonymousCode: z.string(),
    state: CopyState,
    pageCount: z.number().int(),
    pages: z.array(z.object({ position: z.number().int(), widthPt: z.number(), heightPt: z.number(), images: PageImages.optional() })),
    pdfUrl: z.string(),
  }),
  exam: z.object({ id: Id, title: z.string(), subject: z.string().nullable() }),
  scale: z.object({ questions: z.array(DeskQuestion), max: z.number() }),
  /** the grader's question range; null = the whole copy */
  scope: z.array(z.string()).nullable(),
  canWrite: z.boolean(),
  /** set on a moderation layer's desk: the blind second marking */
  layer: z.literal("second").optional(),
});
export type DeskView = z.infer<typeof DeskView>;

export const BankQuery = z.strictObject({ examId: z.uuid().optional() });

/** examId set: shared with the graders of that exam; absent: personal. */
export const BankInput = z.strictObject({
  text: z.string().trim().min(1).max(500),
  examId: z.uuid().optional(),
});
export type BankInput = z.infer<typeof BankInput>;

export const BankEntry = z.object({
  id: Id,
  text: z.string(),
  scope: z.enum(["personal", "exam"]),
  examId: Id.nullable(),
  mine: z.boolean(),
  createdAt: IsoDateTime,
});
export type BankEntry = z.infer<typeof BankEntry>;

export const deskApi = {
  deskView: route({
    method: "GET",
    path: "/api/copies/:id/desk",
    summary: "Everything the grader desk loads at once: the copy, its page images, the exam, the scale's questions, the grader's range",
    access: STAFF,
    params: IdParam,
    response: DeskView,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  listBank: route({
    method: "GET",
    path: "/api/bank",
    summary: "One's personal bank entries, and those shared with the exam when one is given and one grades it",
    access: STAFF,
    query: BankQuery,
    response: z.object({ entries: z.array(BankEntry) }),
    errors: ["FORBIDDEN"],
  }),
  addBankEntry: route({
    method: "POST",
    path: "/api/bank",
    summary: "Add a bank entry: personal, or shared with an exam's graders",
    access: STAFF,
    body: BankInput,
    status: 201,
    response: z.object({ entry: BankEntry }),
    errors: ["FORBIDDEN", "NOT_FOUND", "CONFLICT"],
  }),
  deleteBankEntry: route({
    method: "DELETE",
    path: "/api/bank/:id",
    summary: "Delete a bank entry: its author, or a supervisor for an exam's shared entry",
    access: STAFF,
    params: IdParam,
    status: 204,
    response: { empty: true },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
