// Validation: the STAGING copies of a batch (or of the whole exam) become READY for
// identification and dispatch. Refused while a batch is still being split, or when a copy has no
// pages (delete it or move pages into it first).
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { findEditableExam } from "../exams/exam-lookup.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";

export async function validateCopies(db: Db, actor: Actor, examId: string, batchId: string | undefined, audit: AuditContext): Promise<{ validated: number }> {
  authorize(actor, "copies.validate");
  return db.$transaction(async (tx) => {
    await findEditableExam(tx, examId);
    const batches = await tx.scanBatch.findMany({
      where: { examId, ...(batchId ? { id: batchId } : {}) },
      select: { id: true, status: true, originalName: true },
    });
    if (batchId && batches.length === 0) throw notFound("Batch");
    const busy = batches.filter((b) => b.status === "UPLOADED" || b.status === "PROCESSING");
    if (busy.length)
      throw new AppError("INVALID_STATE", `Still being processed: ${busy.map((b) => b.originalName).join(", ")}`, { batchIds: busy.map((b) => b.id) });
    const where = { examId, state: "STAGING" as const, ...(batchId ? { batchId } : {}) };
    const copies = await tx.$queryRaw<Array<{ id: string; anonymousCode: string; pages: number }>>`
      SELECT c.id, c."anonymousCode", (SELECT count(*)::int FROM "Page" p WHERE p."copyId" = c.id) AS pages
        FROM "Copy" c WHERE c."examId" = ${examId}::uuid AND c.state = 'STAGING' AND (${batchId ?? null}::uuid IS NULL OR c."batchId" = ${batchId ?? null}::uuid)
       FOR UPDATE OF c`;
    const empty = copies.filter((c) => c.pages === 0);
    if (empty.length)
      throw new AppError("INVALID_STATE", `These copies have no pages: ${empty.map((c) => c.anonymousCode).join(", ")} — delete them or move pages into them`, {
        copyIds: empty.map((c) => c.id),
      });
    const r = await tx.copy.updateMany({ where: { ...where, id: { in: copies.map((c) => c.id) } }, data: { state: "READY" } });
    // the exam is under way once copies can be graded: DRAFT (being set up) → ACTIVE ("En cours")
    const activated = r.count > 0 ? await tx.exam.updateMany({ where: { id: examId, status: "DRAFT" }, data: { status: "ACTIVE" } }) : { count: 0 };
    await recordAudit(tx, audit, {
      action: "copies.validated",
      targetType: "exam",
      targetId: examId,
      details: { batchId: batchId ?? null, copies: r.count, ...(activated.count ? { examActivated: true } : {}) },
    });
    return { validated: r.count };
  });
}
