// Reopen a finalized copy (supervisor, audited): back to READY with its document intact. The
// pending render job is withdrawn and the copy's rendered PDFs are forgotten (their files stay in
// the content-addressed store), so the next finalize renders afresh even if nothing changed.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { CopyState, Db, Prisma } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { loadVisibleCopy } from "./copy-target.ts";
import { publishCopyState } from "./copy-events.ts";
import { renderJobKey } from "./render-copy-job.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { afterSecondMarkingChange } from "../moderation/second-marking-hooks.ts";

const REOPENABLE: readonly CopyState[] = ["GRADED", "RENDER_FAILED"];

export async function reopenCopy(db: Db, actor: Actor | null, copyId: string, audit: AuditContext): Promise<{ copyId: string; state: CopyState }> {
  const copy = await loadVisibleCopy(db, actor, copyId);
  authorize(actor, "copy.reopen");
  return db.$transaction((tx) => reopenInTransaction(tx, { copyId, examId: copy.examId }, audit));
}

/**
 * The reopen itself, in the caller's transaction (the caller decided who may: a supervisor's
 * reopen, an accepted regrade request). `details` are added to the audit event.
 */
export async function reopenInTransaction(
  tx: Prisma.TransactionClient,
  copy: { copyId: string; examId: string },
  audit: AuditContext,
  details: Record<string, unknown> = {},
): Promise<{ copyId: string; state: CopyState }> {
  const { copyId } = copy;
  const [row] = await tx.$queryRaw<Array<{ state: CopyState; docHash: string | null }>>`
    SELECT state::text AS state, "docHash" FROM "Copy" WHERE id = ${copyId}::uuid FOR UPDATE`;
  if (!row) throw new AppError("NOT_FOUND", "Copy not found");
  if (row.state === "READY") return { copyId, state: row.state };
  if (!REOPENABLE.includes(row.state)) {
    throw new AppError(
      "INVALID_STATE",
      row.state === "FINALIZING" ? "The copy is being rendered; reopen it once it is graded or failed" : `A copy in state ${row.state} cannot be reopened`,
      { state: row.state },
    );
  }
  if (row.docHash) await tx.$executeRaw`SELECT graphile_worker.remove_job(${renderJobKey(copyId, row.docHash)})`;
  const artifacts = await tx.renderedArtifact.findMany({ where: { copyId }, select: { sha256: true, docHash: true } });
  await tx.renderedArtifact.deleteMany({ where: { copyId } });
  await tx.copy.update({
    where: { id: copyId },
    data: { state: "READY", docHash: null, finalizedAt: null, finalizedById: null, renderError: null, renderAttempts: 0 },
  });
  await publishCopyState(tx, { examId: copy.examId, copyId, state: "READY" });
  // a copy under second marking stays under it (the second marker works blind, on their own layer);
  // the first layer may change again, so the reconciliation is refreshed (docs/moderation.md)
  const marking = await tx.secondMarking.findUnique({ where: { copyId }, select: { status: true } });
  if (marking && marking.status !== "CANCELLED") await afterSecondMarkingChange(prismaQueryable(tx), [copyId]);
  await recordAudit(tx, audit, {
    action: "copy.reopened",
    targetType: "Copy",
    targetId: copyId,
    details: { previousState: row.state, docHash: row.docHash, artifacts, ...details },
  });
  return { copyId, state: "READY" as const };
}
