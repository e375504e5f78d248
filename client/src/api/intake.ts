// The exam intake endpoints (#4) as the client sees them: exams, scale, documents, roster, scan
// batches, stapler, identification, dispatch. JSON goes through http.ts (call.ts for the routes of
// the contract); raw CSV and multipart uploads need the CSRF token themselves (uploads use
// XMLHttpRequest for its progress events).
import type { z } from "zod";
import { bookletsApi, type CopySuggestion } from "../../../collab/contract/api/booklets.ts";
import type {
  A3Options as A3OptionsSchema,
  Batch,
  BatchOptions as BatchOptionsSchema,
  LoosePageView,
  PageView,
  StagingCopy,
  StaplerView,
} from "../../../collab/contract/api/intake.ts";
import { intakeApi } from "../../../collab/contract/api/intake.ts";
import type { ResponseOf } from "../../../collab/contract/api/route.ts";
import type { BatchStatus as BatchStatusSchema, ScanMode as ScanModeSchema } from "../../../collab/contract/common.ts";
import { dispatchApi } from "../../../collab/contract/api/dispatch.ts";
import type { DispatchInput as DispatchInputSchema } from "../../../collab/contract/api/dispatch.ts";
import { examsApi } from "../../../collab/contract/api/exams.ts";
import type { CreateExamInput, ExamDocument, ScaleNodeInput, UpdateExamInput } from "../../../collab/contract/api/exams.ts";
import { identificationApi } from "../../../collab/contract/api/identification.ts";
import { rosterApi } from "../../../collab/contract/api/roster.ts";
import { call, urlOf } from "./call.ts";
import { ApiError, get } from "./http.ts";
import type { SessionPayload } from "./types.ts";

// ── exams ──
export type { CopyState, ExamStatus } from "../../../collab/contract/common.ts";
export type { Exam, ExamListItem, ExamSummary } from "../../../collab/contract/api/exams.ts";

export type ExamInput = z.input<typeof CreateExamInput>;

export const listExams = (archived: "false" | "true" | "all" = "false") => call(examsApi.listExams, { query: { archived } }).then((r) => r.exams);
export const getExam = (id: string) => call(examsApi.getExam, { params: { id } }).then((r) => r.exam);
export const createExam = (input: ExamInput) => call(examsApi.createExam, { body: input }).then((r) => r.exam);
export const updateExam = (id: string, input: z.input<typeof UpdateExamInput>) =>
  call(examsApi.updateExam, { params: { id }, body: input }).then((r) => r.exam);
export const setArchived = (id: string, archived: boolean) =>
  call(archived ? examsApi.archiveExam : examsApi.unarchiveExam, { params: { id } }).then((r) => r.exam);

// ── grading scale ──
export type { Scale, ScaleNode, ScaleNodeInput } from "../../../collab/contract/api/exams.ts";

/** A VALIDATION_FAILED issue: `path` like "exercises.0.children.1.maxPoints". */
export interface ScaleIssue {
  path: string;
  message: string;
}

export const getScale = (examId: string) => call(examsApi.getScale, { params: { id: examId } }).then((r) => r.scale);
export const saveScale = (examId: string, exercises: ScaleNodeInput[]) =>
  call(examsApi.replaceScale, { params: { id: examId }, body: { exercises } }).then((r) => r.scale);

// ── exam documents ──
export type { ExamDocument } from "../../../collab/contract/api/exams.ts";
export type DocumentKind = ExamDocument["kind"];

export const listDocuments = (examId: string) => call(examsApi.listDocuments, { params: { id: examId } }).then((r) => r.documents);
export const deleteDocument = (examId: string, docId: string) => call(examsApi.deleteDocument, { params: { id: examId, docId } });
export function uploadDocument(
  examId: string,
  kind: DocumentKind,
  file: File,
  onProgress?: (loaded: number, total: number) => void,
): Upload<ResponseOf<typeof examsApi.uploadDocument>> {
  const form = new FormData();
  form.append("kind", kind);
  form.append("file", file, file.name);
  return sendForm(urlOf(examsApi.uploadDocument, { id: examId }), form, onProgress);
}

// ── roster (global: the school's students) ──
export type {
  Credential,
  RosterField,
  RosterImportResult,
  RosterPreview,
  RosterProblem,
  RosterRow,
  RosterSummary,
} from "../../../collab/contract/api/roster.ts";

