// Intake after the scans arrive: scan batches (upload, list, retry, delete), the stapler that fixes how
// pages are grouped into copies, validation of the STAGING copies, and one copy with its PDF.
import { z } from "zod";
import { BatchStatus, CopyState, Id, IdParam, IsoDateTime, PageHalf, ScanMode } from "../common.ts";
import { route } from "./route.ts";

const ADMIN = ["ADMIN"] as const;
const OFFICE = ["ADMIN", "SUPERVISOR"] as const;
const SCAN_READERS = ["ADMIN", "SUPERVISOR", "GRADER"] as const;

export const BatchParam = z.strictObject({ id: Id, batchId: Id });
export const LoosePageParam = z.strictObject({ id: Id, pageId: Id });
/** `?v=<hash prefix>` pins the content: the answer may then be kept for good */
export const PinnedQuery = z.object({
  v: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
});

// ── what the server says ──

export const Batch = z.object({
  id: Id,
  examId: Id,
  mode: ScanMode,
  pagesPerCopy: z.number().int().nullable(),
  /** how the batch is cut (normalizeLandscape, a3, variant), as stored */
  options: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
  status: BatchStatus,
  originalName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  totalPages: z.number().int(),
  processedPages: z.number().int(),
  error: z.string().nullable(),
  copies: z.number().int(),
  createdAt: IsoDateTime,
  /** page images made so far (list and get only) */
  images: z.object({ ready: z.number().int(), failed: z.number().int(), total: z.number().int() }).optional(),
});
export type Batch = z.infer<typeof Batch>;

/** A page of a copy (never its storage path). */
export const PageView = z.object({
  id: Id,
  position: z.number().int(),
  rotation: z.number().int(),
  half: PageHalf,
  widthPt: z.number(),
  heightPt: z.number(),
  batchId: Id.nullable(),
  /** printed page number read from a booklet's QR code */
  bookletPage: z.number().int().nullable(),
  /** why the split set the page aside: a stable code (UNREADABLE, BLANK, DUPLICATE …), then ": detail" */
  looseReason: z.string().nullable(),
  /** an extra answer sheet (its own code, no printed page number): it can be attached or detached */
  extraSheet: z.boolean(),
});
export type PageView = z.infer<typeof PageView>;

export const StagingCopy = z.object({
  id: Id,
  anonymousCode: z.string(),
  batchId: Id.nullable(),
  studentId: Id.nullable(),
  /** the variant (sujet A/B) the copy sits, null = none */
  variant: z.string().nullable(),
  pages: z.array(PageView),
  pagesHash: z.string(),
});
export type StagingCopy = z.infer<typeof StagingCopy>;

export const LoosePageView = PageView.extend({
  /** pins the page's own PDF URL (`?v=`) */
  pdfHash: z.string(),
});
export type LoosePageView = z.infer<typeof LoosePageView>;

export const StaplerView = z.object({ copies: z.array(StagingCopy), loosePages: z.array(LoosePageView) });
export type StaplerView = z.infer<typeof StaplerView>;

export const CopyDetail = z.object({
  id: Id,
  examId: Id,
  anonymousCode: z.string(),
  state: CopyState,
  batchId: Id.nullable(),
  /** null for graders: they only ever see the anonymous code */
  student: z.object({ id: Id, lastName: z.string(), firstName: z.string(), className: z.string().nullable(), ine: z.string().nullable() }).nullable(),
  pages: z.array(PageView),
  pagesHash: z.string(),
  pdfUrl: z.string(),
});
export type CopyDetail = z.infer<typeof CopyDetail>;

// ── what the office sends ──

export const Normalize = z.enum(["none", "rotate90", "rotate270"]);

export const A3Options = z.strictObject({
  /** pages of one booklet (a multiple of 4): 4 = one folded A3 sheet */
  bookletPages: z.number().int().min(4).max(64).multipleOf(4).default(4),
  /** "booklet": folded sheets put back in reading order; "flat": each A3 side is [left | right] as read */
  order: z.enum(["booklet", "flat"]).default("booklet"),
  /** nested sheets of a booklet: which one the scanner saw first */
  sheetOrder: z.enum(["outer-first", "inner-first"]).default("outer-first"),
  /** some duplex scanners turn every verso upside down */
  versoRotated: z.boolean().default(false),
});
export type A3Options = z.infer<typeof A3Options>;

