// Retry the render of a copy whose render failed (supervisor, audited): RENDER_FAILED → FINALIZING
// with the same frozen document, and — in the same transaction — the render job enqueued again
// under the same key (copy + docHash). A pending or permanently failed job with that key is
// replaced with fresh attempts, so a retry never yields two renders; the error is cleared.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { CopyState, Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { enqueueJob } from "../jobs/enqueue.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { loadVisibleCopy } from "./copy-target.ts";
import { publishCopyState } from "./copy-events.ts";
import { renderCopyJob, renderJobKey } from "./render-copy-job.ts";

export interface RetryRenderResult {
  copyId: string;
  state: CopyState;
  docHash: string;
}

export async function retryRender(db: Db, actor: Actor | null, copyId: string, audit: AuditContext): Promise<RetryRenderResult> {
  const copy = await loadVisibleCopy(db, actor, copyId);
  authorize(actor, "copy.retryRender");
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ state: CopyState; docHash: string | null; renderError: string | null; renderAttempts: number }>>`
      SELECT state::text AS state, "docHash", "renderError", "renderAttempts" FROM "Copy" WHERE id = ${copyId}::uuid FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", "Copy not found");
    if (row.state !== "RENDER_FAILED" || !row.docHash) {
      throw new AppError("INVALID_STATE", `Only a copy whose render failed can be rendered again (state ${row.state})`, { state: row.state });
    }
    const docHash = row.docHash;
    await tx.copy.update({ where: { id: copyId }, data: { state: "FINALIZING", renderError: null, renderAttempts: 0 } });
    await enqueueJob(tx, renderCopyJob, { copyId, docHash }, { jobKey: renderJobKey(copyId, docHash) });
    await publishCopyState(tx, { examId: copy.examId, copyId, state: "FINALIZING" });
    await recordAudit(tx, audit, {
      action: "copy.render.retried",
      targetType: "Copy",
      targetId: copyId,
      details: { docHash, previousError: row.renderError, previousAttempts: row.renderAttempts },
    });
    return { copyId, state: "FINALIZING" as const, docHash };
  });
}
