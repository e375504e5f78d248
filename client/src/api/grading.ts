import type { PageImages } from "../desk/page-images.ts";
// The grading endpoints the desk and the grader's home use (shapes as the client sees them).
import { moderationApi } from "../../../collab/contract/api/moderation.ts";
import { dispatchApi } from "../../../collab/contract/api/dispatch.ts";
import type { GraderCopy } from "../../../collab/contract/api/dispatch.ts";
import { call } from "./call.ts";
import { del, get, post } from "./http.ts";

export type CopyState = "STAGING" | "READY" | "FINALIZING" | "GRADED" | "RENDER_FAILED";

export type { GraderCopy, GraderExam } from "../../../collab/contract/api/dispatch.ts";

export interface DeskQuestion {
  id: string;
  label: string;
  /** "Exercice 2 › 2.a" */
  path: string;
  maxPoints: number;
}

export interface DeskView {
  copy: {
    id: string;
    anonymousCode: string;
    state: CopyState;
    pageCount: number;
    /** `images`: the page's images (redacted twins for graders); pdf.js draws a page whose image failed */
    pages: { position: number; widthPt: number; heightPt: number; images?: PageImages }[];
    pdfUrl: string;
  };
  exam: { id: string; title: string; subject: string | null };
  scale: { questions: DeskQuestion[]; max: number };
  /** the grader's question range; null = the whole copy */
  scope: string[] | null;
  canWrite: boolean;
  /** set on a moderation layer's desk: the blind second marking */
  layer?: "second";
}

export interface BankEntry {
  id: string;
  text: string;
  scope: "personal" | "exam";
  examId: string | null;
  mine: boolean;
}

export interface RenderStatus {
  copyId: string;
  state: CopyState;
  renderError: string | null;
  artifact: { downloadUrl: string } | null;
}

export const graderExams = () => call(dispatchApi.graderExams).then((r) => r.exams);
export const graderCopies = (examId: string) => call(dispatchApi.graderCopies, { query: { examId } }).then((r) => r.copies);
export const deskView = (copyId: string) => get<DeskView>(`/api/copies/${copyId}/desk`);
export const finalizeCopy = (copyId: string) => post<{ state: CopyState }>(`/api/copies/${copyId}/finalize`);
/** The blind second marking's desk (moderation, #16): the scan and the scale, nothing of the first marking. */
export const layerDeskView = (copyId: string): Promise<DeskView> => call(moderationApi.layerDesk, { params: { id: copyId, layer: "second" } });
export const finalizeLayer = (copyId: string) => call(moderationApi.finalizeLayer, { params: { id: copyId, layer: "second" } });
export const renderStatus = (copyId: string) => get<RenderStatus>(`/api/copies/${copyId}/render`);

export const listBank = (examId: string) => get<{ entries: BankEntry[] }>(`/api/bank?examId=${encodeURIComponent(examId)}`).then((r) => r.entries);
export const addBankEntry = (text: string, examId?: string) =>
  post<{ entry: BankEntry }>("/api/bank", examId ? { text, examId } : { text }).then((r) => r.entry);
export const deleteBankEntry = (id: string) => del<void>(`/api/bank/${id}`);

/**
 * The first copy still to grade after `currentId` (wrapping around), skipping copies others hold
 * and copies whose question range I have finished (my part is done: a colleague finalizes them).
 */
export function nextCopyToGrade(copies: GraderCopy[], currentId: string | null): GraderCopy | null {
  const open = (c: GraderCopy) => c.state === "READY" && !c.myPartDone && c.id !== currentId && (!c.lock || c.lock.mine);
  const at = currentId ? copies.findIndex((c) => c.id === currentId) : -1;
  const ordered = at < 0 ? copies : [...copies.slice(at + 1), ...copies.slice(0, at)];
  return ordered.find(open) ?? null;
}
