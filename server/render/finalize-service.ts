// Finalize a copy: every question scored within bounds, then — in ONE transaction, with the copy
// row locked — freeze the document (its content hash), READY → FINALIZING, release the copy's lock,
// enqueue the render job keyed by copy + hash and tell the exam room. Called by the HTTP route and
// by the socket layer's `copy:finalize` event.
import { computeMarks, contentFingerprint, readCopyDoc } from "../../collab/index.ts";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { CopyState, Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, can } from "../policy/policy.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { checkScores, loadCopyScale } from "./copy-scale.ts";
import { loadVisibleCopy, type CopyTarget } from "./copy-target.ts";
import { afterSecondMarkingChange } from "../moderation/second-marking-hooks.ts";
import { publishCopyState } from "./copy-events.ts";
import { finalizeRefusal } from "./finalize-refused.ts";
import { loadCopyDoc } from "./load-copy-doc.ts";
import { renderCopyJob, renderJobKey } from "./render-copy-job.ts";

export interface FinalizeResult {
  copyId: string;
  state: CopyState;
  docHash: string | null;
  /** true when the copy was already finalized (a repeated request): nothing was done */
  alreadyFinalized: boolean;
}

const FROZEN: readonly CopyState[] = ["FINALIZING", "GRADED", "RENDER_FAILED"];

function mayFinalize(actor: Actor, copy: CopyTarget): void {
  // nobody finalizes under another user who is still working on the copy: a supervisor takes over first
  if (copy.lockHolder && copy.lockHolder.id !== actor.id) throw new AppError("LOCKED", "Another user holds this copy's lock", { holder: copy.lockHolder });
  if (!can(actor, "copy.finalize", copy)) throw new AppError("FORBIDDEN", "Only the grader holding the copy's lock, or a supervisor, can finalize it");
}

export async function finalizeCopy(db: Db, actor: Actor | null, copyId: string, audit: AuditContext): Promise<FinalizeResult> {
  authorize(actor, "render.staffArea"); // students and anonymous callers never open the transaction
  return db.$transaction(async (tx) => {
    // the row lock serializes concurrent finalizes (and waits for any doc update being inserted: its
    // FK check locks the row); the copy is read again under it, so its state and lock are one snapshot
    const [row] = await tx.$queryRaw<Array<{ variant: string | null }>>`SELECT variant FROM "Copy" WHERE id = ${copyId}::uuid FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", "Copy not found");
    const copy = await loadVisibleCopy(tx, actor, copyId);
    if (FROZEN.includes(copy.state)) return { copyId, state: copy.state, docHash: copy.docHash, alreadyFinalized: true };
    if (copy.state !== "READY") throw new AppError("INVALID_STATE", `A copy in state ${copy.state} cannot be finalized`, { state: copy.state });
    mayFinalize(actor!, copy);

    const doc = await loadCopyDoc(tx, copyId);
    const content = readCopyDoc(doc);
    doc.destroy();
    const scale = await loadCopyScale(tx, copy.examId, row.variant);
    if (scale.questions.length === 0) throw new AppError("INVALID_STATE", "The exam has no grading scale: nothing to finalize against");
    const spec = await loadCopyScaleSpec(prismaQueryable(tx), copy.examId, row.variant);
    const refusal = finalizeRefusal(checkScores(scale, computeMarks(spec, content)));
    if (refusal) throw refusal;

    const docHash = contentFingerprint(content);
    await tx.copy.update({
      where: { id: copyId },
      data: { state: "FINALIZING", docHash, finalizedAt: new Date(), finalizedById: actor!.id, renderError: null, renderAttempts: 0 },
    });
    await tx.copyLock.deleteMany({ where: { copyId } });
    await enqueueJob(tx, renderCopyJob, { copyId, docHash }, { jobKey: renderJobKey(copyId, docHash) });
    await publishCopyState(tx, { examId: copy.examId, copyId, state: "FINALIZING" });
    // a double-marked copy's first marking just settled (again): its reconciliation follows
    const marking = await tx.secondMarking.findUnique({ where: { copyId }, select: { status: true } });
    if (marking && marking.status !== "CANCELLED") await afterSecondMarkingChange(prismaQueryable(tx), [copyId]);
    await recordAudit(tx, audit, { action: "copy.finalized", targetType: "Copy", targetId: copyId, details: { docHash } });
    return { copyId, state: "FINALIZING" as const, docHash, alreadyFinalized: false };
  });
}
