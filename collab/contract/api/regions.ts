// Question regions of an exam (grading by question): where each question is answered on the
// copies, one box or two across a page break. Read by staff and the exam's graders, drawn by the
// office and supervisors.
import { z } from "zod";
import { Id, IdParam, MANAGERS, STAFF } from "../common.ts";
import { route } from "./route.ts";

// ── requests ──

export const MAX_REGIONS_PER_QUESTION = 2;
const unit = z.number().finite().min(0).max(1);

/** a box on the page, in fractions of its width and height */
export const BoxSchema = z
  .strictObject({ x: unit, y: unit, w: unit.refine((v) => v >= 0.01, "at least 1% of the page"), h: unit.refine((v) => v >= 0.01, "at least 1% of the page") })
  .refine((b) => b.x + b.w <= 1 + 1e-9 && b.y + b.h <= 1 + 1e-9, "the box must stay within the page");
export type Box = z.infer<typeof BoxSchema>;

export const RegionSchema = z.strictObject({
  /** 1-based page of the copy */
  page: z.number().int().min(1).max(500),
  box: BoxSchema,
});
export type Region = z.infer<typeof RegionSchema>;

/** PUT body: every question's regions at once (a question left out has none). */
export const RegionsPutSchema = z.strictObject({
  questions: z.record(z.string().min(1).max(128), z.array(RegionSchema).min(1).max(MAX_REGIONS_PER_QUESTION)),
});
export type RegionsPut = z.infer<typeof RegionsPutSchema>;

// ── answers ──

/** The images of a page (URLs): a redacted twin when its identity zones are painted over. */
export const PageImageUrls = z.object({
  thumb: z.string(),
  read: z.string(),
  high: z.string(),
  /** the identity zones of this page are painted over in these images */
  redacted: z.boolean(),
  /** the server could not make an image of this page (pdf.js draws it) */
  failed: z.boolean(),
});
export type PageImageUrls = z.infer<typeof PageImageUrls>;

const BoxAnswer = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });

export const RegionQuestion = z.object({
  id: z.string(),
  label: z.string(),
  /** "Exercice 2 / 2.a" */
  path: z.string(),
  maxPoints: z.number(),
  /** null: common to every variant */
  variant: z.string().nullable(),
  /** empty: none drawn yet */
  regions: z.array(z.object({ page: z.number().int(), box: BoxAnswer })),
});
export type RegionQuestion = z.infer<typeof RegionQuestion>;

/** A page of the sample copy as the region editor paints it. */
export const RegionPage = z.object({
  /** 1-based page of the copy */
  page: z.number().int(),
  widthPt: z.number(),
  heightPt: z.number(),
  images: PageImageUrls,
});
export type RegionPage = z.infer<typeof RegionPage>;

export const RegionsView = z.object({
  examId: Id,
  /** the scale's leaves in order, each with its regions */
  questions: z.array(RegionQuestion),
  /** staff only: the exam's first copy, on which the editor draws (null: no copy yet; absent for a grader) */
  sample: z
    .object({ copyId: Id, anonymousCode: z.string(), pageCount: z.number().int(), pages: z.array(RegionPage) })
    .nullable()
    .optional(),
});
export type RegionsView = z.infer<typeof RegionsView>;

export const regionsApi = {
  getRegions: route({
    method: "GET",
    path: "/api/exams/:id/regions",
    summary: "Where each question of the exam is answered on the copies; for staff also the first copy's pages to draw on",
    access: STAFF,
    params: IdParam,
    response: RegionsView,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  putRegions: route({
    method: "PUT",
    path: "/api/exams/:id/regions",
    summary: "Replace every question's regions at once (a question left out has none)",
    access: MANAGERS,
    params: IdParam,
    body: RegionsPutSchema,
    response: RegionsView,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
};
