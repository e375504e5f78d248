// QR-coded booklets: print a run, download its PDF, see what the scans brought back; and the extra
// answer sheets the office joins to their copy in the stapler.
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime } from "../common.ts";
import { route } from "./route.ts";
import { StaplerView } from "./intake.ts";

export const MAX_BOOKLETS_PER_RUN = 1000;

/** What the office sends to print booklets. */
export const PrintRequest = z
  .strictObject({
    /** anonymous: numbered booklets; named: one per student, name and class printed */
    mode: z.enum(["anonymous", "named"]),
    count: z.number().int().min(0).max(MAX_BOOKLETS_PER_RUN).optional(),
    studentIds: z.array(Id).max(MAX_BOOKLETS_PER_RUN).optional(),
    classNames: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
    /** extra answer sheets (a code each, no copy) */
    extraSheets: z.number().int().min(0).max(MAX_BOOKLETS_PER_RUN).default(0),
    /** the exam's subject PDF as the pages, or ruled blank pages */
    template: z.enum(["subject", "blank"]).default("subject"),
    /** pages of a blank booklet */
    pageCount: z.number().int().min(1).max(40).optional(),
  })
  .refine((r) => r.mode !== "anonymous" || (r.count ?? 0) + r.extraSheets > 0, {
    message: "count (or extraSheets) is required for anonymous booklets",
    path: ["count"],
  })
  .refine((r) => r.mode !== "named" || (r.studentIds?.length ?? 0) + (r.classNames?.length ?? 0) > 0, {
    message: "studentIds or classNames are required for named booklets",
    path: ["studentIds"],
  })
  .refine((r) => r.template !== "blank" || r.pageCount !== undefined, { message: "pageCount is required with blank pages", path: ["pageCount"] });
export type PrintRequest = z.output<typeof PrintRequest>;

/** a print run's number, as the path carries it */
export const RunParam = z.strictObject({
  id: Id,
  run: z
    .string()
    .regex(/^\d{1,6}$/, "a run number")
    .refine((s) => Number(s) >= 1 && Number(s) <= 100_000, "a run number from 1 to 100000"),
});

/** An extra answer sheet set aside by the split, joined to the copy the office names. */
export const AttachExtraSheetInput = z.strictObject({ pageId: Id, copyId: Id });
/** An attached extra sheet back to the stapler (the undo of an attach). */
export const DetachExtraSheetInput = z.strictObject({ pageId: Id });
/** What the office types to find the copy: a student's name, an anonymous code or a copy number. */
export const CopySuggestionQuery = z.strictObject({ q: z.string().trim().min(1).max(80) });

export const PrintedRun = z.object({
  run: z.number().int(),
  booklets: z.number().int(),
  extraSheets: z.number().int(),
  pageCount: z.number().int(),
  /** named mode: students who already had a booklet of this exam (not printed again) */
  skipped: z.number().int(),
  pdfUrl: z.string(),
});
export type PrintedRun = z.infer<typeof PrintedRun>;

export const BookletSummary = z.object({
  runs: z.array(
    z.object({
      run: z.number().int(),
      booklets: z.number().int(),
      extraSheets: z.number().int(),
      named: z.boolean(),
      pageCount: z.number().int(),
      createdAt: IsoDateTime,
      pdfUrl: z.string(),
    }),
  ),
  booklets: z.number().int(),
  scanned: z.number().int(),
  complete: z.number().int(),
  /** scanned booklets with printed pages missing */
  incomplete: z.array(z.object({ copyId: Id, anonymousCode: z.string(), missing: z.array(z.number().int()) })),
  /** pages set aside, by reason code */
  loosePages: z.array(z.object({ reason: z.string(), pages: z.number().int() })),
});
export type BookletSummary = z.infer<typeof BookletSummary>;

/** A copy an extra sheet may join, found by student name, anonymous code or copy number. */
export const CopySuggestion = z.object({
  id: Id,
  anonymousCode: z.string(),
  seq: z.number().int(),
  state: CopyState,
  /** only STAGING copies take a sheet (COPY_CLOSED otherwise) */
  attachable: z.boolean(),
  student: z.object({ name: z.string(), className: z.string().nullable() }).nullable(),
});
export type CopySuggestion = z.infer<typeof CopySuggestion>;

const EXTRA_SHEET_ERRORS = ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "COPY_CLOSED", "NOT_AN_EXTRA_SHEET"] as const;

export const bookletsApi = {
  printBooklets: route({
    method: "POST",
    path: "/api/exams/:id/booklets",
    summary: "Print a run of QR-coded booklets (anonymous or named) and extra sheets: reserves the copies' numbers and codes",
    access: ["ADMIN"],
    params: IdParam,
    body: PrintRequest,
    status: 201,
    response: PrintedRun,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "NO_SUBJECT", "UNPROCESSABLE"],
  }),
  bookletSummary: route({
    method: "GET",
    path: "/api/exams/:id/booklets",
    summary: "The printed runs, and what the scans brought back: booklets scanned, complete, missing pages, pages set aside",
    access: ["ADMIN", "SUPERVISOR"],
    params: IdParam,
    response: BookletSummary,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  bookletRunPdf: route({
    method: "GET",
    path: "/api/exams/:id/booklets/runs/:run/pdf",
    summary: "The printable PDF of a run (an attachment, built again on each download: same codes, same pages)",
    access: ["ADMIN", "SUPERVISOR"],
    params: RunParam,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND", "NO_SUBJECT"],
  }),
  copySuggestions: route({
    method: "GET",
    path: "/api/exams/:id/stapler/copy-suggestions",
    summary: "The copies an extra sheet may join, from what is written on it (name, anonymous code or copy number)",
    access: ["ADMIN"],
    params: IdParam,
    query: CopySuggestionQuery,
    response: z.object({ copies: z.array(CopySuggestion) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  attachExtraSheet: route({
    method: "POST",
    path: "/api/exams/:id/stapler/attach-extra",
    summary: "Join an extra sheet to a copy still in the stapler, after its last page; answers the stapler as it now is",
    access: ["ADMIN"],
    params: IdParam,
    body: AttachExtraSheetInput,
    response: z.object({ copyId: Id, position: z.number().int(), stapler: StaplerView }),
    errors: [...EXTRA_SHEET_ERRORS],
  }),
  detachExtraSheet: route({
    method: "POST",
    path: "/api/exams/:id/stapler/detach-extra",
    summary: "Put an attached extra sheet back among the pages set aside; answers the stapler as it now is",
    access: ["ADMIN"],
    params: IdParam,
    body: DetachExtraSheetInput,
    response: z.object({ copyId: Id, stapler: StaplerView }),
    errors: [...EXTRA_SHEET_ERRORS],
  }),
};
