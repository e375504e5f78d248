// The exam intake endpoints (#4) as the client sees them: exams, scale, documents, roster, scan
// batches, stapler, identification, dispatch. JSON goes through http.ts; raw CSV and multipart
// uploads need the CSRF token themselves (uploads use XMLHttpRequest for its progress events).
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
import { call, urlOf } from "./call.ts";
import { ApiError, get, post, request } from "./http.ts";
import type { SessionPayload } from "./types.ts";

// ── exams ──
export type ExamStatus = "DRAFT" | "ACTIVE" | "ARCHIVED";
export type CopyState = "STAGING" | "READY" | "FINALIZING" | "GRADED" | "RENDER_FAILED";

export interface Exam {
  id: string;
  title: string;
  subject: string | null;
  examDate: string | null;
  status: ExamStatus;
  codePrefix: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** grade boundaries in points of the total, ascending (rubric previews flag crossings) */
  gradeBoundaries: number[];
  /** pages a complete copy has (release refuses a shorter copy); null: not checked */
  expectedPageCount?: number | null;
}

export interface ExamListItem extends Exam {
  copies: { total: number; byState: Partial<Record<CopyState, number>> };
}

export interface ExamSummary extends ExamListItem {
  batches: number;
}

export interface ExamInput {
  title: string;
  subject: string | null;
  examDate: string | null;
}

const examUrl = (id: string, rest = "") => `/api/exams/${encodeURIComponent(id)}${rest}`;

export const listExams = (archived: "false" | "true" | "all" = "false") =>
  get<{ exams: ExamListItem[] }>(`/api/exams?archived=${archived}`).then((r) => r.exams);
export const getExam = (id: string) => get<{ exam: ExamSummary }>(examUrl(id)).then((r) => r.exam);
export const createExam = (input: ExamInput) => post<{ exam: Exam }>("/api/exams", input).then((r) => r.exam);
export const updateExam = (
  id: string,
  input: Partial<ExamInput> & { status?: "DRAFT" | "ACTIVE"; gradeBoundaries?: number[]; expectedPageCount?: number | null },
) => request<{ exam: Exam }>("PATCH", examUrl(id), input).then((r) => r.exam);
export const setArchived = (id: string, archived: boolean) => post<{ exam: Exam }>(examUrl(id, archived ? "/archive" : "/unarchive")).then((r) => r.exam);

// ── grading scale ──
export interface ScaleNode {
  id: string;
  kind: "EXERCISE" | "QUESTION" | "SUBQUESTION";
  label: string;
  position: number;
  maxPoints: number | null;
  variant: string | null;
  subtotal: number;
  children: ScaleNode[];
}

export interface Scale {
  examId: string;
  exercises: ScaleNode[];
  leafIds: string[];
  total: number;
  byVariant: Record<string, number>;
  locked: boolean;
}

export interface ScaleNodeInput {
  id?: string;
  label: string;
  maxPoints?: number | null;
  variant?: string | null;
  children?: ScaleNodeInput[];
}

/** A VALIDATION_FAILED issue: `path` like "exercises.0.children.1.maxPoints". */
export interface ScaleIssue {
  path: string;
  message: string;
}

export const getScale = (examId: string) => get<{ scale: Scale }>(examUrl(examId, "/scale")).then((r) => r.scale);
export const saveScale = (examId: string, exercises: ScaleNodeInput[]) =>
  request<{ scale: Scale }>("PUT", examUrl(examId, "/scale"), { exercises }).then((r) => r.scale);

// ── exam documents ──
export type DocumentKind = "SUBJECT" | "ANSWER_KEY" | "OTHER";

export interface ExamDocument {
  id: string;
  examId: string;
  kind: DocumentKind;
  originalName: string;
  sizeBytes: number;
  pageCount: number | null;
  createdAt: string;
  url: string;
}

export const listDocuments = (examId: string) => get<{ documents: ExamDocument[] }>(examUrl(examId, "/documents")).then((r) => r.documents);
export const deleteDocument = (examId: string, docId: string) => request<void>("DELETE", examUrl(examId, `/documents/${encodeURIComponent(docId)}`));
export function uploadDocument(
  examId: string,
  kind: DocumentKind,
  file: File,
  onProgress?: (loaded: number, total: number) => void,
): Upload<{ document: ExamDocument }> {
  const form = new FormData();
  form.append("kind", kind);
  form.append("file", file, file.name);
  return sendForm(examUrl(examId, "/documents"), form, onProgress);
}

// ── roster (global: the school's students) ──
export type RosterField = "ine" | "lastName" | "firstName" | "fullName" | "className" | "email" | "birthDate" | "ignored";

