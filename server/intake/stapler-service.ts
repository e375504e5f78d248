// The stapler: fix how scanned pages are grouped into copies before validation — move a page,
// merge two copies, split one, reorder, rotate, gather pages into a new copy, drop an empty copy.
// Every operation locks the copies it touches and only works on STAGING copies.
import crypto from "node:crypto";
import type { StaplerView } from "../../collab/contract/api/intake.ts";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { batchVariant } from "./batch-options.ts";
import { allocateCopyCodes } from "./copy-seq.ts";
import { pageListHash } from "./page-list-hash.ts";
import { loosePageHash } from "./loose-page-pdf.ts";
import { toPageView } from "./page-view.ts";
import { lockPages, lockStagingCopies, pageIdsOf, placePages, type Tx } from "./stapler-locks.ts";
import { enqueuePageImages } from "../imaging/page-images-job.ts";

export type { StaplerView };

export class StaplerService {
  constructor(private readonly db: Db) {}

  async view(actor: Actor, examId: string): Promise<StaplerView> {
    authorize(actor, "batch.read");
    await findExam(this.db, examId);
    const copies = await this.db.copy.findMany({
      where: { examId, state: "STAGING" },
      orderBy: { seq: "asc" },
      include: { pages: { orderBy: [{ position: "asc" }, { id: "asc" }] } },
    });
    const loose = await this.db.page.findMany({ where: { copyId: null, batch: { examId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return {
      copies: copies.map((c) => ({
        id: c.id,
        anonymousCode: c.anonymousCode,
        batchId: c.batchId,
        studentId: c.studentId,
        variant: c.variant,
        pages: c.pages.map(toPageView),
        pagesHash: pageListHash(c.pages),
      })),
      loosePages: loose.map((p) => ({ ...toPageView(p), pdfHash: loosePageHash(p) })),
    };
  }

  async movePage(actor: Actor, examId: string, input: { pageId: string; toCopyId: string | null; position?: number | undefined }, audit: AuditContext) {
    return this.op(actor, examId, audit, "stapler.page_moved", input, async (tx) => {
      const page = (await lockPages(tx, examId, [input.pageId])).get(input.pageId)!;
      await lockStagingCopies(
        tx,
        examId,
        [page.copyId, input.toCopyId].filter((x): x is string => !!x),
      );
      if (page.copyId)
        await placePages(
          tx,
          page.copyId,
          (await pageIdsOf(tx, page.copyId)).filter((id) => id !== page.id),
        );
      if (!input.toCopyId) return placePages(tx, null, [page.id]);
      const target = (await pageIdsOf(tx, input.toCopyId)).filter((id) => id !== page.id);
      target.splice(Math.min(input.position ?? target.length, target.length), 0, page.id);
      await placePages(tx, input.toCopyId, target);
    });
  }

  async merge(actor: Actor, examId: string, input: { targetCopyId: string; sourceCopyId: string }, audit: AuditContext) {
    if (input.targetCopyId === input.sourceCopyId) throw new AppError("VALIDATION_FAILED", "A copy cannot be merged into itself");
    return this.op(actor, examId, audit, "stapler.copies_merged", input, async (tx) => {
      const copies = await lockStagingCopies(tx, examId, [input.targetCopyId, input.sourceCopyId]);
      const target = copies.get(input.targetCopyId)!;
      const source = copies.get(input.sourceCopyId)!;
      if (target.studentId && source.studentId && target.studentId !== source.studentId)
        throw new AppError("INVALID_STATE", "Both copies are linked to different students: unlink one first");
      await placePages(tx, target.id, [...(await pageIdsOf(tx, target.id)), ...(await pageIdsOf(tx, source.id))]);
      await tx.copy.delete({ where: { id: source.id } });
      if (!target.studentId && source.studentId) await tx.copy.update({ where: { id: target.id }, data: { studentId: source.studentId } });
    });
  }

  async split(actor: Actor, examId: string, input: { copyId: string; atPageId: string }, audit: AuditContext) {
    return this.op(actor, examId, audit, "stapler.copy_split", input, async (tx) => {
      const copy = (await lockStagingCopies(tx, examId, [input.copyId])).get(input.copyId)!;
      const ids = await pageIdsOf(tx, copy.id);
      const at = ids.indexOf(input.atPageId);
      if (at <= 0)
        throw new AppError("VALIDATION_FAILED", at === 0 ? "Splitting at the first page would leave an empty copy" : "This page is not in this copy");
      const created = await this.newStagingCopy(tx, examId, copy.batchId, copy.variant);
      await placePages(tx, copy.id, ids.slice(0, at));
      await placePages(tx, created, ids.slice(at));
      return { newCopyId: created };
    });
  }

  async reorder(actor: Actor, examId: string, input: { copyId: string; pageIds: string[] }, audit: AuditContext) {
    return this.op(actor, examId, audit, "stapler.pages_reordered", { copyId: input.copyId }, async (tx) => {
      await lockStagingCopies(tx, examId, [input.copyId]);
      const current = await pageIdsOf(tx, input.copyId);
      const same =
        current.length === input.pageIds.length && new Set(input.pageIds).size === current.length && input.pageIds.every((id) => current.includes(id));
      if (!same) throw new AppError("VALIDATION_FAILED", "pageIds must list every page of the copy exactly once");
      await placePages(tx, input.copyId, input.pageIds);
    });
  }

  async rotate(actor: Actor, examId: string, input: { pageId: string; rotation: 0 | 90 | 180 | 270 }, audit: AuditContext) {
    return this.op(actor, examId, audit, "stapler.page_rotated", input, async (tx) => {
      const page = (await lockPages(tx, examId, [input.pageId])).get(input.pageId)!;
      if (page.copyId) await lockStagingCopies(tx, examId, [page.copyId]);
      const swap = (input.rotation - page.rotation) % 180 !== 0;
      await tx.page.update({
        where: { id: page.id },
        data: { rotation: input.rotation, imageError: null, ...(swap ? { widthPt: page.heightPt, heightPt: page.widthPt } : {}) },
      });
      await tx.pageImage.deleteMany({ where: { pageId: page.id } }); // a turned page shows nothing stale meanwhile
    });
  }

  /** Gathers pages (set aside or taken from other copies) into a new copy, in the given order. */
  async newCopy(actor: Actor, examId: string, input: { pageIds: string[] }, audit: AuditContext) {
    return this.op(actor, examId, audit, "stapler.copy_created", input, async (tx) => {
      const pages = await lockPages(tx, examId, input.pageIds);
      const sources = [...new Set([...pages.values()].map((p) => p.copyId).filter((x): x is string => !!x))];
      const locked = await lockStagingCopies(tx, examId, sources);
      const batch = await tx.page.findFirst({ where: { id: input.pageIds[0] }, select: { batchId: true, batch: { select: { options: true } } } });
      // the variant of the copies the pages come from when they agree, else the batch's default
      const variants = new Set([...locked.values()].map((c) => c.variant));
      const variant = variants.size === 1 ? [...variants][0]! : variants.size === 0 ? batchVariant(batch?.batch?.options) : null;
      const created = await this.newStagingCopy(tx, examId, batch?.batchId ?? null, variant);
      const moving = new Set(input.pageIds);
      for (const s of sources)
        await placePages(
          tx,
          s,
          (await pageIdsOf(tx, s)).filter((id) => !moving.has(id)),
        );
      await placePages(tx, created, input.pageIds);
      return { newCopyId: created };
    });
  }

  async deleteCopy(actor: Actor, examId: string, input: { copyId: string }, audit: AuditContext) {
    return this.op(actor, examId, audit, "stapler.copy_deleted", input, async (tx) => {
      const copy = (await lockStagingCopies(tx, examId, [input.copyId])).get(input.copyId)!;
      if ((await tx.page.count({ where: { copyId: copy.id } })) > 0)
        throw new AppError("INVALID_STATE", "Only an empty copy can be deleted: move its pages first");
      if (copy.studentId) throw new AppError("INVALID_STATE", "This copy is linked to a student: unlink it first");
      await tx.copy.delete({ where: { id: copy.id } });
    });
  }

  private async newStagingCopy(tx: Tx, examId: string, batchId: string | null, variant: string | null): Promise<string> {
    const [code] = await allocateCopyCodes(tx, examId, 1);
    const id = crypto.randomUUID();
    await tx.copy.create({ data: { id, examId, batchId, state: "STAGING", variant, ...code! } });
    return id;
  }

  private async op<T>(
    actor: Actor,
    examId: string,
    audit: AuditContext,
    action: string,
    details: object,
    body: (tx: Tx) => Promise<T>,
  ): Promise<T | undefined> {
    authorize(actor, "stapler.edit");
    return this.db.$transaction(async (tx) => {
      await findEditableExam(tx, examId);
      const out = await body(tx);
      await enqueuePageImages(tx, examId); // pages moved or turned: their images are redone
      await recordAudit(tx, audit, { action, targetType: "exam", targetId: examId, details: { ...details, ...(out && typeof out === "object" ? out : {}) } });
      return out ?? undefined;
    });
  }
}
