// The grading endpoints the desk and the grader's home use (shapes from the contract).
import type { CopyState } from "../../../collab/contract/common.ts";
import { deskApi } from "../../../collab/contract/api/desk.ts";
import type { DeskView } from "../../../collab/contract/api/desk.ts";
import { renderApi } from "../../../collab/contract/api/render.ts";
import { call } from "./call.ts";
import { get, post } from "./http.ts";

export type { CopyState } from "../../../collab/contract/common.ts";
export type { BankEntry, DeskQuestion, DeskView } from "../../../collab/contract/api/desk.ts";
export type { RenderStatus } from "../../../collab/contract/api/render.ts";

export interface GraderExam {
  exam: { id: string; title: string; subject: string | null; examDate: string | null };
  progress: { done: number; total: number };
}

export interface GraderCopy {
  id: string;
  anonymousCode: string;
  state: CopyState;
  pageCount: number;
  scope: "copy" | "questions";
  questionIds: string[];
  /** question range only: every question of my range is scored, the copy waits for a colleague (or a supervisor) to finalize it */
  myPartDone?: boolean;
  /** where the copy stands for me: done = finalized */
  myStatus?: "todo" | "partDone" | "done";
  lock: { holderName: string; mine: boolean; expiresAt: string } | null;
  /** my range's mark so far: points of the scored questions over the range's maximum; null: nothing scored */
  mark?: { points: number; max: number; scored: number; questions: number } | null;
}

export const graderExams = () => get<{ exams: GraderExam[] }>("/api/grader/exams").then((r) => r.exams);
export const graderCopies = (examId: string) => get<{ copies: GraderCopy[] }>(`/api/grader/copies?examId=${encodeURIComponent(examId)}`).then((r) => r.copies);
export const deskView = (copyId: string) => call(deskApi.deskView, { params: { id: copyId } });
export const finalizeCopy = (copyId: string) => call(renderApi.finalizeCopy, { params: { id: copyId } });
/** The blind second marking's desk (moderation, #16): the scan and the scale, nothing of the first marking. */
export const layerDeskView = (copyId: string) => get<DeskView>(`/api/copies/${copyId}/layers/second`);
export const finalizeLayer = (copyId: string) => post<{ status: "DONE"; alreadyFinalized: boolean }>(`/api/copies/${copyId}/layers/second/finalize`);
export const renderStatus = (copyId: string) => call(renderApi.renderStatus, { params: { id: copyId } });

export const listBank = (examId: string) => call(deskApi.listBank, { query: { examId } }).then((r) => r.entries);
export const addBankEntry = (text: string, examId?: string) => call(deskApi.addBankEntry, { body: examId ? { text, examId } : { text } }).then((r) => r.entry);
export const deleteBankEntry = (id: string) => call(deskApi.deleteBankEntry, { params: { id } });

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
