// A supervisor's decision on one question of a double-marked copy: pick a layer's mark, or set a
// mark with a comment. Optimistic concurrency: the decision names the version it was made on; of
// two supervisors deciding at once, the second finds the row moved and gets RECONCILIATION_STALE
// with what the first decided. Audited and announced in the same transaction.
import type { AuditContext } from "../audit/audit-service.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { auditOn, notifyOn } from "./moderation-audit.ts";
import { RECONCILIATION_EVENT } from "./reconcile-events.ts";
import type { ReconciliationRow } from "./reconcile-refresh.ts";
import type { DecideInput } from "../../collab/contract/api/moderation.ts";

export async function decideQuestion(
  q: Queryable,
  actorId: string,
  ctx: AuditContext,
  copyId: string,
  questionId: string,
  input: DecideInput,
): Promise<{ examId: string }> {
  // lock order: SecondMarking, then the reconciliation row (as refreshReconciliations)
  const { rows: sm } = await q.query<{ status: string; examId: string; variant: string | null; anonymousCode: string }>(
    `SELECT sm.status::text AS status, c."examId", c.variant, c."anonymousCode"
       FROM "SecondMarking" sm JOIN "Copy" c ON c.id = sm."copyId" WHERE sm."copyId" = $1::uuid AND sm.status <> 'CANCELLED' FOR UPDATE OF sm`,
    [copyId],
  );
  const copy = sm[0];
  if (!copy) throw notFound("Reconciliation");
  if (copy.status !== "DONE") throw new AppError("RECONCILIATION_CLOSED", "The second marking of this copy is not finished");
  const { rows } = await q.query<ReconciliationRow & { decidedBy: string | null }>(
    `SELECT r."copyId", r."questionId", r.source, r.mark, r.comment, r.auto, r."firstMark", r."secondMark", r.version, u."displayName" AS "decidedBy"
       FROM "QuestionReconciliation" r LEFT JOIN "User" u ON u.id = r."decidedById"
      WHERE r."copyId" = $1::uuid AND r."questionId" = $2 FOR UPDATE OF r`,
    [copyId, questionId],
  );
  const row = rows[0];
  if (!row) throw notFound("Question");
  if (row.version !== input.expectedVersion) {
    throw new AppError("RECONCILIATION_STALE", "Someone else decided this question meanwhile", {
      current: { version: row.version, source: row.source, mark: row.mark, comment: row.comment, decidedBy: row.auto ? null : row.decidedBy },
    });
  }
  let source: string;
  let mark: number;
  if ("source" in input) {
    const picked = input.source === "FIRST" ? row.firstMark : row.secondMark;
    if (picked === null) throw new AppError("UNPROCESSABLE", "That marking left this question unmarked");
    source = input.source;
    mark = picked;
  } else {
    const spec = (await loadCopyScaleSpec(q, copy.examId, copy.variant)).questions.find((s) => s.id === questionId);
    const upper = (spec?.maxPoints ?? 0) + (spec?.rubric?.bonusMax ?? 0);
    if (input.mark > upper + 1e-9) throw new AppError("UNPROCESSABLE", `A mark on this question is at most ${upper}`, { max: upper });
    source = "MANUAL";
    mark = input.mark;
  }
  const comment = input.comment?.trim() || null;
  await q.query(
    `UPDATE "QuestionReconciliation" SET source = $3, mark = $4, comment = $5, auto = false, "decidedById" = $6::uuid, "decidedAt" = now(), version = version + 1
      WHERE "copyId" = $1::uuid AND "questionId" = $2`,
    [copyId, questionId, source, mark, comment, actorId],
  );
  await auditOn(q, ctx, "reconciliation.decided", "copy", copyId, {
    examId: copy.examId,
    anonymousCode: copy.anonymousCode,
    questionId,
    source,
    mark,
    comment,
    firstMark: row.firstMark,
    secondMark: row.secondMark,
    previous: { source: row.source, mark: row.mark },
    version: row.version + 1,
  });
  await notifyOn(q, { type: RECONCILIATION_EVENT, examId: copy.examId, copyIds: [copyId] });
  return { examId: copy.examId };
}