export const previewRoster = (file: File) => sendCsv<ResponseOf<typeof rosterApi.previewRoster>>(urlOf(rosterApi.previewRoster), file).then((r) => r.preview);
export const importRoster = (file: File) => sendCsv<ResponseOf<typeof rosterApi.importRoster>>(urlOf(rosterApi.importRoster), file).then((r) => r.import);

// ── scan batches ──
export type ScanMode = z.infer<typeof ScanModeSchema>;
export type BatchStatus = z.infer<typeof BatchStatusSchema>;
/** the A3 options as the form holds them (every field set) */
export type A3Options = z.output<typeof A3OptionsSchema>;
export type BatchOptions = z.input<typeof BatchOptionsSchema>;
export type { Batch };

/** The upload form's fields before they become multipart fields (options as JSON). */
export interface UploadFields {
  mode: ScanMode;
  pagesPerCopy?: number;
  options?: BatchOptions;
  allowDuplicate?: boolean;
  /** default variant (sujet A/B) of every copy of the batch */
  variant?: string;
}

export const listBatches = (examId: string) => call(intakeApi.listBatches, { params: { id: examId } }).then((r) => r.batches);
export const retryBatch = (examId: string, batchId: string) => call(intakeApi.retryBatch, { params: { id: examId, batchId } }).then((r) => r.batch);
export const deleteBatch = (examId: string, batchId: string) => call(intakeApi.deleteBatch, { params: { id: examId, batchId } });

export function uploadScans(
  examId: string,
  fields: UploadFields,
  files: File[],
  onProgress: (loaded: number, total: number) => void,
): Upload<ResponseOf<typeof intakeApi.uploadBatches>> {
  const form = new FormData();
  form.append("mode", fields.mode);
  if (fields.pagesPerCopy !== undefined) form.append("pagesPerCopy", String(fields.pagesPerCopy));
  if (fields.options) form.append("options", JSON.stringify(fields.options));
  if (fields.allowDuplicate) form.append("allowDuplicate", "true");
  if (fields.variant) form.append("variant", fields.variant);
  for (const f of files) form.append(intakeApi.uploadBatches.upload.field, f, f.name);
  return sendForm(urlOf(intakeApi.uploadBatches, { id: examId }), form, onProgress);
}

// ── copies, stapler, validation ──
export type { CopySuggestion, LoosePageView, PageView, StagingCopy, StaplerView };

/** every stapler operation, by the last segment of its path */
const STAPLER_OPS = {
  "move-page": intakeApi.movePage,
  merge: intakeApi.merge,
  split: intakeApi.split,
  reorder: intakeApi.reorder,
  rotate: intakeApi.rotate,
  "new-copy": intakeApi.newCopy,
  "delete-copy": intakeApi.deleteCopy,
  "attach-extra": bookletsApi.attachExtraSheet,
  "detach-extra": bookletsApi.detachExtraSheet,
} as const;
type StaplerOps = typeof STAPLER_OPS;
export type StaplerOp = { [K in keyof StaplerOps]: { op: K; body: z.input<StaplerOps[K]["body"]> } }[keyof StaplerOps];

export const getStapler = (examId: string) => call(intakeApi.stapler, { params: { id: examId } }).then((r) => r.stapler);
export const staple = (examId: string, { op, body }: StaplerOp): Promise<StaplerView> =>
  // every operation takes the exam's id and a body of its own, and answers { stapler, … }
  call(STAPLER_OPS[op] as StaplerOps["merge"], { params: { id: examId }, body: body as z.input<StaplerOps["merge"]["body"]> }).then((r) => r.stapler);
export const suggestCopies = (examId: string, q: string) => call(bookletsApi.copySuggestions, { params: { id: examId }, query: { q } }).then((r) => r.copies);
export const validateCopies = (examId: string, batchId?: string) => call(intakeApi.validate, { params: { id: examId }, body: batchId ? { batchId } : {} });

/** A page set aside belongs to no copy: its own one-page PDF; the hash pins the URL (immutable). */
export const loosePagePdfUrl = (examId: string, page: LoosePageView) =>
  urlOf(intakeApi.loosePagePdf, { id: examId, pageId: page.id }, { v: page.pdfHash.slice(0, 16) });
/** The copy's PDF; `hash` pins the URL so the browser may keep it (immutable). */
export const copyPdfUrl = (copyId: string, hash?: string) => urlOf(intakeApi.copyPdf, { id: copyId }, { v: hash?.slice(0, 16) });

// ── identification ──
export type { IdentCopy, IdentProgress, IdentView, SearchHit, Student } from "../../../collab/contract/api/identification.ts";

