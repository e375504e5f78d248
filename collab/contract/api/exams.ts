// Exams (list, create, read, edit, archive), their grading scale and their documents (subject,
// answer key …).
import { z } from "zod";
import { CopyState, ExamDocumentKind, ExamStatus, Id, IdParam, IsoDateTime, MANAGERS, ScaleNodeKind, STAFF } from "../common.ts";
import { route } from "./route.ts";

const ADMIN = ["ADMIN"] as const;

// ── requests ──

/** `{ id }` of an exam in the path */
export const ExamIdParam = IdParam;

const isoDate = z.iso.date().transform((d) => new Date(`${d}T00:00:00Z`));

export const CreateExamInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  subject: z.string().trim().min(1).max(120).nullish(),
  examDate: isoDate.nullish(),
});
export type CreateExamInput = z.output<typeof CreateExamInput>;

export const GradeBoundaries = z
  .array(z.number().refine((b) => Number.isFinite(b) && b > 0 && b < 10000, "a boundary is a number of points above 0"))
  .max(10)
  .transform((list) => [...new Set(list)].sort((a, b) => a - b));

export const UpdateExamInput = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    subject: z.string().trim().min(1).max(120).nullable().optional(),
    examDate: isoDate.nullable().optional(),
    status: z.enum(["DRAFT", "ACTIVE"]).optional(),
    /** grade boundaries in points of the total (rubric previews flag the copies crossing one) */
    gradeBoundaries: GradeBoundaries.optional(),
    /** pages a complete copy has (release refuses a copy with fewer); null: not checked */
    expectedPageCount: z.number().int().min(1).max(500).nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, "nothing to update");
export type UpdateExamInput = z.output<typeof UpdateExamInput>;

export const ListExamsQuery = z.strictObject({
  archived: z.enum(["true", "false", "all"]).default("false"),
});

/** A node of the scale as the editor sends it; existing nodes carry their id (kept, so scores stay attached), new ones none. */
export interface ScaleNodeInput {
  id?: string | undefined;
  label: string;
  maxPoints?: number | null | undefined;
  variant?: string | null | undefined;
  children?: ScaleNodeInput[] | undefined;
}

// Three levels written out (exercise → question → sub-question) rather than a recursive schema:
// the OpenAPI document carries no self-reference. Children of the third level are not read here:
// the scale check (server/exams/scale-check.ts) refuses them with the tree's other issues.
const scaleNodeInput = <C extends z.ZodType>(children: C) =>
  z.strictObject({
    id: z.uuid().optional(),
    label: z.string().trim().min(1).max(120),
    maxPoints: z.number().finite().nullish(),
    // its form (one capital letter) is checked with the tree, so it is reported with the other issues
    variant: z.string().trim().max(8).nullish(),
    children: z.array(children).max(100).optional(),
  });
export const ScaleNodeInput: z.ZodType<ScaleNodeInput, ScaleNodeInput> = scaleNodeInput(scaleNodeInput(scaleNodeInput(z.any())));

/** The whole scale: exercises → questions → sub-questions, in order. */
export const ScaleInput = z.strictObject({ exercises: z.array(ScaleNodeInput).max(100) });
export type ScaleInput = z.output<typeof ScaleInput>;

export const DocumentParam = z.strictObject({ id: Id, docId: Id });

export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

// ── answers ──

export const Exam = z.object({
  id: Id,
  title: z.string(),
  subject: z.string().nullable(),
  /** the day of the exam (YYYY-MM-DD) */
  examDate: z.iso.date().nullable(),
  status: ExamStatus,
  /** the 4-hex prefix of the exam's anonymous codes */
  codePrefix: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  archivedAt: IsoDateTime.nullable(),
  /** ascending, in points of the total */
  gradeBoundaries: z.array(z.number()),
  /** pages a complete copy has (release refuses a shorter copy); null: not checked */
  expectedPageCount: z.number().int().nullable(),
});
export type Exam = z.infer<typeof Exam>;

export const CopyCounts = z.object({
  total: z.number().int(),
  /** copies by state; a state with none is left out */
  byState: z.partialRecord(CopyState, z.number().int()),
});

export const ExamListItem = Exam.extend({ copies: CopyCounts });
export type ExamListItem = z.infer<typeof ExamListItem>;

export const ExamSummary = ExamListItem.extend({ batches: z.number().int() });
export type ExamSummary = z.infer<typeof ExamSummary>;

export interface ScaleNode {
  id: string;
  kind: z.infer<typeof ScaleNodeKind>;
  label: string;
  position: number;
  /** leaves only */
  maxPoints: number | null;
  variant: string | null;
  /** sum of the leaves below (the leaf's own max for a leaf) */
  subtotal: number;
  children: ScaleNode[];
}

/** three levels written out (no self-reference in the OpenAPI document): a sub-question has no children */
const scaleNode = <C extends z.ZodType>(children: C) =>
  z.object({
    id: Id,
    kind: ScaleNodeKind,
    label: z.string(),
    position: z.number().int(),
    maxPoints: z.number().nullable(),
    variant: z.string().nullable(),
    subtotal: z.number(),
    children: z.array(children),
  });
