// The grading endpoints the desk and the grader's home use (shapes from the contract).
import { deskApi } from "../../../collab/contract/api/desk.ts";
import type { DeskView } from "../../../collab/contract/api/desk.ts";
import { dispatchApi } from "../../../collab/contract/api/dispatch.ts";
import type { GraderCopy } from "../../../collab/contract/api/dispatch.ts";
import { moderationApi } from "../../../collab/contract/api/moderation.ts";
import { renderApi } from "../../../collab/contract/api/render.ts";
import { call } from "./call.ts";

export type { CopyState } from "../../../collab/contract/common.ts";
export type { BankEntry, DeskQuestion, DeskView } from "../../../collab/contract/api/desk.ts";
export type { RenderStatus } from "../../../collab/contract/api/render.ts";
export type { GraderCopy, GraderExam } from "../../../collab/contract/api/dispatch.ts";

export const graderExams = () => call(dispatchApi.graderExams).then((r) => r.exams);
export const graderCopies = (examId: string) => call(dispatchApi.graderCopies, { query: { examId } }).then((r) => r.copies);
export const deskView = (copyId: string) => call(deskApi.deskView, { params: { id: copyId } });
export const finalizeCopy = (copyId: string) => call(renderApi.finalizeCopy, { params: { id: copyId } });
/** The blind second marking's desk (moderation, #16): the scan and the scale, nothing of the first marking. */
export const layerDeskView = (copyId: string): Promise<DeskView> => call(moderationApi.layerDesk, { params: { id: copyId, layer: "second" } });
export const finalizeLayer = (copyId: string) => call(moderationApi.finalizeLayer, { params: { id: copyId, layer: "second" } });
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
