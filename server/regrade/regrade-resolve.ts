// In the release transaction: an accepted request is settled once its copy, regraded and finalized,
// is released again. It becomes RESOLVED with the released version the student now sees (a new
// one when the marks or the annotations changed; the same one when the regrade changed nothing).
// The student is told, the dashboards and graders see it live, and each resolution is audited.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Prisma } from "../db/client.ts";
import { enqueueRegradeAnswered } from "../notices/regrade-notices.ts";
import { publishRegradeChanged } from "./regrade-events.ts";

interface Settled {
  id: string;
  copyId: string;
  questionId: string;
  fromVersion: number;
  version: number;
  userId: string | null;
  examTitle: string;
}

export async function resolveRegradeRequests(
  tx: Prisma.TransactionClient,
  examId: string,
  selection: readonly string[] | null,
  audit: AuditContext,
): Promise<number> {
  // the copy is released and shows its current document: its latest version was made from it
  const rows = await tx.$queryRaw<Settled[]>`
    UPDATE "RegradeRequest" r SET status = 'RESOLVED', "resolvedVersion" = v.number
      FROM "Copy" c
      JOIN "Exam" e ON e.id = c."examId"
      LEFT JOIN "Student" s ON s.id = c."studentId"
      JOIN LATERAL (SELECT number, "docHash" FROM "ReleasedVersion" WHERE "copyId" = c.id ORDER BY number DESC LIMIT 1) v ON true
     WHERE r."copyId" = c.id AND r.status = 'ACCEPTED' AND c."examId" = ${examId}::uuid
       AND c.state = 'GRADED' AND c."releasedAt" IS NOT NULL AND v."docHash" = c."docHash"
       AND (${selection === null} OR c.id = ANY(${[...(selection ?? [])]}::uuid[]))
    RETURNING r.id, r."copyId", r."questionId", r."fromVersion", v.number AS version, s."userId", e.title AS "examTitle"`;
  for (const r of rows) {
    const marksChanged = r.version !== r.fromVersion;
    await recordAudit(tx, audit, {
      action: "regrade.resolved",
      targetType: "RegradeRequest",
      targetId: r.id,
      details: { copyId: r.copyId, examId, questionId: r.questionId, fromVersion: r.fromVersion, resolvedVersion: r.version },
    });
    if (r.userId)
      await enqueueRegradeAnswered(tx, {
        userId: r.userId,
        requestId: r.id,
        copyId: r.copyId,
        examId,
        examTitle: r.examTitle,
        marksChanged,
        answerKey: "resolved",
      });
    const graders = await tx.assignment.findMany({ where: { copyId: r.copyId }, select: { graderId: true, questionIds: true } });
    const graderIds = graders.filter((a) => a.questionIds.length === 0 || a.questionIds.includes(r.questionId)).map((a) => a.graderId);
    await publishRegradeChanged(tx, { examId, copyId: r.copyId, requestId: r.id, questionId: r.questionId, status: "RESOLVED", graderIds });
  }
  return rows.length;
}
