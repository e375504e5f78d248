// Writes a new rubric version and everything that goes with it, in the caller's transaction: the
// version row (immutable), the exam's pointer, the leaves' new max points, a render job for each
// GRADED copy whose mark changed (it stays GRADED; the worker draws the new score sheet, release
// waits for it), the reconciliation of double-marked copies, the exam's live event, and the audit entry.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, Prisma } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { refreshExamReconciliations } from "../moderation/reconcile-refresh.ts";
import { RENDER_MAX_ATTEMPTS, renderCopyJob, renderJobKey } from "../render/render-copy-job.ts";
import type { RubricContent } from "./rubric-content.ts";
import type { RubricPreview } from "./rubric-preview.ts";

type Tx = Pick<Db, "$executeRaw" | "$executeRawUnsafe" | "$queryRawUnsafe" | "rubricVersion" | "exam" | "scaleNode" | "auditEvent">;

export interface RubricChangedEvent {
  type: "rubric.changed";
  examId: string;
  version: number;
}

export interface CommitInput {
  examId: string;
  actorId: string;
  number: number;
  parentNumber: number | null;
  content: RubricContent;
  note: string | null;
  preview: RubricPreview;
  audit: { ctx: AuditContext; action: "rubric.applied" | "rubric.undone"; details: Record<string, unknown> };
}

/**
 * Enqueues a render of each GRADED copy among `copyIds` whose marks changed: the copy stays GRADED
 * and the worker writes a new PDF when its score sheet differs (the contract of
 * render/refresh-renders.ts, which does the same one job at a time; one statement here for 1,500).
 */
async function rerender(tx: Tx, copyIds: string[]): Promise<number> {
  if (copyIds.length === 0) return 0;
  const rows = await tx.$queryRawUnsafe<Array<{ id: string; docHash: string }>>(
    `SELECT id::text AS id, "docHash" FROM "Copy" WHERE id = ANY($1::uuid[]) AND state = 'GRADED' AND "docHash" IS NOT NULL ORDER BY id`,
    copyIds,
  );
  if (rows.length === 0) return 0;
  await tx.$executeRawUnsafe(
    `SELECT graphile_worker.add_job($1::text, json_build_object('copyId', t.id, 'docHash', t.h), max_attempts => $2::int, job_key => t.k)
       FROM unnest($3::text[], $4::text[], $5::text[]) AS t(id, h, k)`,
    renderCopyJob.name,
    RENDER_MAX_ATTEMPTS,
    rows.map((r) => r.id),
    rows.map((r) => r.docHash),
    rows.map((r) => renderJobKey(r.id, r.docHash)),
  );
  return rows.length;
}

export async function commitRubricVersion(tx: Tx, c: CommitInput): Promise<{ rerendered: number }> {
  await tx.rubricVersion.create({
    data: {
      examId: c.examId,
      number: c.number,
      parentNumber: c.parentNumber,
      content: c.content as unknown as Prisma.InputJsonValue,
      note: c.note,
      createdById: c.actorId,
    },
  });
  await tx.exam.update({ where: { id: c.examId }, data: { rubricVersion: c.number } });
  for (const m of c.preview.maxChanges) await tx.scaleNode.update({ where: { id: m.questionId }, data: { maxPoints: m.to } });
  // the two markings of double-marked copies are re-scored too: their agreement is decided again
  await refreshExamReconciliations(prismaQueryable(tx), c.examId);
  const rerendered = await rerender(
    tx,
    c.preview.copies.filter((p) => p.state === "GRADED").map((p) => p.copyId),
  );
  const event: RubricChangedEvent = { type: "rubric.changed", examId: c.examId, version: c.number };
  await publishEvent(tx, event);
  await recordAudit(tx, c.audit.ctx, {
    action: c.audit.action,
    targetType: "exam",
    targetId: c.examId,
    details: {
      ...c.audit.details,
      version: c.number,
      parentNumber: c.parentNumber,
      changed: c.preview.changed,
      crossing: c.preview.crossing,
      released: c.preview.released,
      rerendered,
      maxChanges: c.preview.maxChanges,
    },
  });
  return { rerendered };
}
