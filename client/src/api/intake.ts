// The exam intake endpoints (#4) as the client sees them: exams, scale, documents, roster, scan
// batches, stapler, identification, dispatch. JSON goes through http.ts (call.ts for the routes of
// the contract); raw CSV and multipart uploads need the CSRF token themselves (uploads use
// XMLHttpRequest for its progress events).
import type { z } from "zod";
import { dispatchApi } from "../../../collab/contract/api/dispatch.ts";
import type { DispatchInput as DispatchInputSchema } from "../../../collab/contract/api/dispatch.ts";
import { examsApi } from "../../../collab/contract/api/exams.ts";
import type { ExamDocument, ScaleNodeInput, UpdateExamInput } from "../../../collab/contract/api/exams.ts";
import { identificationApi } from "../../../collab/contract/api/identification.ts";
import type { ResponseOf } from "../../../collab/contract/api/route.ts";
import { rosterApi } from "../../../collab/contract/api/roster.ts";
import { call, urlOf } from "./call.ts";
import { ApiError, get, post, request } from "./http.ts";
import type { SessionPayload } from "./types.ts";

// ── exams ──
export type { CopyState, ExamStatus } from "../../../collab/contract/common.ts";
export type { Exam, ExamListItem, ExamSummary } from "../../../collab/contract/api/exams.ts";

export interface ExamInput {
  title: string;
  subject: string | null;
  examDate: string | null;
}

const examUrl = (id: string, rest = "") => `/api/exams/${encodeURIComponent(id)}${rest}`;

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
export type ScanMode = "PER_COPY" | "SPLIT_EVERY_N" | "A3_BOOKLET" | "QR_BOOKLETS";
export type BatchStatus = "UPLOADED" | "PROCESSING" | "DONE" | "FAILED";

export interface A3Options {
  bookletPages: number;
  order: "booklet" | "flat";
  sheetOrder: "outer-first" | "inner-first";
  versoRotated: boolean;
}

export interface BatchOptions {
  normalizeLandscape?: "none" | "rotate90" | "rotate270";
  a3?: A3Options;
}

export interface Batch {
  id: string;
  examId: string;
  mode: ScanMode;
  pagesPerCopy: number | null;
  warnings: string[];
  status: BatchStatus;
  originalName: string;
  sizeBytes: number;
  totalPages: number;
  processedPages: number;
  error: string | null;
  copies: number;
  createdAt: string;
  /** page images made so far (docs/intake.md) */
  images?: { ready: number; failed: number; total: number };
}

export interface UploadFields {
  mode: ScanMode;
  pagesPerCopy?: number;
  options?: BatchOptions;
  allowDuplicate?: boolean;
  /** default variant (sujet A/B) of every copy of the batch */
  variant?: string;
}

export const listBatches = (examId: string) => get<{ batches: Batch[] }>(examUrl(examId, "/batches")).then((r) => r.batches);
export const retryBatch = (examId: string, batchId: string) =>
  post<{ batch: Batch }>(examUrl(examId, `/batches/${encodeURIComponent(batchId)}/retry`)).then((r) => r.batch);
export const deleteBatch = (examId: string, batchId: string) => request<void>("DELETE", examUrl(examId, `/batches/${encodeURIComponent(batchId)}`));

export function uploadScans(
  examId: string,
  fields: UploadFields,
  files: File[],
  onProgress: (loaded: number, total: number) => void,
): Upload<{ batches: Batch[] }> {
  const form = new FormData();
  form.append("mode", fields.mode);
  if (fields.pagesPerCopy !== undefined) form.append("pagesPerCopy", String(fields.pagesPerCopy));
  if (fields.options) form.append("options", JSON.stringify(fields.options));
  if (fields.allowDuplicate) form.append("allowDuplicate", "true");
  if (fields.variant) form.append("variant", fields.variant);
  for (const f of files) form.append("files", f, f.name);
  return sendForm(examUrl(examId, "/batches"), form, onProgress);
}

// ── copies, stapler, validation ──
export interface PageView {
  id: string;
  position: number;
  rotation: number;
  half: string;
  widthPt: number;
  heightPt: number;
  batchId: string | null;
  /** printed page number read from a booklet's QR code */
  bookletPage?: number | null;
  /** why the split set the page aside (booklets): "CODE" or "CODE: detail" */
  looseReason?: string | null;
  /** an extra answer sheet: attached to a copy by hand, detachable */
  extraSheet?: boolean;
}

export interface StagingCopy {
  id: string;
  anonymousCode: string;
  batchId: string | null;
  studentId: string | null;
  variant: string | null;
  pages: PageView[];
  pagesHash: string;
}

export interface LoosePageView extends PageView {
  /** pins the page's own PDF URL */
  pdfHash: string;
}

export interface StaplerView {
  copies: StagingCopy[];
  loosePages: LoosePageView[];
}

export type StaplerOp =
  | { op: "move-page"; body: { pageId: string; toCopyId: string | null; position?: number } }
  | { op: "merge"; body: { targetCopyId: string; sourceCopyId: string } }
  | { op: "split"; body: { copyId: string; atPageId: string } }
  | { op: "reorder"; body: { copyId: string; pageIds: string[] } }
  | { op: "rotate"; body: { pageId: string; rotation: 0 | 90 | 180 | 270 } }
  | { op: "new-copy"; body: { pageIds: string[] } }
  | { op: "attach-extra"; body: { pageId: string; copyId: string } }
  | { op: "detach-extra"; body: { pageId: string } }
  | { op: "delete-copy"; body: { copyId: string } };

export const getStapler = (examId: string) => get<{ stapler: StaplerView }>(examUrl(examId, "/stapler")).then((r) => r.stapler);
export const staple = (examId: string, { op, body }: StaplerOp) =>
  post<{ stapler: StaplerView }>(examUrl(examId, `/stapler/${op}`), body).then((r) => r.stapler);
/** A copy an extra sheet may join, found by student name, anonymous code or copy number. */
export interface CopySuggestion {
  id: string;
  anonymousCode: string;
  seq: number;
  state: string;
  attachable: boolean;
  student: { name: string; className: string | null } | null;
}
export const suggestCopies = (examId: string, q: string) =>
  get<{ copies: CopySuggestion[] }>(examUrl(examId, `/stapler/copy-suggestions?q=${encodeURIComponent(q)}`)).then((r) => r.copies);
export const validateCopies = (examId: string, batchId?: string) => post<{ validated: number }>(examUrl(examId, "/validate"), batchId ? { batchId } : {});

/** The copy's PDF; `hash` pins the URL so the browser may keep it (immutable). */
/** A page set aside belongs to no copy: its own one-page PDF. */
export const loosePagePdfUrl = (examId: string, page: LoosePageView) =>
  `${examUrl(examId, `/stapler/pages/${encodeURIComponent(page.id)}/pdf`)}?v=${page.pdfHash.slice(0, 16)}`;
export const copyPdfUrl = (copyId: string, hash?: string) => `/api/copies/${encodeURIComponent(copyId)}/pdf${hash ? `?v=${hash.slice(0, 16)}` : ""}`;

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
