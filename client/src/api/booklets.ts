// QR-coded booklets: print a run, its PDF, and what the scans brought back (server/booklets).
import { get, post } from "./http.ts";

export interface PrintBookletsRequest {
  mode: "anonymous" | "named";
  count?: number;
  classNames?: string[];
  studentIds?: string[];
  extraSheets?: number;
  template: "subject" | "blank";
  pageCount?: number;
}

export interface PrintedRun {
  run: number;
  booklets: number;
  extraSheets: number;
  pageCount: number;
  skipped: number;
  pdfUrl: string;
}

export interface BookletSummary {
  runs: Array<{ run: number; booklets: number; extraSheets: number; named: boolean; pageCount: number; createdAt: string; pdfUrl: string }>;
  booklets: number;
  scanned: number;
  complete: number;
  incomplete: Array<{ copyId: string; anonymousCode: string; missing: number[] }>;
  loosePages: Array<{ reason: string; pages: number }>;
}

export const printBooklets = (examId: string, body: PrintBookletsRequest) => post<PrintedRun>(`/api/exams/${examId}/booklets`, body);
export const getBookletSummary = (examId: string) => get<BookletSummary>(`/api/exams/${examId}/booklets`);

/** Why the split set a page aside: the code stored before ": detail". */
export const LOOSE_REASONS = [
  "UNREADABLE",
  "BLANK",
  "SEVERAL_CODES",
  "UNKNOWN_CODE",
  "OTHER_EXAM",
  "BAD_CHECK",
  "DUPLICATE",
  "COPY_CLOSED",
  "EXTRA_SHEET",
  "READ_FAILED",
] as const;
export function splitLooseReason(stored: string | null): { code: string; detail: string } | null {
  if (!stored) return null;
  const i = stored.indexOf(":");
  return i < 0 ? { code: stored, detail: "" } : { code: stored.slice(0, i), detail: stored.slice(i + 1).trim() };
}
