// Writes a new rubric version and everything that goes with it, in the caller's transaction: the
// version row (immutable), the exam's pointer, the leaves' new max points, the GRADED copies whose
// mark changed back to FINALIZING with their render job enqueued (the worker draws the new score
// sheet), the copies' and the exam's live events, and the audit entry.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, Prisma } from "../db/client.ts";
import { EVENTS_CHANNEL, publishEvent } from "../db/events.ts";
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

/** Moves the GRADED copies among `copyIds` to FINALIZING and enqueues their render; returns how many. */
async function rerender(tx: Tx, examId: string, copyIds: string[]): Promise<number> {
  if (copyIds.length === 0) return 0;
  const moved = await tx.$queryRawUnsafe<Array<{ id: string; docHash: string }>>(
    `UPDATE "Copy" SET state = 'FINALIZING', "renderError" = NULL, "renderAttempts" = 0, "updatedAt" = now()
      WHERE id = ANY($1::uuid[]) AND state = 'GRADED' AND "docHash" IS NOT NULL
      RETURNING id::text AS id, "docHash"`,
    copyIds,
  );
  if (moved.length === 0) return 0;
  const ids = moved.map((m) => m.id);
  const hashes = moved.map((m) => m.docHash);
  await tx.$executeRawUnsafe(
    `SELECT graphile_worker.add_job($1::text, json_build_object('copyId', t.id, 'docHash', t.h), max_attempts => $2::int, job_key => t.k)
       FROM unnest($3::text[], $4::text[], $5::text[]) AS t(id, h, k)`,
    renderCopyJob.name,
    RENDER_MAX_ATTEMPTS,
    ids,
    hashes,
    moved.map((m) => renderJobKey(m.id, m.docHash)),
  );
  await tx.$executeRawUnsafe(
    `SELECT pg_notify($1, json_build_object('type', 'copy:state', 'examId', $2::text, 'copyId', t.id, 'state', 'FINALIZING')::text) FROM unnest($3::text[]) AS t(id)`,
    EVENTS_CHANNEL,
    examId,
    ids,
  );
  return moved.length;
}

export async function commitRubricVersion(tx: Tx, c: CommitInput): Promise<{ rerendered: number }> {
  await tx.rubricVersion.create({ data: { examId: c.examId, number: c.number, parentNumber: c.parentNumber, content: c.content as unknown as Prisma.InputJsonValue, note: c.note, createdById: c.actorId } });
  await tx.exam.update({ where: { id: c.examId }, data: { rubricVersion: c.number } });
  for (const m of c.preview.maxChanges) await tx.scaleNode.update({ where: { id: m.questionId }, data: { maxPoints: m.to } });
  const rerendered = await rerender(tx, c.examId, c.preview.copies.filter((p) => p.state === "GRADED").map((p) => p.copyId));
  const event: RubricChangedEvent = { type: "rubric.changed", examId: c.examId, version: c.number };
  await publishEvent(tx, event);
  await recordAudit(tx, c.audit.ctx, {
    action: c.audit.action,
    targetType: "exam",
    targetId: c.examId,
    details: { ...c.audit.details, version: c.number, parentNumber: c.parentNumber, changed: c.preview.changed, crossing: c.preview.crossing, released: c.preview.released, rerendered, maxChanges: c.preview.maxChanges },
  });
  return { rerendered };
}