export interface RosterProblem {
  severity: "error" | "warning";
  code: string;
  /** 1-based line of the file (1 = header); null for the whole file */
  line: number | null;
  column: number | null;
  columnName: string | null;
  message: string;
}

export interface RosterSummary {
  rows: number;
  valid: number;
  create: number;
  update: number;
  unchanged: number;
  accountsToCreate: number;
  accountsToLink: number;
  errors: number;
  warnings: number;
}

export interface RosterRow {
  line: number;
  ine: string | null;
  lastName: string;
  firstName: string;
  className: string | null;
  email: string | null;
  birthDate: string | null;
  valid: boolean;
  action: "create" | "update" | "unchanged";
  changes: string[];
  account: "create" | "link" | "exists" | "none" | "conflict";
}

export interface RosterPreview {
  format: string | null;
  encoding: string;
  delimiter: string;
  columns: Array<{ name: string; field: RosterField | null }>;
  summary: RosterSummary;
  problems: RosterProblem[];
  rows: RosterRow[];
}

export interface Credential {
  className: string | null;
  lastName: string;
  firstName: string;
  login: string;
  password: string;
}

export interface RosterImportResult {
  summary: RosterSummary;
  problems: RosterProblem[];
  credentials: {
    count: number;
    accounts: Credential[];
    csv: { fileName: string; contentType: string; content: string };
    pdf: { fileName: string; contentType: string; base64: string };
  };
}

export const previewRoster = (file: File) => sendCsv<{ preview: RosterPreview }>("/api/roster/preview", file).then((r) => r.preview);
export const importRoster = (file: File) => sendCsv<{ import: RosterImportResult }>("/api/roster/import", file).then((r) => r.import);

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
export interface Student {
  id: string;
  ine: string | null;
  lastName: string;
  firstName: string;
  className: string | null;
  email: string | null;
  birthDate: string | null;
}

export interface IdentCopy {
  id: string;
  seq: number;
  anonymousCode: string;
  state: CopyState;
  batchId: string | null;
  /** the variant (sujet A/B) the copy sits, null = none */
  variant: string | null;
  pageCount: number;
  assignments: number;
  firstPage: { id: string; widthPt: number; heightPt: number; rotation: number; half: string } | null;
  pdfUrl: string;
  student: Student | null;
}

export interface IdentProgress {
  total: number;
  identified: number;
  remaining: number;
  absent: number;
}

export interface IdentView {
  copies: IdentCopy[];
  absences: Array<{ student: Student; markedAt: string }>;
  progress: IdentProgress;
}

export interface SearchHit {
  student: Student;
  score: number;
  linkedCopy: { id: string; anonymousCode: string } | null;
  absent: boolean;
}

export const identView = (examId: string) => get<IdentView>(examUrl(examId, "/copies"));
export const searchRoster = (examId: string, q: string, limit = 8) =>
  get<{ results: SearchHit[] }>(examUrl(examId, `/roster/search?q=${encodeURIComponent(q)}&limit=${limit}`)).then((r) => r.results);
export const setCopyVariant = (copyId: string, variant: string | null) =>
  request<{ copyId: string; variant: string | null }>("PUT", `/api/copies/${encodeURIComponent(copyId)}/variant`, { variant });
export const linkStudent = (copyId: string, studentId: string) =>
  request<{ copyId: string; student: Student; progress: IdentProgress }>("PUT", `/api/copies/${encodeURIComponent(copyId)}/student`, { studentId });
export const unlinkStudent = (copyId: string) =>
  request<{ copyId: string; progress: IdentProgress }>("DELETE", `/api/copies/${encodeURIComponent(copyId)}/student`);
export const setAbsent = (examId: string, studentId: string, absent: boolean) =>
  request<{ progress: IdentProgress }>(absent ? "PUT" : "DELETE", examUrl(examId, `/absences/${encodeURIComponent(studentId)}`));

// ── dispatch ──
export interface GraderLoad {
  id: string;
  displayName: string;
  copies: number;
  wholeCopies: number;
  questionCopies: number;
  done: number;
}

export interface DispatchSummary {
  totalCopies: number;
  ready: number;
  unassigned: number;
  graders: GraderLoad[];
}

export type DispatchInput =
  | { mode: "copies"; graderIds: string[]; redispatch: boolean; includeStarted: boolean }
  | { mode: "questions"; groups: Array<{ graderIds: string[]; exerciseIds: string[] }>; redispatch: boolean; includeStarted: boolean };

export const getDispatch = (examId: string) => get<{ dispatch: DispatchSummary }>(examUrl(examId, "/dispatch")).then((r) => r.dispatch);
export const dispatchCopies = (examId: string, input: DispatchInput) =>
  post<{ assigned: number; assignments: number; takenBack: number; summary: DispatchSummary }>(examUrl(examId, "/dispatch"), input);

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