export const BatchOptions = z.strictObject({
  /** landscape pages in a portrait batch: turn them (Page.rotation) or leave them */
  normalizeLandscape: Normalize.default("none"),
  a3: A3Options.optional(),
  /** the variant (sujet A/B) every copy of the batch starts with; absent = none */
  variant: z
    .string()
    .regex(/^[A-Z]$/)
    .optional(),
});
export type BatchOptions = z.infer<typeof BatchOptions>;

const jsonObject = z
  .string()
  .max(4000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "options must be a JSON object" });
      return z.NEVER;
    }
  });

/** The multipart fields of POST /api/exams/:id/batches (besides the files). */
export const BatchUploadFields = z
  .strictObject({
    mode: ScanMode,
    pagesPerCopy: z.coerce.number().int().min(1).max(500).optional(),
    options: jsonObject.pipe(BatchOptions.partial()).optional(),
    allowDuplicate: z.enum(["true", "false"]).optional(),
    /** default variant of the batch's copies ("A", "B"); empty = none */
    variant: z
      .string()
      .trim()
      .regex(/^([A-Z])?$/, "a variant is one capital letter (A, B …)")
      .transform((v) => v || undefined)
      .optional(),
  })
  .refine((f) => f.mode !== "SPLIT_EVERY_N" || f.pagesPerCopy !== undefined, {
    message: "pagesPerCopy is required with SPLIT_EVERY_N",
    path: ["pagesPerCopy"],
  });
export type BatchUploadFields = z.infer<typeof BatchUploadFields>;

export const MovePageInput = z.strictObject({
  pageId: Id,
  /** null sets the page aside (a blank or stray page) */
  toCopyId: Id.nullable(),
  /** 0-based place in the target copy; default: at the end */
  position: z.number().int().min(0).optional(),
});
export const MergeInput = z.strictObject({ targetCopyId: Id, sourceCopyId: Id });
export const SplitInput = z.strictObject({ copyId: Id, atPageId: Id });
export const ReorderInput = z.strictObject({ copyId: Id, pageIds: z.array(Id).min(1).max(1000) });
export const RotateInput = z.strictObject({ pageId: Id, rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]) });
export const NewCopyInput = z.strictObject({ pageIds: z.array(Id).min(1).max(1000) });
export const DeleteCopyInput = z.strictObject({ copyId: Id });
/** no body, `{}` or a batch: validate the whole exam's STAGING copies or one batch's */
export const ValidateInput = z.strictObject({ batchId: Id.optional() }).optional();

/** every stapler operation answers the stapler as it now is */
const StaplerAnswer = z.object({ stapler: StaplerView });
const NewCopyAnswer = StaplerAnswer.extend({ newCopyId: Id });

const STAPLER_ERRORS = ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"] as const;

