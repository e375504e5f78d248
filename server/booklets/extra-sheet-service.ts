// Extra answer sheets ("feuilles supplémentaires"): the split sets each aside (EXTRA_SHEET, its
// code kept in Page.extraBookletId) because the sheet names its copy in handwriting only. The
// office attaches it to that copy: it goes after the copy's last page (after the sheets attached
// before it), carries no printed page number (so it never makes a booklet complete or incomplete),
// is audited, and can be detached back to the stapler. Only copies still in the stapler (STAGING)
// take a sheet; its page images are made like those of any page the stapler moves.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { enqueuePageImages } from "../imaging/page-images-job.ts";
import { lockPages, pageIdsOf, placePages, type Tx } from "../intake/stapler-locks.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { suggestCopies, type CopySuggestion } from "./copy-suggestions.ts";

/** The reason a detached sheet shows again in the stapler. */
const EXTRA_SHEET = "EXTRA_SHEET";

/** The copy, locked; one of another exam answers like a missing one. A closed copy is refused. */
async function lockOpenCopy(tx: Tx, examId: string, copyId: string): Promise<{ id: string; anonymousCode: string }> {
  const rows = await tx.$queryRaw<Array<{ id: string; examId: string; state: string; anonymousCode: string }>>`
    SELECT id, "examId", state::text AS state, "anonymousCode" FROM "Copy" WHERE id = ${copyId}::uuid FOR UPDATE`;
  const copy = rows[0];
  if (!copy || copy.examId !== examId) throw notFound("Copy");
  if (copy.state !== "STAGING")
    throw new AppError("COPY_CLOSED", "This copy has already been validated: an extra sheet can only join a copy still in the stapler", {
      copyId,
      state: copy.state,
    });
  return copy;
}

async function extraSheet(tx: Tx, examId: string, pageId: string) {
  await lockPages(tx, examId, [pageId]); // NOT_FOUND for a page of another exam
  const page = await tx.page.findUniqueOrThrow({ where: { id: pageId }, select: { id: true, copyId: true, extraBookletId: true } });
  if (!page.extraBookletId) throw new AppError("NOT_AN_EXTRA_SHEET", "This page is not an extra answer sheet");
  return page;
}

export class ExtraSheetService {
  constructor(private readonly db: Db) {}

  async suggestions(actor: Actor, examId: string, query: string): Promise<CopySuggestion[]> {
    authorize(actor, "stapler.edit");
    await findExam(this.db, examId);
    return suggestCopies(this.db, examId, query);
  }

  async attach(actor: Actor, examId: string, input: { pageId: string; copyId: string }, audit: AuditContext): Promise<{ copyId: string; position: number }> {
    authorize(actor, "stapler.edit");
    return this.db.$transaction(async (tx) => {
      await findEditableExam(tx, examId);
      const page = await extraSheet(tx, examId, input.pageId);
      if (page.copyId) throw new AppError("INVALID_STATE", "This extra sheet is already attached to a copy: detach it first");
      const copy = await lockOpenCopy(tx, examId, input.copyId);
      const pages = await pageIdsOf(tx, copy.id);
      await placePages(tx, copy.id, [...pages, page.id]);
      await enqueuePageImages(tx, examId); // the sheet is now a page of the copy: its images follow
      await recordAudit(tx, audit, {
        action: "stapler.extra_sheet_attached",
        targetType: "copy",
        targetId: copy.id,
        details: { examId, pageId: page.id, extraBookletId: page.extraBookletId, anonymousCode: copy.anonymousCode, position: pages.length },
      });
      return { copyId: copy.id, position: pages.length };
    });
  }

  async detach(actor: Actor, examId: string, input: { pageId: string }, audit: AuditContext): Promise<{ copyId: string }> {
    authorize(actor, "stapler.edit");
    return this.db.$transaction(async (tx) => {
      await findEditableExam(tx, examId);
      const page = await extraSheet(tx, examId, input.pageId);
      if (!page.copyId) throw new AppError("INVALID_STATE", "This extra sheet is not attached to a copy");
      const copy = await lockOpenCopy(tx, examId, page.copyId);
      await placePages(
        tx,
        copy.id,
        (await pageIdsOf(tx, copy.id)).filter((id) => id !== page.id),
      );
      await tx.page.update({ where: { id: page.id }, data: { copyId: null, position: 0, looseReason: EXTRA_SHEET } });
      await recordAudit(tx, audit, {
        action: "stapler.extra_sheet_detached",
        targetType: "copy",
        targetId: copy.id,
        details: { examId, pageId: page.id, extraBookletId: page.extraBookletId, anonymousCode: copy.anonymousCode },
      });
      return { copyId: copy.id };
    });
  }
}