export const ScaleNode: z.ZodType<ScaleNode, ScaleNode> = scaleNode(scaleNode(scaleNode(z.never())));

export const Scale = z.object({
  examId: Id,
  exercises: z.array(ScaleNode),
  /** leaf ids in reading order: the question ids of the copy documents */
  leafIds: z.array(Id),
  /** the highest total a copy can get (common part + the largest variant) */
  total: z.number(),
  /** per variant: common part + that variant's part; empty without variants */
  byVariant: z.record(z.string(), z.number()),
  /** true once grading started: only labels and max points may change */
  locked: z.boolean(),
});
export type Scale = z.infer<typeof Scale>;

export const ExamDocument = z.object({
  id: Id,
  examId: Id,
  kind: ExamDocumentKind,
  originalName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  /** known right after the upload only; null in lists */
  pageCount: z.number().int().nullable(),
  createdAt: IsoDateTime,
  /** where to read it (GET …/documents/:docId/pdf) */
  url: z.string(),
});
export type ExamDocument = z.infer<typeof ExamDocument>;

const ExamAnswer = z.object({ exam: Exam });

export const examsApi = {
  listExams: route({
    method: "GET",
    path: "/api/exams",
    summary: "The exams (not archived by default), newest first, with their copy counts by state",
    access: MANAGERS,
    query: ListExamsQuery,
    response: z.object({ exams: z.array(ExamListItem) }),
    errors: ["FORBIDDEN"],
  }),
  createExam: route({
    method: "POST",
    path: "/api/exams",
    summary: "Create an exam (a draft with a fresh anonymous-code prefix)",
    access: ADMIN,
    body: CreateExamInput,
    status: 201,
    response: ExamAnswer,
    errors: ["FORBIDDEN"],
  }),
  getExam: route({
    method: "GET",
    path: "/api/exams/:id",
    summary: "One exam with its copy counts by state and its number of scan batches",
    access: MANAGERS,
    params: ExamIdParam,
    response: z.object({ exam: ExamSummary }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  updateExam: route({
    method: "PATCH",
    path: "/api/exams/:id",
    summary: "Edit an exam: title, subject, date, status, grade boundaries, expected page count",
    access: ADMIN,
    params: ExamIdParam,
    body: UpdateExamInput,
    response: ExamAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  archiveExam: route({
    method: "POST",
    path: "/api/exams/:id/archive",
    summary: "Archive an exam: it can no longer change",
    access: ADMIN,
    params: ExamIdParam,
    response: ExamAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  unarchiveExam: route({
    method: "POST",
    path: "/api/exams/:id/unarchive",
    summary: "Bring an archived exam back (active)",
    access: ADMIN,
    params: ExamIdParam,
    response: ExamAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),

  getScale: route({
    method: "GET",
    path: "/api/exams/:id/scale",
    summary: "The exam's grading scale as a tree, with subtotals, totals per variant and whether grading has locked it",
    access: STAFF,
    params: ExamIdParam,
    response: z.object({ scale: Scale }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  replaceScale: route({
    method: "PUT",
    path: "/api/exams/:id/scale",
    summary: "Replace the grading scale as a whole; once grading started only labels change (a max change goes through the rubric preview)",
    access: ADMIN,
    params: ExamIdParam,
    body: ScaleInput,
    response: z.object({ scale: Scale }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "SCALE_LOCKED", "SCALE_CHANGE_NEEDS_PREVIEW"],
  }),

  uploadDocument: route({
    method: "POST",
    path: "/api/exams/:id/documents",
    summary: "Upload a document of the exam (multipart: field kind = SUBJECT | ANSWER_KEY | OTHER, and the PDF in file)",
    access: ADMIN,
    params: ExamIdParam,
    upload: { field: "file", accept: "application/pdf", maxBytes: MAX_DOCUMENT_BYTES, fields: z.object({ kind: ExamDocumentKind }) },
    status: 201,
    response: z.object({ document: ExamDocument }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "BAD_REQUEST", "NOT_A_PDF", "PDF_EMPTY", "PDF_CORRUPTED", "PDF_ENCRYPTED", "PDF_NO_PAGES"],
  }),
  listDocuments: route({
    method: "GET",
    path: "/api/exams/:id/documents",
    summary: "The exam's documents, oldest first",
    access: STAFF,
    params: ExamIdParam,
    response: z.object({ documents: z.array(ExamDocument) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  documentPdf: route({
    method: "GET",
    path: "/api/exams/:id/documents/:docId/pdf",
    summary: "A document's PDF (ETag: its SHA-256; If-None-Match answers 304)",
    access: STAFF,
    params: DocumentParam,
    response: { file: "application/pdf" },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  deleteDocument: route({
    method: "DELETE",
    path: "/api/exams/:id/documents/:docId",
    summary: "Delete a document of the exam",
    access: ADMIN,
    params: DocumentParam,
    status: 204,
    response: { empty: true },
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
};