export const intakeApi = {
  uploadBatches: route({
    method: "POST",
    path: "/api/exams/:id/batches",
    summary:
      'Upload scanned PDFs (multipart: mode, pagesPerCopy, options as JSON, allowDuplicate, variant, then the files in "files"); one batch per file, split in the background',
    access: ADMIN,
    params: IdParam,
    upload: { field: "files", accept: "application/pdf", fields: BatchUploadFields },
    status: 202,
    response: z.object({ batches: z.array(Batch) }),
    errors: [
      "FORBIDDEN",
      "NOT_FOUND",
      "INVALID_STATE",
      "RATE_LIMITED",
      "BAD_REQUEST",
      "DUPLICATE_UPLOAD",
      "UNKNOWN_VARIANT",
      "NOT_A_PDF",
      "PDF_EMPTY",
      "PDF_CORRUPTED",
      "PDF_ENCRYPTED",
      "PDF_NO_PAGES",
    ],
  }),
  listBatches: route({
    method: "GET",
    path: "/api/exams/:id/batches",
    summary: "The exam's scan batches, oldest first, with their processing and page-image progress",
    access: OFFICE,
    params: IdParam,
    response: z.object({ batches: z.array(Batch) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  getBatch: route({
    method: "GET",
    path: "/api/exams/:id/batches/:batchId",
    summary: "One scan batch with its processing and page-image progress",
    access: OFFICE,
    params: BatchParam,
    response: z.object({ batch: Batch }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  retryBatch: route({
    method: "POST",
    path: "/api/exams/:id/batches/:batchId/retry",
    summary: "Split a failed batch again",
    access: ADMIN,
    params: BatchParam,
    response: z.object({ batch: Batch }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  deleteBatch: route({
    method: "DELETE",
    path: "/api/exams/:id/batches/:batchId",
    summary: "Remove a batch and its copies while they are all STAGING, unidentified and hold only its pages",
    access: ADMIN,
    params: BatchParam,
    status: 204,
    response: { empty: true },
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  stapler: route({
    method: "GET",
    path: "/api/exams/:id/stapler",
    summary: "The STAGING copies with their pages, and the pages set aside",
    access: OFFICE,
    params: IdParam,
    response: StaplerAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  loosePagePdf: route({
    method: "GET",
    path: "/api/exams/:id/stapler/pages/:pageId/pdf",
    summary: "A page set aside as a one-page PDF (ETag, 304, byte ranges; kept for good with ?v=)",
    access: OFFICE,
    params: LoosePageParam,
    query: PinnedQuery,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  movePage: route({
    method: "POST",
    path: "/api/exams/:id/stapler/move-page",
    summary: "Move a page to another copy (at a place, or at the end), or set it aside",
    access: ADMIN,
    params: IdParam,
    body: MovePageInput,
    response: StaplerAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  merge: route({
    method: "POST",
    path: "/api/exams/:id/stapler/merge",
    summary: "Append a copy's pages to another copy; the emptied copy goes",
    access: ADMIN,
    params: IdParam,
    body: MergeInput,
    response: StaplerAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  split: route({
    method: "POST",
    path: "/api/exams/:id/stapler/split",
    summary: "Cut a copy before a page: that page and the following ones make a new copy",
    access: ADMIN,
    params: IdParam,
    body: SplitInput,
    response: NewCopyAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  reorder: route({
    method: "POST",
    path: "/api/exams/:id/stapler/reorder",
    summary: "Put a copy's pages in a new order (every page exactly once)",
    access: ADMIN,
    params: IdParam,
    body: ReorderInput,
    response: StaplerAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  rotate: route({
    method: "POST",
    path: "/api/exams/:id/stapler/rotate",
    summary: "Turn a page (its images are made again)",
    access: ADMIN,
    params: IdParam,
    body: RotateInput,
    response: StaplerAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  newCopy: route({
    method: "POST",
    path: "/api/exams/:id/stapler/new-copy",
    summary: "Gather pages into a new copy",
    access: ADMIN,
    params: IdParam,
    body: NewCopyInput,
    response: NewCopyAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  deleteCopy: route({
    method: "POST",
    path: "/api/exams/:id/stapler/delete-copy",
    summary: "Drop an empty copy that no student is linked to",
    access: ADMIN,
    params: IdParam,
    body: DeleteCopyInput,
    response: StaplerAnswer,
    errors: [...STAPLER_ERRORS],
  }),
  validate: route({
    method: "POST",
    path: "/api/exams/:id/validate",
    summary: "The STAGING copies (of one batch, or of the whole exam) become READY for identification and dispatch",
    access: ADMIN,
    params: IdParam,
    body: ValidateInput,
    response: z.object({ validated: z.number().int() }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  getCopy: route({
    method: "GET",
    path: "/api/copies/:id",
    summary: "One copy with its pages; the student only for who may see identities",
    access: SCAN_READERS,
    params: IdParam,
    response: z.object({ copy: CopyDetail }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  copyPdf: route({
    method: "GET",
    path: "/api/copies/:id/pdf",
    summary: "The copy's PDF, redacted for who may not see the student (ETag, 304, byte ranges; kept for good with ?v=)",
    access: SCAN_READERS,
    params: IdParam,
    query: PinnedQuery,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "IMAGE_FAILED", "IMAGE_NOT_READY"],
  }),
};