export const identView = (examId: string) => call(identificationApi.examCopies, { params: { id: examId } });
export const searchRoster = (examId: string, q: string, limit = 8) =>
  call(identificationApi.searchRoster, { params: { id: examId }, query: { q, limit } }).then((r) => r.results);
export const setCopyVariant = (copyId: string, variant: string | null) => call(identificationApi.setVariant, { params: { id: copyId }, body: { variant } });
export const linkStudent = (copyId: string, studentId: string) => call(identificationApi.linkStudent, { params: { id: copyId }, body: { studentId } });
export const unlinkStudent = (copyId: string) => call(identificationApi.unlinkStudent, { params: { id: copyId } });
export const setAbsent = (examId: string, studentId: string, absent: boolean) =>
  call(absent ? identificationApi.markAbsent : identificationApi.unmarkAbsent, { params: { id: examId, studentId } });

// ── dispatch ──
export type { DispatchResult, DispatchSummary, GraderLoad } from "../../../collab/contract/api/dispatch.ts";
/** what the dispatch form sends (redispatch and includeStarted default to false) */
export type DispatchInput = z.input<typeof DispatchInputSchema>;

export const getDispatch = (examId: string) => call(dispatchApi.getDispatch, { params: { id: examId } }).then((r) => r.dispatch);
export const dispatchCopies = (examId: string, input: DispatchInput) => call(dispatchApi.dispatchCopies, { params: { id: examId }, body: input });

// ── raw bodies: CSV and multipart ──
let csrfToken: string | null = null;

async function csrf(refresh = false): Promise<string> {
  if (!csrfToken || refresh) csrfToken = (await get<SessionPayload>("/api/me")).csrfToken;
  return csrfToken;
}

/** POSTs the CSV file itself (the server detects its encoding from the bytes). */
async function sendCsv<T>(url: string, file: File, retried = false): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "text/csv", Accept: "application/json", "X-CSRF-Token": await csrf(retried) },
      body: file,
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Network error");
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) return body as T;
  const error = toApiError(res.status, body, res.headers.get("Retry-After"));
  if (error.code === "CSRF_INVALID" && !retried) return sendCsv(url, file, true);
  throw error;
}

export interface Upload<T> {
  promise: Promise<T>;
  abort(): void;
}

/** multipart/form-data with XMLHttpRequest: fetch reports no upload progress. */
function sendForm<T>(url: string, form: FormData, onProgress?: (loaded: number, total: number) => void): Upload<T> {
  let xhr: XMLHttpRequest | null = null;
  let aborted = false;
  const once = (token: string) =>
    new Promise<{ status: number; body: unknown; retryAfter: string | null }>((resolve, reject) => {
      if (aborted) return reject(new ApiError(0, "ABORTED", "Upload cancelled")); // cancelled while the CSRF token was fetched
      const x = (xhr = new XMLHttpRequest());
      x.open("POST", url);
      x.responseType = "json";
      x.setRequestHeader("Accept", "application/json");
      x.setRequestHeader("X-CSRF-Token", token);
      if (onProgress) x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
      x.onload = () => resolve({ status: x.status, body: x.response as unknown, retryAfter: x.getResponseHeader("Retry-After") });
      x.onerror = () => reject(new ApiError(0, "NETWORK", "Network error"));
      x.onabort = () => reject(new ApiError(0, "ABORTED", "Upload cancelled"));
      x.send(form);
    });
  const run = async (): Promise<T> => {
    let r = await once(await csrf());
    if (r.status === 403 && code(r.body) === "CSRF_INVALID" && !aborted) r = await once(await csrf(true));
    if (r.status >= 200 && r.status < 300) return r.body as T;
    throw toApiError(r.status, r.body, r.retryAfter);
  };
  return {
    promise: run(),
    abort() {
      aborted = true;
      xhr?.abort();
    },
  };
}

const code = (body: unknown) => (typeof body === "object" && body !== null ? (body as { code?: unknown }).code : undefined);

function toApiError(status: number, body: unknown, retryAfter: string | null): ApiError {
  const b = (typeof body === "object" && body !== null ? body : {}) as { code?: unknown; message?: unknown; details?: unknown };
  const details = b.details as { retryAfterSec?: unknown } | undefined;
  const header = retryAfter !== null && Number.isFinite(Number(retryAfter)) ? Number(retryAfter) : null;
  const seconds = header ?? (typeof details?.retryAfterSec === "number" ? details.retryAfterSec : null);
  return new ApiError(status, typeof b.code === "string" ? b.code : `HTTP_${status}`, typeof b.message === "string" ? b.message : "", b.details, seconds);
}
