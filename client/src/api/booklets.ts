// QR-coded booklets: print a run, its PDF, and what the scans brought back (server/booklets).
import type { z } from "zod";
import { bookletsApi as api, type BookletSummary, type PrintedRun, type PrintRequest } from "../../../collab/contract/api/booklets.ts";
import { call } from "./call.ts";

export type { BookletSummary, PrintedRun };
export type PrintBookletsRequest = z.input<typeof PrintRequest>;

export const printBooklets = (examId: string, body: PrintBookletsRequest) => call(api.printBooklets, { params: { id: examId }, body });
export const getBookletSummary = (examId: string) => call(api.bookletSummary, { params: { id: examId } });

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
